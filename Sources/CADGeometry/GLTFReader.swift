import Foundation

/// Reads glTF 2.0 (`.glb`, and `.gltf` with data-URI or adjacent buffers): every triangle primitive of
/// the scene's nodes, with the node hierarchy's transforms (matrix or translation/rotation/scale) applied,
/// converted from metres to millimetres. Coordinates stay in glTF's axes (Y up).
public enum GLTFReader {
    /// Reads the `.glb` or `.gltf` file at `path`.
    public static func read(path: String) throws -> IndexedMesh {
        let bytes = try InputFile.bytes(path)
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        if bytes.starts(with: Array("glTF".utf8)) {
            return try readGLB(bytes)
        }
        if path.lowercased().hasSuffix(".glb") {
            let what = FormatSniffer.describe(bytes.prefix(256)).map { ": it looks like \($0)" } ?? ": no \"glTF\" magic at its start"
            throw GeometryError.invalid("not a GLB file\(what)")
        }
        return try readJSON(bytes, binaryChunk: nil, directory: directory)
    }

    /// Reads a GLB held in memory.
    public static func readGLB(_ bytes: [UInt8]) throws -> IndexedMesh {
        func word(_ offset: Int) -> Int {
            Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
        guard bytes.count >= 20, bytes.starts(with: Array("glTF".utf8)) else {
            throw GeometryError.invalid("corrupt GLB: shorter than its 12-byte header and first chunk header")
        }
        guard word(4) == 2 else { throw GeometryError.invalid("unsupported GLB: container version \(word(4)), only glTF 2.0 is read") }
        let total = Swift.min(word(8), bytes.count)
        var offset = 12
        var json: [UInt8]?
        var binary: [UInt8]?
        while offset + 8 <= total {
            let length = word(offset), type = word(offset + 4)
            guard length <= total - offset - 8 else {
                throw GeometryError.invalid("corrupt GLB: a chunk of \(length) bytes runs past the end of the file")
            }
            let body = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            if type == 0x4E4F_534A, json == nil { json = body }
            else if type == 0x004E_4942, binary == nil { binary = body }
            offset += 8 + length + (4 - length % 4) % 4
        }
        guard let json else { throw GeometryError.invalid("corrupt GLB: no JSON chunk") }
        return try readJSON(json, binaryChunk: binary, directory: nil)
    }

    static func readJSON(_ json: [UInt8], binaryChunk: [UInt8]?, directory: String?) throws -> IndexedMesh {
        let document: GLTFDocument
        do {
            document = try JSONDecoder().decode(GLTFDocument.self, from: Data(json))
        } catch {
            throw GeometryError.invalid("not a glTF file: its JSON does not parse as glTF 2.0 (\(Self.reason(error)))")
        }
        if let version = document.asset?.version, !version.hasPrefix("2") {
            throw GeometryError.invalid("unsupported glTF version \(version): only 2.0 is read")
        }
        let unsupported = (document.extensionsRequired ?? []).filter { $0 != "KHR_materials_unlit" && !$0.hasPrefix("KHR_materials") && $0 != "KHR_texture_transform" }
        if !unsupported.isEmpty {
            throw GeometryError.invalid("unsupported glTF: it requires the extension \(unsupported.joined(separator: ", ")) (decompress it first, e.g. with gltf-transform)")
        }
        var buffers: [[UInt8]] = []
        for (number, buffer) in (document.buffers ?? []).enumerated() {
            buffers.append(try load(buffer, number: number, binaryChunk: binaryChunk, directory: directory))
        }
        var context = GLTFGeometry(document: document, buffers: buffers)
        try context.collect()
        if context.builder.sawNonFinite { throw GeometryError.invalid("corrupt glTF: a vertex position is not a finite number") }
        return context.builder.finish()
    }

    static func load(_ buffer: GLTFDocument.Buffer, number: Int, binaryChunk: [UInt8]?, directory: String?) throws -> [UInt8] {
        guard let uri = buffer.uri else {
            guard let binaryChunk, number == 0 else {
                throw GeometryError.invalid("corrupt glTF: buffer \(number) has no uri and there is no GLB binary chunk")
            }
            guard binaryChunk.count >= buffer.byteLength else {
                throw GeometryError.invalid("corrupt GLB: the binary chunk has \(binaryChunk.count) bytes, buffer 0 declares \(buffer.byteLength)")
            }
            return binaryChunk
        }
        var bytes: [UInt8]
        if uri.hasPrefix("data:") {
            guard let comma = uri.firstIndex(of: ","), uri[..<comma].hasSuffix(";base64"),
                  let data = Data(base64Encoded: String(uri[uri.index(after: comma)...])) else {
                throw GeometryError.invalid("corrupt glTF: buffer \(number)'s data URI is not base64 data")
            }
            bytes = [UInt8](data)
        } else {
            let name = uri.removingPercentEncoding ?? uri
            guard let directory else { throw GeometryError.invalid("corrupt GLB: buffer \(number) refers to an external file") }
            guard !name.hasPrefix("/"), !name.contains("://"), !name.split(separator: "/").contains("..") else {
                throw GeometryError.invalid("refused glTF buffer \(number): \"\(uri)\" points outside the file's directory")
            }
            do {
                bytes = try InputFile.bytes(directory + "/" + name)
            } catch let error as GeometryError {
                throw GeometryError.invalid("glTF buffer \(number) (\(name)) is missing beside the file: \(error.message)")
            }
        }
        guard bytes.count >= buffer.byteLength else {
            throw GeometryError.invalid("corrupt glTF: buffer \(number) has \(bytes.count) bytes, it declares \(buffer.byteLength)")
        }
        return bytes
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                return path.isEmpty ? "invalid JSON" : "bad value at \(path)"
            @unknown default: return "invalid JSON"
            }
        }
        return "invalid JSON"
    }
}

