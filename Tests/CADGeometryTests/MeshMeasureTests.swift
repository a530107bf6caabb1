import CADGeometry
import CADTestSupport
import Foundation
import Testing

@Suite("Mesh measures: box, volume, area, closed, bodies")
struct MeshMeasureTests {
    @Test("a 40x20x10 box in binary and ASCII STL: size, volume, area, 12 triangles, closed, one body")
    func box() throws {
        let directory = try scratchDirectory()
        let triangles = PartFixtures.box(SIMD3(-5, 2, 1), SIMD3(35, 22, 11))
        for (name, data) in [("box.stl", PartFixtures.binarySTL(triangles)), ("box-ascii.stl", PartFixtures.asciiSTL(triangles))] {
            let report = try PartReader.inspect(path: try write(data, name, in: directory))
            expectMeasures(report, size: SIMD3(40, 20, 10), volume: 8000, area: 2800)
            #expect(report.min == SIMD3(-5, 2, 1))
            #expect(report.triangles == 12)
            #expect(report.closed)
            #expect(report.bodies == 1)
            #expect(report.encoding == (name == "box.stl" ? .binary : .ascii))
        }
    }

    @Test("a binary STL whose header starts with \"solid\" is read as binary")
    func binaryWithSolidHeader() throws {
        let directory = try scratchDirectory()
        let data = PartFixtures.binarySTL(PartFixtures.box(.zero, SIMD3(1, 2, 3)), header: "solid exported by some CAD program")
        let report = try PartReader.inspect(path: try write(data, "solid.stl", in: directory))
        #expect(report.encoding == .binary)
        expectMeasures(report, size: SIMD3(1, 2, 3), volume: 6, area: 22)
    }

    @Test("a box with a square through-hole is closed, one body, with the hole's volume and walls")
    func boxWithHole() throws {
        let directory = try scratchDirectory()
        let data = PartFixtures.binarySTL(PartFixtures.boxWithHole(40, 20, 10, hole: 6))
        let report = try PartReader.inspect(path: try write(data, "holed.stl", in: directory))
        expectMeasures(report, size: SIMD3(40, 20, 10), volume: 8000 - 36 * 10, area: 2 * (800 - 36) + 2 * 60 * 10 + 4 * 6 * 10)
        #expect(report.closed)
        #expect(report.bodies == 1)
        #expect(report.triangles == 32)
    }

    @Test("two disjoint boxes are two bodies")
    func twoBodies() throws {
        let directory = try scratchDirectory()
        let triangles = PartFixtures.box(.zero, SIMD3(10, 10, 10)) + PartFixtures.box(SIMD3(20, 0, 0), SIMD3(30, 5, 10))
        let report = try PartReader.inspect(path: try write(PartFixtures.binarySTL(triangles), "two.stl", in: directory))
        #expect(report.bodies == 2)
        #expect(report.closed)
        expectMeasures(report, size: SIMD3(30, 10, 10), volume: 1500, area: 600 + 400)
    }

    @Test("a box without its top is open, with its 4 open edges named")
    func openBox() throws {
        let directory = try scratchDirectory()
        let triangles = PartFixtures.box(.zero, SIMD3(10, 10, 10)).filter { !($0.0.z == 10 && $0.1.z == 10 && $0.2.z == 10) }
        #expect(triangles.count == 10)
        let report = try PartReader.inspect(path: try write(PartFixtures.binarySTL(triangles), "open.stl", in: directory))
        #expect(!report.closed)
        #expect(report.openReason == "4 open edges")
        #expect(report.bodies == 1)
    }

    @Test("one flipped triangle makes the mesh not closed: its edges are not consistently oriented")
    func flippedTriangle() throws {
        let directory = try scratchDirectory()
        var triangles = PartFixtures.box(.zero, SIMD3(10, 10, 10))
        triangles[3] = (triangles[3].0, triangles[3].2, triangles[3].1)
        let report = try PartReader.inspect(path: try write(PartFixtures.binarySTL(triangles), "flipped.stl", in: directory))
        #expect(!report.closed)
        #expect(report.openReason?.contains("not consistently oriented") == true)
    }

    @Test("measures of an in-memory mesh: exact duplicates are welded, -0 equals 0")
    func welding() throws {
        let data = PartFixtures.binarySTL([
            (SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0, 1, 0)),
            (SIMD3(-0.0, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)),
        ])
        let mesh = try STLReader.read(data: [UInt8](data))
        #expect(mesh.vertexCount == 4)
        #expect(MeshMeasures(mesh).bodies == 1)
    }
}
