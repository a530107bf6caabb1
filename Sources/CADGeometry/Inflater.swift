import CADZlib

/// Raw deflate (as in ZIP entries) inflated with the system's zlib, bounded in output.
enum Inflater {
    /// Inflates `input`; throws when it is not a complete deflate stream or unpacks to more than `limit` bytes.
    static func inflateRaw(_ input: [UInt8], limit: Int, what: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GeometryError(.toolUnavailable, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var input = input
        var result: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    result = inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                output += chunk.prefix(produced)
                guard output.count <= limit else { throw GeometryError.invalid("refused 3MF file: \(what) unpacks to too many bytes") }
                // Without progress (input used up before the end of the stream) it can never end.
                if result == Z_BUF_ERROR || (result == Z_OK && produced == 0 && stream.avail_in == 0) { break }
            } while result == Z_OK
        }
        guard result == Z_STREAM_END else {
            throw GeometryError.invalid("corrupt 3MF file: \(what) is not a complete deflate stream")
        }
        return output
    }

    /// The CRC-32 of `data`.
    static func crc32(_ data: [UInt8]) -> UInt32 {
        UInt32(truncatingIfNeeded: CADZlib.crc32(0, data, uInt(data.count)))
    }
}