/// Walks a glTF scene and adds its triangles to a mesh builder.
struct GLTFGeometry {
    let document: GLTFDocument
    let buffers: [[UInt8]]
    var builder = MeshBuilder(expectedTriangles: 1024)
    /// Millimetres per glTF unit (metres).
    static let scale = 1000.0

    func fail(_ message: String) -> GeometryError { GeometryError.invalid("corrupt glTF: " + message) }

    mutating func collect() throws {
        let nodes = document.nodes ?? []
        var roots: [Int]
        if let scenes = document.scenes, !scenes.isEmpty {
            let number = document.scene ?? 0
            guard scenes.indices.contains(number) else { throw fail("scene \(number) does not exist") }
            roots = scenes[number].nodes ?? []
        } else {
            var isChild = [Bool](repeating: false, count: nodes.count)
            for node in nodes { for child in node.children ?? [] where nodes.indices.contains(child) { isChild[child] = true } }
            roots = nodes.indices.filter { !isChild[$0] }
        }
        var visited = Set<Int>()
        for root in roots { try visit(root, parent: Matrix4.identity, visited: &visited, depth: 0) }
    }

    mutating func visit(_ number: Int, parent: Matrix4, visited: inout Set<Int>, depth: Int) throws {
        let nodes = document.nodes ?? []
        guard nodes.indices.contains(number) else { throw fail("node \(number) does not exist") }
        guard visited.insert(number).inserted, depth < 256 else { throw fail("node \(number) is reached twice (a cycle)") }
        let node = nodes[number]
        let world = parent * (try localTransform(node, number: number))
        if let mesh = node.mesh {
            guard let meshes = document.meshes, meshes.indices.contains(mesh) else { throw fail("mesh \(mesh) does not exist") }
            for primitive in meshes[mesh].primitives { try add(primitive, transform: world) }
        }
        for child in node.children ?? [] { try visit(child, parent: world, visited: &visited, depth: depth + 1) }
    }

    func localTransform(_ node: GLTFDocument.Node, number: Int) throws -> Matrix4 {
        if let matrix = node.matrix {
            guard matrix.count == 16, matrix.allSatisfy(\.isFinite) else { throw fail("node \(number)'s matrix is not 16 numbers") }
            return Matrix4(columnMajor: matrix)
        }
        let t = node.translation ?? [0, 0, 0], r = node.rotation ?? [0, 0, 0, 1], s = node.scale ?? [1, 1, 1]
        guard t.count == 3, r.count == 4, s.count == 3, (t + r + s).allSatisfy(\.isFinite) else {
            throw fail("node \(number)'s translation, rotation or scale has the wrong number of values")
        }
        return Matrix4.translation(t[0], t[1], t[2]) * Matrix4.rotation(x: r[0], y: r[1], z: r[2], w: r[3])
            * Matrix4.scale(s[0], s[1], s[2])
    }

