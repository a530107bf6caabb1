import CADZlib
import Foundation

/// Writes RGB pictures as PNG, compressed with the system's zlib.
public enum PNGWriter {
    /// The PNG encoding of `image`.
    public static func encode(_ image: RGBImage) throws -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(image.width))
        header += bigEndian(UInt32(image.height))
        header += [8, 2, 0, 0, 0]  // 8 bits, RGB, deflate, adaptive filtering, no interlace
        chunk("IHDR", header, into: &png)
        // Each row: filter type 1 (Sub), which suits flat backgrounds and smooth shading.
        let rowBytes = image.width * 3
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * image.height)
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<image.height {
                let out = y * (rowBytes + 1), row = y * rowBytes
                raw[out] = 1
                for x in 0..<rowBytes {
                    let left: UInt8 = x >= 3 ? source[row + x - 3] : 0
                    raw[out + 1 + x] = source[row + x] &- left
                }
            }
        }
        var compressedLength = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compress2(&compressed, &compressedLength, raw, uLong(raw.count), 6)
        guard status == Z_OK else { throw GeometryError(.toolUnavailable, "zlib could not compress the picture (status \(status))") }
        chunk("IDAT", Array(compressed.prefix(Int(compressedLength))), into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    /// Writes `image` as a PNG to `path` atomically (a temporary file in the same directory, renamed).
    public static func write(_ image: RGBImage, to path: String) throws {
        let bytes = try encode(image)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw GeometryError(.unreadable, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func chunk(_ type: String, _ body: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(body.count))
        png += typeBytes
        png += body
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        if !body.isEmpty { crc = crc32(crc, body, uInt(body.count)) }
        png += bigEndian(UInt32(truncatingIfNeeded: crc))
    }
}
