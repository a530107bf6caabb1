import Foundation
import ZIPFoundation

/// Reads 3MF (core specification): the build items' objects (meshes and components) with their
/// transforms, in millimetres after the model's `unit`.
public enum ThreeMFReader {
    /// Millimetres per 3MF unit, and the short name `inspect` reports.
    static let units: [String: (millimetres: Double, name: String)] = [
        "micron": (0.001, "micron"), "millimeter": (1, "mm"), "centimeter": (10, "cm"),
        "inch": (25.4, "inch"), "foot": (304.8, "ft"), "meter": (1000, "m"),
    ]
    /// The largest model part read (a defence against ZIP bombs).
    static let largestModel: UInt64 = 2 << 30

    /// Reads the 3MF file at `path`; returns the mesh in millimetres and the file's unit.
    public static func read(path: String) throws -> (mesh: IndexedMesh, unit: String) {
        let file = try InputFile.bytes(path)
        let head = file.prefix(256)
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            let what = FormatSniffer.describe(head).map { "it looks like \($0)" } ?? "it is not a ZIP archive"
            throw GeometryError.invalid("not a 3MF file: \(what)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw GeometryError.invalid("corrupt 3MF file: its ZIP archive cannot be read (\(error))")
        }
        let modelPath = try modelPartName(archive, file: file)
        guard let entry = archive[modelPath] else {
            throw GeometryError.invalid("corrupt 3MF file: no model part \(modelPath) in the archive")
        }
        return try parseModel(try extract(entry, from: archive, file: file))
    }

    /// The bytes of `entry`, inflated here with zlib rather than by ZIPFoundation: ZIPFoundation 0.9.20's
    /// inflate loop never ends on a truncated deflate stream (past the end it reads empty chunks and waits
    /// for `Z_STREAM_END` forever). ZIPFoundation reads the archive's directory; this finds the entry's local
    /// header, bounds its data by the directory's compressed size, inflates it and checks its CRC-32.
    static func extract(_ entry: Entry, from archive: Archive, file: [UInt8]) throws -> Data {
        guard entry.uncompressedSize <= largestModel, entry.compressedSize <= UInt64(file.count) else {
            throw GeometryError.invalid("refused 3MF file: \(entry.path) would unpack to \(entry.uncompressedSize) bytes")
        }
        let name = Array(entry.path.utf8)
        guard let header = localHeader(named: name, in: file) else {
            throw GeometryError.invalid("corrupt 3MF file: no local header for \(entry.path)")
        }
        func short(_ at: Int) -> Int { Int(file[at]) | Int(file[at + 1]) << 8 }
        let method = short(header + 8)
        let start = header + 30 + short(header + 26) + short(header + 28)
        let length = Int(entry.compressedSize)
        guard start <= file.count, length <= file.count - start else {
            throw GeometryError.invalid("corrupt 3MF file: \(entry.path) runs past the end of the archive")
        }
        let raw = Array(file[start..<(start + length)])
        let data: [UInt8]
        switch method {
        case 0: data = raw
        case 8: data = try Inflater.inflateRaw(raw, limit: Int(largestModel), what: entry.path)
        default: throw GeometryError.invalid("unsupported 3MF file: \(entry.path) is compressed with ZIP method \(method)")
        }
        guard data.count == Int(entry.uncompressedSize), Inflater.crc32(data) == entry.checksum else {
            throw GeometryError.invalid("corrupt 3MF file: \(entry.path) does not match its size or CRC-32")
        }
        return Data(data)
    }

    /// The offset of the local file header of `name`.
    static func localHeader(named name: [UInt8], in file: [UInt8]) -> Int? {
        var at = 0
        while at + 30 + name.count <= file.count {
            if file[at] == 0x50, file[at + 1] == 0x4B, file[at + 2] == 0x03, file[at + 3] == 0x04,
               Int(file[at + 26]) | Int(file[at + 27]) << 8 == name.count,
               file[(at + 30)..<(at + 30 + name.count)].elementsEqual(name) {
                return at
            }
            at += 1
        }
        return nil
    }

    /// The model part named by the package's `_rels/.rels` (type …/3dmodel), else `3D/3dmodel.model`.
    static func modelPartName(_ archive: Archive, file: [UInt8]) throws -> String {
        if let rels = archive["_rels/.rels"] {
            let data = try extract(rels, from: archive, file: file)
            var scanner = XMLTagScanner(String(decoding: data, as: UTF8.self))
            while let tag = try scanner.next() {
                if tag.name == "Relationship", let type = tag.attributes["Type"], type.hasSuffix("/3dmodel"),
                   let target = tag.attributes["Target"] {
                    return target.hasPrefix("/") ? String(target.dropFirst()) : target
                }
            }
        }
        return "3D/3dmodel.model"
    }

    /// One `<object>`: a mesh, or components referring to other objects.
    struct Object {
        var vertices: [Double] = []
        var triangles: [Int] = []
        var components: [(object: String, transform: Matrix4)] = []
    }

