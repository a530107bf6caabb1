import CADZlib
import Foundation

/// A small PNG reader for tests (8-bit RGB, no interlace): checks the signature, chunk CRCs and the
/// IHDR, inflates IDAT with zlib and undoes the five row filters.
struct DecodedPNG {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    struct Invalid: Error, CustomStringConvertible { var description: String }

    init(_ data: [UInt8]) throws {
        guard data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Invalid(description: "no PNG signature") }
        func word(_ at: Int) -> Int { Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3]) }
        var offset = 8, idat: [UInt8] = [], w = 0, h = 0, sawEnd = false
        while offset + 12 <= data.count {
            let length = word(offset)
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            guard offset + 12 + length <= data.count else { throw Invalid(description: "chunk \(type) is truncated") }
            let body = Array(data[(offset + 8)..<(offset + 8 + length)])
            let typeAndBody = Array(data[(offset + 4)..<(offset + 8 + length)])
            let crc = UInt32(truncatingIfNeeded: crc32(0, typeAndBody, uInt(typeAndBody.count)))
            guard crc == UInt32(word(offset + 8 + length)) else { throw Invalid(description: "bad CRC in \(type)") }
            switch type {
            case "IHDR":
                w = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                h = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
                guard body[8] == 8, body[9] == 2, body[12] == 0 else { throw Invalid(description: "not 8-bit RGB") }
            case "IDAT": idat += body
            case "IEND": sawEnd = true
            default: break
            }
            offset += 12 + length
        }
        guard sawEnd, w > 0, h > 0 else { throw Invalid(description: "no IEND or no IHDR") }
        let stride = w * 3
        var raw = [UInt8](repeating: 0, count: (stride + 1) * h)
        var rawLength = uLongf(raw.count)
        guard uncompress(&raw, &rawLength, idat, uLong(idat.count)) == Z_OK, Int(rawLength) == raw.count else {
            throw Invalid(description: "IDAT does not inflate to \(raw.count) bytes")
        }
        var pixels = [UInt8](repeating: 0, count: stride * h)
        for y in 0..<h {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let value = raw[y * (stride + 1) + 1 + x]
                let a = x >= 3 ? Int(pixels[y * stride + x - 3]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
                let c = x >= 3 && y > 0 ? Int(pixels[(y - 1) * stride + x - 3]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Invalid(description: "filter \(filter)")
                }
                pixels[y * stride + x] = value &+ UInt8(truncatingIfNeeded: predictor)
            }
        }
        width = w
        height = h
        self.pixels = pixels
    }

    /// The bounding box (x0, y0, x1, y1) of pixels that differ from the top-left pixel (the background).
    func foregroundBounds() -> (x0: Int, y0: Int, x1: Int, y1: Int)? {
        let background = Array(pixels[0..<3])
        var x0 = Int.max, y0 = Int.max, x1 = -1, y1 = -1
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 3
                let differs = (0..<3).contains { abs(Int(pixels[o + $0]) - Int(background[$0])) > 8 }
                if differs { x0 = min(x0, x); y0 = min(y0, y); x1 = max(x1, x); y1 = max(y1, y) }
            }
        }
        return x1 < 0 ? nil : (x0, y0, x1, y1)
    }
}
