import CADGeometry
import CADTestSupport
import Foundation
import Testing

@Suite("Preview: the rendered PNG has the asked size and the part's proportions")
struct PreviewRendererTests {
    /// Renders `mesh`, writes and decodes the PNG, and returns the silhouette's width / height.
    func silhouette(_ mesh: IndexedMesh, up: UpAxis, view: PreviewView, width: Int = 400, height: Int = 300) throws -> Double {
        let directory = try scratchDirectory()
        let path = directory.appendingPathComponent("p.png").path
        try PNGWriter.write(PreviewRenderer(width: width, height: height).render(mesh, up: up, view: view), to: path)
        let png = try DecodedPNG([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(png.width == width && png.height == height)
        let bounds = try #require(png.foregroundBounds())
        // Fitted to the frame: the part spans (nearly) the whole width or height.
        #expect(bounds.x1 - bounds.x0 + 1 >= width * 85 / 100 || bounds.y1 - bounds.y0 + 1 >= height * 85 / 100)
        return Double(bounds.x1 - bounds.x0 + 1) / Double(bounds.y1 - bounds.y0 + 1)
    }

    static func mesh(_ triangles: [PartFixtures.Triangle]) throws -> IndexedMesh {
        try STLReader.read(data: [UInt8](PartFixtures.binarySTL(triangles)))
    }

    @Test("a 40x20x10 box (Z up): front is 4:1, top is 2:1, left is 2:1")
    func zUpProportions() throws {
        let box = try Self.mesh(PartFixtures.box(.zero, SIMD3(40, 20, 10)))
        #expect(abs(try silhouette(box, up: .z, view: .front) - 4) < 0.12)
        #expect(abs(try silhouette(box, up: .z, view: .top) - 2) < 0.06)
        #expect(abs(try silhouette(box, up: .z, view: .left) - 2) < 0.06)
        #expect(try silhouette(box, up: .z, view: .iso) > 1)
    }

    @Test("glTF (Y up): front looks along -Z, so x by y shows; top shows x by z")
    func yUpProportions() throws {
        let box = try Self.mesh(PartFixtures.box(.zero, SIMD3(40, 10, 20)))
        #expect(abs(try silhouette(box, up: .y, view: .front) - 4) < 0.12)
        #expect(abs(try silhouette(box, up: .y, view: .top) - 2) < 0.06)
    }

    @Test("the front view of a box with a through-hole along Y shows the hole as background")
    func holeShowsThrough() throws {
        // The hole runs along Z in the fixture; turn it to run along Y: (x, y, z) -> (x, z, y) flips the
        // winding, so swap two corners too.
        let triangles = PartFixtures.boxWithHole(40, 20, 10, hole: 6).map { t in
            (SIMD3(t.0.x, t.0.z, t.0.y), SIMD3(t.2.x, t.2.z, t.2.y), SIMD3(t.1.x, t.1.z, t.1.y))
        }
        let image = PreviewRenderer(width: 200, height: 200, supersampling: 1).render(try Self.mesh(triangles), up: .z, view: .front)
        let center = (100 * 200 + 100) * 3
        #expect(Array(image.pixels[center..<(center + 3)]) == [246, 247, 249])
        let solid = (100 * 200 + 30) * 3
        #expect(Array(image.pixels[solid..<(solid + 3)]) != [246, 247, 249])
    }
}
