import CADGeometry
import CADTestSupport
import Foundation
import Testing
import ZIPFoundation

@Suite("Readers: glTF, 3MF, and refusals of corrupt or mislabelled files")
struct FormatReaderTests {
    /// A 0.04 x 0.02 x 0.01 m box.
    static let metreBox = PartFixtures.box(.zero, SIMD3(0.04, 0.02, 0.01))

    @Test("GLB: a scaled parent and a rotated child node; metres become mm")
    func glbNodeTransforms() throws {
        let directory = try scratchDirectory()
        // Parent scales by 2; child turns 90° about Y: (x, y, z) -> (z, y, -x).
        let half = 0.5.squareRoot()
        let nodes = #"[{"scale":[2,2,2],"children":[1]},{"rotation":[0,\#(half),0,\#(half)],"mesh":0}]"#
        let path = try write(PartFixtures.glb(Self.metreBox, nodes: nodes), "part.glb", in: directory)
        let report = try PartReader.inspect(path: path)
        #expect(report.format == .glb)
        #expect(report.units == "m")
        expectMeasures(report, size: SIMD3(20, 40, 80), volume: 64_000, area: 11_200)
        #expect(abs(report.min.z + 80) < 0.05 && abs(report.max.x - 20) < 0.05)
        #expect(report.closed)
        #expect(report.triangles == 12)
    }

    @Test("GLB: a node matrix (column-major) translates the part")
    func glbMatrix() throws {
        let directory = try scratchDirectory()
        let nodes = #"[{"matrix":[1,0,0,0, 0,1,0,0, 0,0,1,0, 0.1,0.2,0.3,1],"mesh":0}]"#
        let report = try PartReader.inspect(path: try write(PartFixtures.glb(Self.metreBox, nodes: nodes), "m.glb", in: directory))
        #expect(abs(report.min.x - 100) < 0.05 && abs(report.min.y - 200) < 0.05 && abs(report.min.z - 300) < 0.05)
        expectMeasures(report, size: SIMD3(40, 20, 10), volume: 8000, area: 2800)
    }

    /// Positions with a 4-byte pad after each (byteStride 16) behind a 8-byte offset, and u32 indices.
    static func indexedBuffer() -> (bytes: Data, positionsLength: Int, indicesLength: Int, vertexCount: Int, indexCount: Int) {
        var corners: [SIMD3<Double>] = []
        var indices: [UInt32] = []
        for triangle in metreBox {
            for corner in [triangle.0, triangle.1, triangle.2] {
                if let found = corners.firstIndex(of: corner) { indices.append(UInt32(found)) } else {
                    indices.append(UInt32(corners.count))
                    corners.append(corner)
                }
            }
        }
        var data = Data(repeating: 0xEE, count: 8)
        for corner in corners {
            for value in [corner.x, corner.y, corner.z] { PartFixtures.append(Float(value).bitPattern, to: &data) }
            PartFixtures.append(UInt32(0xFFFF_FFFF), to: &data)
        }
        let positionsLength = data.count - 8
        for index in indices { PartFixtures.append(index, to: &data) }
        return (data, positionsLength, indices.count * 4, corners.count, indices.count)
    }

    static func gltfJSON(uri: String, buffer: (bytes: Data, positionsLength: Int, indicesLength: Int, vertexCount: Int, indexCount: Int)) -> String {
        """
        {"asset":{"version":"2.0"},"nodes":[{"mesh":0,"translation":[0,0,0.5]}],
         "meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1,"mode":4}]}],
         "accessors":[{"bufferView":0,"componentType":5126,"count":\(buffer.vertexCount),"type":"VEC3"},
                      {"bufferView":1,"componentType":5125,"count":\(buffer.indexCount),"type":"SCALAR"}],
         "bufferViews":[{"buffer":0,"byteOffset":8,"byteLength":\(buffer.positionsLength),"byteStride":16},
                        {"buffer":0,"byteOffset":\(8 + buffer.positionsLength),"byteLength":\(buffer.indicesLength)}],
         "buffers":[{"byteLength":\(buffer.bytes.count),"uri":"\(uri)"}]}
        """
    }

