import Foundation
import Testing

/// Independent readers for the generated formats, written for the tests (nothing shared with the sandbox).
enum CADFileValidation {
    static func uint16(_ data: Data, _ offset: Int) -> Int {
        Int(data[data.startIndex + offset]) | Int(data[data.startIndex + offset + 1]) << 8
    }

    static func uint32(_ data: Data, _ offset: Int) -> Int {
        uint16(data, offset) | uint16(data, offset + 2) << 16
    }

    static func crc32(_ data: Data) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return Int(crc ^ 0xFFFF_FFFF)
    }

    /// Checks a STEP AP214 file's framing; returns its DATA lines.
    static func checkSTEP(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "ISO-10303-21;", sourceLocation: sourceLocation)
        #expect(lines.last == "END-ISO-10303-21;", sourceLocation: sourceLocation)
        #expect(text.contains("FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));"), sourceLocation: sourceLocation)
        guard let header = lines.firstIndex(of: "HEADER;"), let data = lines.firstIndex(of: "DATA;"),
            let end = lines.lastIndex(of: "ENDSEC;")
        else {
            Issue.record("STEP sections missing", sourceLocation: sourceLocation)
            return []
        }
        #expect(header < data && data < end, sourceLocation: sourceLocation)
        let entities = Array(lines[(data + 1)..<end])
        // Every entity is `#N=...;` numbered 1, 2, 3... and references only defined entities.
        var defined = Set<String>()
        for (index, line) in entities.enumerated() {
            #expect(line.hasPrefix("#\(index + 1)=") && line.hasSuffix(";"), "bad entity line \(line)", sourceLocation: sourceLocation)
            defined.insert("#\(index + 1)")
        }
        let references = entities.joined().split(whereSeparator: { !($0 == "#" || $0.isNumber) }).filter { $0.hasPrefix("#") && $0.count > 1 }
        for reference in references {
            #expect(defined.contains(String(reference)), "dangling reference \(reference)", sourceLocation: sourceLocation)
        }
        return entities
    }

    /// Checks a GLB's header, chunks and accessors; returns the JSON chunk.
    static func checkGLB(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(data.count >= 28, sourceLocation: sourceLocation)
        #expect(data.prefix(4) == Data("glTF".utf8), sourceLocation: sourceLocation)
        #expect(uint32(data, 4) == 2, sourceLocation: sourceLocation)
        #expect(uint32(data, 8) == data.count, "header length must equal file length", sourceLocation: sourceLocation)
        let jsonLength = uint32(data, 12)
        #expect(uint32(data, 16) == 0x4E4F_534A, sourceLocation: sourceLocation)
        #expect(jsonLength % 4 == 0, sourceLocation: sourceLocation)
        let jsonData = data.subdata(in: 20..<(20 + jsonLength))
        let binHeader = 20 + jsonLength
        let binLength = uint32(data, binHeader)
        #expect(uint32(data, binHeader + 4) == 0x004E_4942, sourceLocation: sourceLocation)
        #expect(binHeader + 8 + binLength == data.count, sourceLocation: sourceLocation)
        let json = try #require(try JSONSerialization.jsonObject(with: jsonData) as? [String: Any], sourceLocation: sourceLocation)
        let asset = json["asset"] as? [String: Any]
        #expect(asset?["version"] as? String == "2.0", sourceLocation: sourceLocation)
        let buffers = json["buffers"] as? [[String: Any]] ?? []
        #expect((buffers.first?["byteLength"] as? Int).map { $0 <= binLength } == true, sourceLocation: sourceLocation)
        let views = json["bufferViews"] as? [[String: Any]] ?? []
        let accessors = json["accessors"] as? [[String: Any]] ?? []
        #expect(!accessors.isEmpty, sourceLocation: sourceLocation)
        let componentSizes = [5123: 2, 5125: 4, 5126: 4]
        let typeSizes = ["SCALAR": 1, "VEC3": 3]
        for accessor in accessors {
            let view = views[accessor["bufferView"] as? Int ?? 0]
            let size = (componentSizes[accessor["componentType"] as? Int ?? 0] ?? 0) * (typeSizes[accessor["type"] as? String ?? ""] ?? 0)
            let count = accessor["count"] as? Int ?? 0
            #expect(size * count <= view["byteLength"] as? Int ?? 0, "accessor exceeds its bufferView", sourceLocation: sourceLocation)
            #expect((view["byteOffset"] as? Int ?? 0) + (view["byteLength"] as? Int ?? 0) <= binLength, sourceLocation: sourceLocation)
        }
        let mesh = (json["meshes"] as? [[String: Any]])?.first
        let primitive = (mesh?["primitives"] as? [[String: Any]])?.first
        let attributes = primitive?["attributes"] as? [String: Any]
        #expect(attributes?["POSITION"] != nil, sourceLocation: sourceLocation)
        #expect(accessors.first?["min"] != nil && accessors.first?["max"] != nil, "POSITION needs min and max", sourceLocation: sourceLocation)
        return json
    }

    /// Checks a binary STL; returns its triangle count.
    static func checkSTL(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        guard data.count >= 84 else {
            Issue.record("STL shorter than its header", sourceLocation: sourceLocation)
            return 0
        }
        #expect(!String(decoding: data.prefix(5), as: UTF8.self).lowercased().hasPrefix("solid"), sourceLocation: sourceLocation)
        let triangles = uint32(data, 80)
        #expect(data.count == 84 + 50 * triangles, sourceLocation: sourceLocation)
        return triangles
    }

    /// Reads a ZIP through its central directory, checking every entry's CRC-32; returns name → contents.
    static func readZip(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Data] {
        let eocd = try #require(
            (0...(data.count - 22)).reversed().first { uint32(data, $0) == 0x0605_4B50 }, "no end of central directory",
            sourceLocation: sourceLocation)
        let count = uint16(data, eocd + 10)
        var offset = uint32(data, eocd + 16)
        #expect(offset + uint32(data, eocd + 12) == eocd, sourceLocation: sourceLocation)
        var entries: [String: Data] = [:]
        for _ in 0..<count {
            #expect(uint32(data, offset) == 0x0201_4B50, sourceLocation: sourceLocation)
            let method = uint16(data, offset + 10)
            let crc = uint32(data, offset + 16)
            let size = uint32(data, offset + 20)
            let nameLength = uint16(data, offset + 28)
            let extraLength = uint16(data, offset + 30)
            let commentLength = uint16(data, offset + 32)
            let local = uint32(data, offset + 42)
            let name = String(decoding: data.subdata(in: (offset + 46)..<(offset + 46 + nameLength)), as: UTF8.self)
            #expect(method == 0, "entries are stored", sourceLocation: sourceLocation)
            #expect(uint32(data, local) == 0x0403_4B50, sourceLocation: sourceLocation)
            let start = local + 30 + uint16(data, local + 26) + uint16(data, local + 28)
            let contents = data.subdata(in: start..<(start + size))
            #expect(crc32(contents) == crc, "CRC-32 of \(name)", sourceLocation: sourceLocation)
            entries[name] = contents
            offset += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// Checks a 3MF package; returns the model XML.
    static func check3MF(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let entries = try readZip(data, sourceLocation: sourceLocation)
        #expect(Set(entries.keys) == ["[Content_Types].xml", "_rels/.rels", "3D/3dmodel.model"], sourceLocation: sourceLocation)
        let rels = String(decoding: entries["_rels/.rels"] ?? Data(), as: UTF8.self)
        #expect(rels.contains("Target=\"/3D/3dmodel.model\""), sourceLocation: sourceLocation)
        let model = String(decoding: entries["3D/3dmodel.model"] ?? Data(), as: UTF8.self)
        #expect(model.contains("http://schemas.microsoft.com/3dmanufacturing/core/2015/02"), sourceLocation: sourceLocation)
        return model
    }
}
