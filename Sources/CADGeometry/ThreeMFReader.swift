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
        let head = try InputFile.head(path, count: 256)
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
        let modelPath = try modelPartName(archive)
        guard let entry = archive[modelPath] else {
            throw GeometryError.invalid("corrupt 3MF file: no model part \(modelPath) in the archive")
        }
        return try parseModel(try extract(entry, from: archive))
    }

    static func extract(_ entry: Entry, from archive: Archive) throws -> Data {
        guard entry.uncompressedSize <= largestModel else {
            throw GeometryError.invalid("refused 3MF file: \(entry.path) would unpack to \(entry.uncompressedSize) bytes")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > Int(largestModel) { throw GeometryError.invalid("refused 3MF file: \(entry.path) unpacks to too many bytes") }
            }
        } catch let error as GeometryError {
            throw error
        } catch {
            throw GeometryError.invalid("corrupt 3MF file: \(entry.path) cannot be unpacked (\(error))")
        }
        return data
    }

    /// The model part named by the package's `_rels/.rels` (type …/3dmodel), else `3D/3dmodel.model`.
    static func modelPartName(_ archive: Archive) throws -> String {
        if let rels = archive["_rels/.rels"] {
            let data = try extract(rels, from: archive)
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
