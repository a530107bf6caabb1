import CADGeometry
import CADTestSupport
import Foundation
import PropertyBased
import Testing
import ZIPFoundation

@Suite("Fuzz: the part readers (STL, GLB, glTF, 3MF, STEP header) and the renderer")
struct GeometryReaderFuzzTests {
    /// Valid files of every mesh format: the seeds that mutations start from.
    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let box = PartFixtures.box(.zero, SIMD3(0.04, 0.02, 0.01))
        var seeds: [(String, [UInt8])] = [
            ("seed.stl", [UInt8](PartFixtures.binarySTL(box))),
            ("seed-ascii.stl", [UInt8](PartFixtures.asciiSTL(box))),
            ("seed.glb", [UInt8](PartFixtures.glb(box, nodes: #"[{"scale":[2,2,2],"children":[1]},{"rotation":[0,0.7071,0,0.7071],"mesh":0}]"#))),
        ]
        let positions = PartFixtures.floats(box)
        let gltf = """
            {"asset":{"version":"2.0"},"nodes":[{"mesh":0}],"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
            "accessors":[{"bufferView":0,"componentType":5126,"count":36,"type":"VEC3"}],
            "bufferViews":[{"buffer":0,"byteLength":\(positions.count)}],
            "buffers":[{"byteLength":\(positions.count),"uri":"data:application/octet-stream;base64,\(positions.base64EncodedString())"}]}
            """
        seeds.append(("seed.gltf", Array(gltf.utf8)))
        let model = """
            <?xml version="1.0" encoding="UTF-8"?><model unit="inch" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
            <resources><object id="1"><mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="1" y="0" z="0"/><vertex x="0" y="1" z="0"/>
            <vertex x="0" y="0" z="1"/></vertices><triangles><triangle v1="0" v2="2" v3="1"/><triangle v1="0" v2="1" v3="3"/>
            <triangle v1="1" v2="2" v3="3"/><triangle v1="0" v2="3" v3="2"/></triangles></mesh></object></resources>
            <build><item objectid="1" transform="1 0 0 0 1 0 0 0 1 5 5 5"/></build></model>
            """
        let archive = try Archive(data: Data(), accessMode: .create)
        let data = Data(model.utf8)
        try archive.addEntry(with: "3D/3dmodel.model", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
        seeds.append(("seed.3mf", [UInt8](archive.data ?? Data())))
        return seeds
    }

    /// Reads `bytes` as the file `name`; passes when it is read or refused with a `GeometryError`.
    static func read(_ bytes: [UInt8], as name: String, in directory: URL) {
        let url = directory.appendingPathComponent(name)
        do {
            try Data(bytes).write(to: url)
            let report = try PartReader.inspect(path: url.path)
            #expect(report.bodies >= 0)
            if let mesh = try? PartReader.mesh(path: url.path) {
                _ = PreviewRenderer(width: 32, height: 24, supersampling: 1).render(mesh.mesh, up: mesh.format.upAxis, view: .iso)
            }
        } catch is GeometryError {
        } catch {
            Issue.record("\(name): an error that is not a GeometryError: \(error)")
        }
    }

    @Test("the valid seeds are read")
    func seedsAreRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for seed in try Self.seeds() {
            let url = directory.appendingPathComponent(seed.name)
            try Data(seed.bytes).write(to: url)
            let report = try PartReader.inspect(path: url.path)
            #expect(report.closed, "\(seed.name)")
        }
    }

    @Test("mutated files (bytes flipped, inserted, cut) of every format are read or refused with a typed error")
    func mutatedFiles() async throws {
        let seeds = try Self.seeds()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        await propertyCheck(
            count: fuzzCount, input: Gen.int(in: 0..<seeds.count), Gen.int(in: 0..<1_000_000).array(of: 1...8),
            Gen.uint8().array(of: 0...6), Gen.int(in: 0...2)
        ) { which, positions, insert, kind in
            var bytes = seeds[which].bytes
            for position in positions where !bytes.isEmpty {
                let at = position % bytes.count
                switch kind {
                case 0: bytes[at] = insert.first ?? 0xFF
                case 1: bytes.insert(contentsOf: insert, at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + 5))
                }
            }
            Self.read(bytes, as: seeds[which].name, in: directory)
        }
    }

    @Test("arbitrary bytes under every extension are refused with a typed error, never a crash")
    func arbitraryBytesEverywhere() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = ["a.stl", "a.glb", "a.gltf", "a.3mf", "a.step", "a.part"]
        await propertyCheck(count: fuzzCount, input: Gen.int(in: 0..<names.count), arbitraryBytes) { which, bytes in
            Self.read(bytes, as: names[which], in: directory)
        }
    }
}