    @Test(".gltf with an embedded data URI and with an adjacent .bin: indexed, strided, offset")
    func gltfBuffers() throws {
        let directory = try scratchDirectory()
        let buffer = Self.indexedBuffer()
        let embedded = Self.gltfJSON(uri: "data:application/octet-stream;base64," + buffer.bytes.base64EncodedString(), buffer: buffer)
        let adjacent = Self.gltfJSON(uri: "part%20data.bin", buffer: buffer)
        _ = try write(buffer.bytes, "part data.bin", in: directory)
        for (name, json) in [("embedded.gltf", embedded), ("adjacent.gltf", adjacent)] {
            let report = try PartReader.inspect(path: try write(Data(json.utf8), name, in: directory))
            #expect(report.format == .gltf)
            expectMeasures(report, size: SIMD3(40, 20, 10), volume: 8000, area: 2800)
            #expect(abs(report.min.z - 500) < 0.05)
            #expect(report.closed && report.bodies == 1 && report.triangles == 12)
        }
    }

    @Test(".gltf whose buffer points outside its directory is refused")
    func gltfRefusesEscapingURI() throws {
        let directory = try scratchDirectory()
        let json = Self.gltfJSON(uri: "../secret.bin", buffer: Self.indexedBuffer())
        #expect(throws: GeometryError.self) { try PartReader.inspect(path: try write(Data(json.utf8), "x.gltf", in: directory)) }
    }