    /// Parses a model part and flattens its build into one mesh in millimetres.
    static func parseModel(_ data: Data) throws -> (mesh: IndexedMesh, unit: String) {
        var scanner = XMLTagScanner(String(decoding: data, as: UTF8.self))
        var unit = (millimetres: 1.0, name: "mm")
        var objects: [String: Object] = [:]
        var build: [(object: String, transform: Matrix4)] = []
        var current: (id: String, object: Object)?
        var sawModel = false
        while let tag = try scanner.next() {
            if tag.isEnd {
                if tag.name == "object", let done = current { objects[done.id] = done.object; current = nil }
                continue
            }
            switch tag.name {
            case "model":
                sawModel = true
                if let name = tag.attributes["unit"] {
                    guard let known = units[name] else {
                        throw GeometryError.invalid("corrupt 3MF model: unknown unit \"\(name)\" (micron, millimeter, centimeter, inch, foot or meter)")
                    }
                    unit = known
                }
            case "object":
                guard let id = tag.attributes["id"] else { throw GeometryError.invalid("corrupt 3MF model: an <object> has no id") }
                if tag.isEmpty { objects[id] = Object() } else { current = (id, Object()) }
            case "vertex":
                guard current != nil else { continue }
                for key in ["x", "y", "z"] as [Substring] {
                    guard let text = tag.attributes[key], let value = Double(text), value.isFinite else {
                        throw GeometryError.invalid("corrupt 3MF model: a <vertex> of object \(current?.id ?? "") has no number \(key)")
                    }
                    current?.object.vertices.append(value)
                }
            case "triangle":
                guard current != nil else { continue }
                for key in ["v1", "v2", "v3"] as [Substring] {
                    guard let text = tag.attributes[key], let value = Int(text), value >= 0 else {
                        throw GeometryError.invalid("corrupt 3MF model: a <triangle> of object \(current?.id ?? "") has no vertex number \(key)")
                    }
                    current?.object.triangles.append(value)
                }
            case "component":
                guard current != nil, let id = tag.attributes["objectid"] else { continue }
                current?.object.components.append((id, try transform(tag.attributes["transform"])))
            case "item":
                guard let id = tag.attributes["objectid"] else { throw GeometryError.invalid("corrupt 3MF model: a build <item> has no objectid") }
                build.append((id, try transform(tag.attributes["transform"])))
            default:
                continue
            }
        }
        guard sawModel else { throw GeometryError.invalid("corrupt 3MF file: the model part has no <model> element") }
        var builder = MeshBuilder(expectedTriangles: objects.values.reduce(0) { $0 + $1.triangles.count / 3 })
        let toMillimetres = Matrix4.scale(unit.millimetres, unit.millimetres, unit.millimetres)
        for item in build {
            try emit(item.object, transform: toMillimetres * item.transform, objects: objects, into: &builder, depth: 0)
        }
        if builder.sawNonFinite { throw GeometryError.invalid("corrupt 3MF model: a transformed vertex is not finite") }
        return (builder.finish(), unit.name)
    }

    static func emit(_ id: String, transform: Matrix4, objects: [String: Object], into builder: inout MeshBuilder, depth: Int) throws {
        guard depth < 32 else { throw GeometryError.invalid("corrupt 3MF model: components nest deeper than 32 (a cycle?)") }
        guard let object = objects[id] else { throw GeometryError.invalid("corrupt 3MF model: object \(id) is referenced but not defined") }
        let vertexCount = object.vertices.count / 3
        let points = (0..<vertexCount).map { v in
            transform.apply(SIMD3(object.vertices[v * 3], object.vertices[v * 3 + 1], object.vertices[v * 3 + 2]))
        }
        for t in 0..<(object.triangles.count / 3) {
            let a = object.triangles[t * 3], b = object.triangles[t * 3 + 1], c = object.triangles[t * 3 + 2]
            guard a < vertexCount, b < vertexCount, c < vertexCount else {
                throw GeometryError.invalid("corrupt 3MF model: a triangle of object \(id) names a vertex it does not have")
            }
            builder.triangle(points[a], points[b], points[c])
        }
        for component in object.components {
            try emit(component.object, transform: transform * component.transform, objects: objects, into: &builder, depth: depth + 1)
        }
    }

    /// A 3MF transform: 12 numbers m00 m01 m02 m10 … m32, applied as [x y z 1] · M.
    static func transform(_ text: String?) throws -> Matrix4 {
        guard let text else { return .identity }
        let values = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).compactMap { Double($0) }
        guard values.count == 12, values.allSatisfy(\.isFinite) else {
            throw GeometryError.invalid("corrupt 3MF model: transform \"\(text)\" is not 12 numbers")
        }
        return Matrix4(rows: [
            SIMD4(values[0], values[3], values[6], values[9]),
            SIMD4(values[1], values[4], values[7], values[10]),
            SIMD4(values[2], values[5], values[8], values[11]),
            SIMD4(0, 0, 0, 1),
        ])
    }
}
