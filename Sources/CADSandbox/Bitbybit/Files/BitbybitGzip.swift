import Foundation

/// Real gzip (RFC 1952) over stored deflate blocks (RFC 1951 §3.2.4): any gunzip reads the result.
///
/// Bitbybit's `stpz` is "gzip-compressed STEP" (`application/gzip`). The sandbox does not compress (stored
/// blocks carry the bytes as they are); the container, block framing, CRC-32 (the core's `CRC32`) and length are exact, so a
/// client that gunzips an `stpz` gets the STEP text back byte for byte.
enum BitbybitGzip {
    /// The two magic bytes every gzip member starts with.
    static let magic: [UInt8] = [0x1f, 0x8b]

    /// Whether `data` starts with the gzip magic bytes.
    static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == magic[0] && data[data.startIndex + 1] == magic[1]
    }

    /// `data` as one gzip member with stored deflate blocks.
    ///
    /// - Parameters:
    ///   - data: the bytes to wrap.
    ///   - modificationTime: the header's MTIME (Unix seconds; 0 means "not available").
    static func compress(_ data: Data, modificationTime: UInt32 = 0) -> Data {
        var out = Data()
        // ID1 ID2 CM=8 (deflate) FLG=0, MTIME (little-endian), XFL=0, OS=255 (unknown).
        out.append(contentsOf: [0x1f, 0x8b, 0x08, 0x00])
        appendLittleEndian(modificationTime, to: &out)
        out.append(contentsOf: [0x00, 0xff])
        out.append(storedDeflate(data))
        appendLittleEndian(CRC32.checksum(data), to: &out)
        appendLittleEndian(UInt32(truncatingIfNeeded: data.count), to: &out)
        return out
    }

    /// A raw deflate stream of stored blocks holding `data` (at most 65,535 bytes per block).
    static func storedDeflate(_ data: Data) -> Data {
        var out = Data()
        let bytes = [UInt8](data)
        let blockLimit = 0xffff
        var offset = 0
        repeat {
            let length = min(blockLimit, bytes.count - offset)
            let isFinal = offset + length >= bytes.count
            // BFINAL bit, BTYPE=00; the rest of the byte is padding to the byte boundary.
            out.append(isFinal ? 0x01 : 0x00)
            let len = UInt16(length)
            appendLittleEndian(len, to: &out)
            appendLittleEndian(~len, to: &out)
            out.append(contentsOf: bytes[offset..<(offset + length)])
            offset += length
        } while offset < bytes.count
        return out
    }

    /// The content of a gzip member made of stored blocks (what `compress` writes), checked against its
    /// CRC-32 and length; `nil` for anything else (including compressed blocks, which the sandbox cannot
    /// inflate).
    static func decompressStored(_ data: Data) -> Data? {
        let bytes = [UInt8](data)
        guard bytes.count >= 18, bytes[0] == 0x1f, bytes[1] == 0x8b, bytes[2] == 0x08 else { return nil }
        let flags = bytes[3]
        var position = 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard position + 2 <= bytes.count else { return nil }
            position += 2 + Int(bytes[position]) + Int(bytes[position + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while position < bytes.count, bytes[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }  // FHCRC
        var content: [UInt8] = []
        var isFinal = false
        while !isFinal {
            guard position + 5 <= bytes.count else { return nil }
            let header = bytes[position]
            guard header & 0x06 == 0 else { return nil }  // only stored blocks
            isFinal = header & 0x01 != 0
            let length = Int(bytes[position + 1]) | Int(bytes[position + 2]) << 8
            let complement = Int(bytes[position + 3]) | Int(bytes[position + 4]) << 8
            guard length == (~complement & 0xffff) else { return nil }
            position += 5
            guard position + length <= bytes.count else { return nil }
            content.append(contentsOf: bytes[position..<(position + length)])
            position += length
        }
        guard position + 8 <= bytes.count else { return nil }
        let crc = readLittleEndian(bytes, at: position)
        let size = readLittleEndian(bytes, at: position + 4)
        let result = Data(content)
        guard crc == CRC32.checksum(result), size == UInt32(truncatingIfNeeded: content.count) else { return nil }
        return result
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
