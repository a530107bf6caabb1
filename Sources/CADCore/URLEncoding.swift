/// RFC 3986 percent-encoding, the one implementation every client uses for ids in paths and query values.
public enum URLEncoding {
    /// `text` with every byte but the unreserved characters (`A–Z a–z 0–9 - . _ ~`) percent-encoded, so an
    /// id can never change the path (`a/b` → `a%2Fb`) and `+ & =` arrive intact in a query value.
    public static func percentEncoded(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result.append("%")
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// `text` as one path segment (see `percentEncoded(_:)`).
    public static func pathSegment(_ text: String) -> String { percentEncoded(text) }

    /// `base` and `path` joined with exactly one `/` between them (`path` as the provider documents it).
    public static func join(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// `name=value` pairs joined with `&`, both sides percent-encoded.
    public static func query(_ items: [(String, String)]) -> String {
        items.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