    mutating func add(_ primitive: GLTFDocument.Primitive, transform: Matrix4) throws {
        let mode = primitive.mode ?? 4
        guard mode == 4 || mode == 5 || mode == 6 else { return }  // points and lines have no surface
        guard let positionAccessor = primitive.attributes["POSITION"] else { return }
        let positions = try floats3(positionAccessor)
        let vertexCount = positions.count / 3
        var order: [UInt32]
        if let indices = primitive.indices {
            order = try indexList(indices)
            guard order.allSatisfy({ Int($0) < vertexCount }) else { throw fail("an index is past the end of its POSITION accessor") }
        } else {
            order = (0..<UInt32(vertexCount)).map { $0 }
        }
        var corners: [SIMD3<Double>] = []
        corners.reserveCapacity(vertexCount)
        for v in 0..<vertexCount {
            let p = SIMD3<Double>(Double(positions[v * 3]), Double(positions[v * 3 + 1]), Double(positions[v * 3 + 2]))
            corners.append(transform.apply(p) * Self.scale)
        }
        func emit(_ a: UInt32, _ b: UInt32, _ c: UInt32) {
            builder.triangle(corners[Int(a)], corners[Int(b)], corners[Int(c)])
        }
        switch mode {
        case 4:
            for t in 0..<(order.count / 3) { emit(order[t * 3], order[t * 3 + 1], order[t * 3 + 2]) }
        case 5:
            if order.count >= 3 {
                for t in 0..<(order.count - 2) {
                    if t % 2 == 0 { emit(order[t], order[t + 1], order[t + 2]) } else { emit(order[t + 1], order[t], order[t + 2]) }
                }
            }
        default:
            if order.count >= 3 { for t in 1..<(order.count - 1) { emit(order[0], order[t], order[t + 1]) } }
        }
    }

    /// The bytes of an accessor's elements: (buffer, first byte, stride) after bounds checks.
    func view(_ number: Int, elementSize: Int) throws -> (bytes: [UInt8], start: Int, stride: Int, count: Int) {
        guard let accessors = document.accessors, accessors.indices.contains(number) else { throw fail("accessor \(number) does not exist") }
        let accessor = accessors[number]
        guard accessor.count >= 0, accessor.count < 1 << 28 else { throw fail("accessor \(number) has a bad count") }
        guard let viewNumber = accessor.bufferView else { throw fail("accessor \(number) has no bufferView (sparse accessors are not read)") }
        guard let views = document.bufferViews, views.indices.contains(viewNumber) else { throw fail("bufferView \(viewNumber) does not exist") }
        let view = views[viewNumber]
        guard buffers.indices.contains(view.buffer) else { throw fail("buffer \(view.buffer) does not exist") }
        let buffer = buffers[view.buffer]
        let viewStart = view.byteOffset ?? 0
        guard viewStart >= 0, view.byteLength >= 0, viewStart <= buffer.count, view.byteLength <= buffer.count - viewStart else {
            throw fail("bufferView \(viewNumber) runs past the end of buffer \(view.buffer)")
        }
        let stride = view.byteStride ?? elementSize
        guard stride >= elementSize, stride <= 252 else { throw fail("bufferView \(viewNumber) has a byteStride of \(stride)") }
        let offset = accessor.byteOffset ?? 0
        guard offset >= 0 else { throw fail("accessor \(number) has a negative byteOffset") }
        if accessor.count > 0 {
            let needed = offset + stride * (accessor.count - 1) + elementSize
            guard needed <= view.byteLength else { throw fail("accessor \(number) runs past the end of bufferView \(viewNumber)") }
        }
        return (buffer, viewStart + offset, stride, accessor.count)
    }

    func floats3(_ number: Int) throws -> [Float] {
        guard let accessor = document.accessors?[safe: number] else { throw fail("accessor \(number) does not exist") }
        guard accessor.type == "VEC3", accessor.componentType == 5126 else {
            throw fail("POSITION accessor \(number) is not VEC3 of floats")
        }
        let (bytes, start, stride, count) = try view(number, elementSize: 12)
        var values = [Float](repeating: 0, count: count * 3)
        bytes.withUnsafeBytes { raw in
            for e in 0..<count {
                for k in 0..<3 {
                    values[e * 3 + k] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + e * stride + k * 4, as: UInt32.self)))
                }
            }
        }
        return values
    }

    func indexList(_ number: Int) throws -> [UInt32] {
        guard let accessor = document.accessors?[safe: number] else { throw fail("accessor \(number) does not exist") }
        guard accessor.type == "SCALAR" else { throw fail("index accessor \(number) is not SCALAR") }
        let size: Int
        switch accessor.componentType {
        case 5121: size = 1
        case 5123: size = 2
        case 5125: size = 4
        default: throw fail("index accessor \(number) has component type \(accessor.componentType)")
        }
        let (bytes, start, stride, count) = try view(number, elementSize: size)
        var values = [UInt32](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for e in 0..<count {
                let at = start + e * stride
                switch size {
                case 1: values[e] = UInt32(raw[at])
                case 2: values[e] = UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
                default: values[e] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                }
            }
        }
        return values
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
