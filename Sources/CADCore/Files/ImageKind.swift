/// Image types recognised by their leading bytes (never by file name or declared type): what the clients
/// check before uploading a reference image, and what the sandbox checks on receipt.
public enum ImageKind: String, Sendable, Hashable, CaseIterable {
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    case png
    /// JPEG (`FF D8 FF`).
    case jpeg
    /// WebP (`RIFF….WEBP`).
    case webp
    /// GIF (`GIF87a`, `GIF89a`).
    case gif
    /// HEIC (an `ftyp` box with a HEVC brand).
    case heic
    /// HEIF (an `ftyp` box with brand `mif1`, `msf1` or `heif`).
    case heif

    /// How many leading bytes ``sniff(_:)`` looks at.
    public static let signatureLength = 16

    /// The MIME type sent with an upload of this kind.
    public var mimeType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .gif: "image/gif"
        case .heic: "image/heic"
        case .heif: "image/heif"
        }
    }

    /// The kind whose magic bytes `data` starts with, if any.
    public static func sniff(_ data: some Collection<UInt8>) -> ImageKind? {
        let head = Array(data.prefix(signatureLength))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("ftyp".utf8), at: 4), head.count >= 12 {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"].contains(brand) { return .heic }
            if ["mif1", "msf1", "heif"].contains(brand) { return .heif }
        }
        return nil
    }
}
