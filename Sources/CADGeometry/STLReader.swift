#if canImport(Glibc)
import Glibc
#endif

/// Reads STL, binary or ASCII, told apart by content: a binary file is exactly 84 + 50 × its triangle
/// count bytes long (even when its header starts with `solid`); an ASCII file starts with `solid`.
public enum STLReader {
    /// The encoding of an STL file.
    public enum Encoding: String, Sendable {
        /// 80-byte header, a triangle count, 50 bytes per triangle.
        case binary
        /// `solid … facet normal … outer loop vertex … endloop endfacet … endsolid`.
        case ascii
    }

    /// Reads the STL file at `path` (binary ones streamed, never held whole in memory).
    public static func read(path: String) throws -> (mesh: IndexedMesh, encoding: Encoding) {
        let file = try InputFile(path: path)
        defer { file.close() }
        let size = file.size
        var head = [UInt8](repeating: 0, count: 84)
        let headCount = try file.read(into: &head, count: min(84, size))
        if headCount == 84 {
            let count = Int(UInt32(head[80]) | UInt32(head[81]) << 8 | UInt32(head[82]) << 16 | UInt32(head[83]) << 24)
            if 84 + 50 * count == size { return (try readBinary(file, triangles: count), .binary) }
        }
        if startsWithSolid(head.prefix(headCount)) {
            try file.seek(to: 0)
            return (try readASCII(try file.readAll()), .ascii)
        }
        if let other = FormatSniffer.describe(head.prefix(headCount)) {
            throw GeometryError.invalid("not an STL file: it looks like \(other)")
        }
        if size < 84 {
            throw GeometryError.invalid("not an STL file: \(size) bytes is shorter than a binary STL header (84) and it does not start with \"solid\"")
        }
        let count = Int(UInt32(head[80]) | UInt32(head[81]) << 8 | UInt32(head[82]) << 16 | UInt32(head[83]) << 24)
        throw GeometryError.invalid(
            "corrupt binary STL: its header counts \(count) triangles, which take \(84 + 50 * count) bytes, but the file has \(size) bytes")
    }

    /// Reads an STL held in memory.
    public static func read(data: [UInt8]) throws -> IndexedMesh {
        if data.count >= 84 {
            let count = Int(UInt32(data[80]) | UInt32(data[81]) << 8 | UInt32(data[82]) << 16 | UInt32(data[83]) << 24)
            if 84 + 50 * count == data.count {
                var builder = MeshBuilder(expectedTriangles: count)
                data.withUnsafeBytes { raw in addBinary(raw, from: 84, triangles: count, to: &builder) }
                return try finish(builder)
            }
        }
        if startsWithSolid(data.prefix(84)) { return try readASCII(data) }
        throw GeometryError.invalid("not an STL file: neither a binary STL (84 + 50 bytes per triangle) nor text starting with \"solid\"")
    }

    static func startsWithSolid(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return text.starts(with: Array("solid".utf8))
    }

    static func readBinary(_ file: InputFile, triangles count: Int) throws -> IndexedMesh {
        var builder = MeshBuilder(expectedTriangles: count)
        let perChunk = 16_384
        var buffer = [UInt8](repeating: 0, count: perChunk * 50)
        var remaining = count
        while remaining > 0 {
            let take = min(perChunk, remaining)
            let got = try file.read(into: &buffer, count: take * 50)
            guard got == take * 50 else {
                throw GeometryError.invalid("corrupt binary STL: the file ended before its \(count) triangles")
            }
            buffer.withUnsafeBytes { raw in addBinary(raw, from: 0, triangles: take, to: &builder) }
            remaining -= take
        }
        return try finish(builder)
    }

    @inline(__always)
    static func addBinary(_ raw: UnsafeRawBufferPointer, from start: Int, triangles: Int, to builder: inout MeshBuilder) {
        for t in 0..<triangles {
            let o = start + t * 50 + 12
            @inline(__always) func f(_ k: Int) -> Float {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o + k * 4, as: UInt32.self)))
            }
            builder.triangle(f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8))
        }
    }

    static func finish(_ builder: MeshBuilder) throws -> IndexedMesh {
        if builder.sawNonFinite { throw GeometryError.invalid("corrupt STL: a vertex coordinate is not a finite number") }
        return builder.finish()
    }

    /// Parses ASCII STL: every `vertex` is followed by three numbers, three vertices per `facet`.
    static func readASCII(_ bytes: [UInt8]) throws -> IndexedMesh {
        var builder = MeshBuilder(expectedTriangles: bytes.count / 250)
        var scanner = TextScanner(bytes)
        var corners: [Float] = []
        corners.reserveCapacity(9)
        var sawEnd = false
        while let word = scanner.nextWord() {
            if TextScanner.equals(word, "vertex") {
                for _ in 0..<3 {
                    guard let number = scanner.nextWord(), let value = TextScanner.float(number) else {
                        throw GeometryError.invalid("corrupt ASCII STL: line \(scanner.line): \"vertex\" is not followed by three numbers")
                    }
                    corners.append(value)
                }
                if corners.count > 9 {
                    throw GeometryError.invalid("corrupt ASCII STL: line \(scanner.line): a facet has more than three vertices")
                }
            } else if TextScanner.equals(word, "endloop") || TextScanner.equals(word, "endfacet") {
                if TextScanner.equals(word, "endloop") || !corners.isEmpty {
                    guard corners.count == 9 else {
                        throw GeometryError.invalid("corrupt ASCII STL: line \(scanner.line): a facet has \(corners.count / 3) vertices, not 3")
                    }
                    builder.triangle(corners[0], corners[1], corners[2], corners[3], corners[4], corners[5],
                                     corners[6], corners[7], corners[8])
                    corners.removeAll(keepingCapacity: true)
                }
            } else if TextScanner.equals(word, "endsolid") {
                sawEnd = true
            }
        }
        guard corners.isEmpty else { throw GeometryError.invalid("corrupt ASCII STL: the file ends inside a facet") }
        guard sawEnd else { throw GeometryError.invalid("corrupt ASCII STL: no \"endsolid\" (the file is truncated or not STL)") }
        return try finish(builder)
    }
}

/// Splits text into whitespace-separated words and parses numbers, without making strings.
struct TextScanner {
    let bytes: [UInt8]
    var position = 0
    var line = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func nextWord() -> ArraySlice<UInt8>? {
        while position < bytes.count, Self.isSpace(bytes[position]) {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count, !Self.isSpace(bytes[position]) { position += 1 }
        return bytes[start..<position]
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C }

    static func equals(_ word: ArraySlice<UInt8>, _ text: StaticString) -> Bool {
        guard word.count == text.utf8CodeUnitCount else { return false }
        var index = word.startIndex
        for k in 0..<text.utf8CodeUnitCount {
            var byte = word[index]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != text.utf8Start[k] { return false }
            index += 1
        }
        return true
    }

    static func float(_ word: ArraySlice<UInt8>) -> Float? {
        double(word).map(Float.init)
    }

    static func double(_ word: ArraySlice<UInt8>) -> Double? {
        guard !word.isEmpty, word.count < 64 else { return nil }
        guard let value = Double(String(decoding: word, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