    static func threeMF(model: String, in directory: URL, name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        let rels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>"#
        for (path, text) in [("_rels/.rels", rels), ("3D/3dmodel.model", model)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return url.path
    }

    static func modelXML(unit: String, triangles: [PartFixtures.Triangle], itemTransform: String) -> String {
        var vertices: [SIMD3<Double>] = []
        var faces: [Int] = []
        for triangle in triangles {
            for corner in [triangle.0, triangle.1, triangle.2] {
                if let found = vertices.firstIndex(of: corner) { faces.append(found) } else { faces.append(vertices.count); vertices.append(corner) }
            }
        }
        let vertexXML = vertices.map { #"<vertex x="\#($0.x)" y="\#($0.y)" z="\#($0.z)"/>"# }.joined(separator: "\n")
        let triangleXML = stride(from: 0, to: faces.count, by: 3).map { #"<triangle v1="\#(faces[$0])" v2="\#(faces[$0 + 1])" v3="\#(faces[$0 + 2])"/>"# }
            .joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- written by the test -->
            <model unit="\(unit)" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
              <resources>
                <object id="1" type="model"><mesh><vertices>
            \(vertexXML)
                </vertices><triangles>
            \(triangleXML)
                </triangles></mesh></object>
                <object id="2" type="model"><components><component objectid="1" transform="1 0 0 0 1 0 0 0 1 10 0 0"/></components></object>
              </resources>
              <build><item objectid="2" transform="\(itemTransform)"/></build>
            </model>
            """
    }

    @Test("3MF in inches with a component and a build transform (90° about Z, translated): mm out")
    func threeMFInches() throws {
        let directory = try scratchDirectory()
        // 1 x 2 x 0.5 inch box; the component moves it +10 inch in x; the item turns it 90° about Z
        // ((x, y) -> (-y, x)) and moves it by (1, 1, 1) inch.
        let model = Self.modelXML(unit: "inch", triangles: PartFixtures.box(.zero, SIMD3(1, 2, 0.5)), itemTransform: "0 1 0 -1 0 0 0 0 1 1 1 1")
        let report = try PartReader.inspect(path: try Self.threeMF(model: model, in: directory, name: "part.3mf"))
        #expect(report.format == .threeMF)
        #expect(report.units == "inch")
        expectMeasures(report, size: SIMD3(50.8, 25.4, 12.7), volume: 25.4 * 50.8 * 12.7,
                       area: 2 * (25.4 * 50.8 + 25.4 * 12.7 + 50.8 * 12.7))
        // x' = -y + 1 ∈ [-1, 1] inch; y' = x + 10 + 1 ∈ [11, 12] inch.
        #expect(abs(report.min.x + 25.4) < 0.05 && abs(report.min.y - 279.4) < 0.05 && abs(report.min.z - 25.4) < 0.05)
        #expect(report.closed && report.bodies == 1)
    }

    @Test("a 3MF whose deflate stream ends early is refused (ZIPFoundation's own inflate never returns on it)",
          .timeLimit(.minutes(1)))
    func truncatedDeflate() throws {
        let directory = try scratchDirectory()
        let bytes = try #require(Data(base64Encoded: "UEsDBBQAAAgIAKF8hV2yNmQ1CAEAACICAAAQAAAAM0QvM2Rtb2RlbC5tb2RlbHVRUW7DIAz9zymQ/xtCokrTBPRvJ1gPkBLSMAWogETZTj8C1ZJKiyzZRs/v+cnQy6JHNEvnlTUMSFkBkkbYTpk7g+vnx+kNLpxq28kRTUYFBsqIAVCkGc9gCOHxjrEXg9StL7USznrbh1JYjZtOt2bqWxEmF/WwsE7iuiJnXNXAC+qkt5MT0nNqb19SBKS66AHiPukHTqOtoBK8dnJBC4Po7zvlnzXjPUSOocwif1BxoEhWGt72Bqdacx/3LZpJmp5rBnUszZP1H04y3qSNLwPkRaA5EmgyXidbOzM4Hwjns8VmO2VBb5MaO05VkBrlgXxWFFxrfG+dji9UpdjqeUy058nH6dP5L1BLAQIVAxQAAAgIAKF8hV2yNmQ1CAEAACICAAAQAAAAAAAAAAAAAACkgQAAAAAzRC8zZG1vZGVsLm1vZGVsUEsFBgAAAAABAAEAPgAAADYBAAAAAA=="))
        #expect(throws: GeometryError.self) { try PartReader.inspect(path: try write(bytes, "cut.3mf", in: directory)) }
    }

    @Test("corrupt and mislabelled files are refused with a reason, never read as something else")
    func refusals() throws {
        let directory = try scratchDirectory()
        let cases: [(String, Data, String)] = [
            ("step-as.stl", Data("ISO-10303-21;\nHEADER;\n".utf8), "not an STL file: it looks like a STEP file"),
            ("short.stl", Data([1, 2, 3]), "not an STL file"),
            ("truncated.stl", PartFixtures.binarySTL(PartFixtures.box(.zero, SIMD3(1, 1, 1))).dropLast(7), "corrupt binary STL"),
            ("no-end.stl", Data("solid x\n facet normal 0 0 1\n outer loop\n vertex 0 0 0\n".utf8), "corrupt ASCII STL"),
            ("bad.glb", Data("glTF".utf8) + Data([2, 0, 0, 0, 200, 0, 0, 0, 100, 0, 0, 0, 0x4A, 0x53, 0x4F, 0x4E]), "corrupt GLB"),
            ("stl-as.glb", PartFixtures.asciiSTL(PartFixtures.box(.zero, SIMD3(1, 1, 1))), "not a GLB file: it looks like an STL file"),
            ("text.gltf", Data("hello".utf8), "not a glTF file"),
            ("text.3mf", Data("solid".utf8), "not a 3MF file"),
            ("zip.3mf", Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]), "corrupt 3MF file"),
            ("hello.step", Data("hello".utf8), "not a STEP file: no ISO-10303-21 header"),
        ]
        for (name, data, reason) in cases {
            let path = try write(data, name, in: directory)
            do {
                _ = try PartReader.inspect(path: path)
                Issue.record("\(name) was read")
            } catch let error as GeometryError {
                #expect(error.kind == .invalidFile, "\(name): \(error.message)")
                #expect(error.message.contains(reason), "\(name): \(error.message)")
            }
        }
    }
}
