#if canImport(Glibc)
import Glibc
#endif

/// Image types Orville accepts, recognised by their leading bytes (never by the file name alone).
public enum OrvilleImageKind: String, Sendable, Hashable, CaseIterable {
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

    /// The MIME type sent with the upload.
    public var mimeType: String { "image/" + rawValue }

    /// The kind whose magic bytes `head` starts with, if any.
    public static func sniff(_ head: some Collection<UInt8>) -> OrvilleImageKind? {
        let bytes = Array(head.prefix(16))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("ftyp".utf8), at: 4), bytes.count >= 12 {
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"].contains(brand) { return .heic }
            if ["mif1", "msf1", "heif"].contains(brand) { return .heif }
        }
        return nil
    }
}

/// An image to attach to a create or a follow-up, checked before anything is sent: a readable file (or
/// bytes) of at most 10 MB whose content is a JPEG, PNG, WebP, GIF, HEIC or HEIF image.
public struct OrvilleImage: Sendable, Hashable {
    /// Where the bytes come from.
    public enum Source: Sendable, Hashable {
        /// A file, streamed from disk while sending.
        case file(path: String)
        /// Bytes in memory.
        case bytes(Data)
    }

    /// The largest image Orville accepts (10 MB).
    public static let maximumBytes: Int64 = 10 * 1024 * 1024
    /// The most images one request may carry.
    public static let maximumCount = 5

    /// The bytes.
    public let source: Source
    /// The name sent as the part's file name.
    public let filename: String
    /// The type found in the content.
    public let kind: OrvilleImageKind
    /// The size in bytes.
    public let size: Int64

    /// The image file at `path`.
    ///
    /// - Throws: `CADError.usage` when the file cannot be read, is larger than 10 MB, or is not an accepted
    ///   image type (by its content).
    public init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: "image \(path): cannot read it (\(String(cString: strerror(errno)))); give a readable image file")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: "image \(path): not a regular file; give an image file")
        }
        let size = Int64(info.st_size)
        guard let handle = fopen(path, "rb") else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: "image \(path): cannot open it (\(String(cString: strerror(errno)))); check its permissions")
        }
        defer { fclose(handle) }
        var head = [UInt8](repeating: 0, count: 16)
        let read = fread(&head, 1, head.count, handle)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        try self.init(source: .file(path: path), filename: name, size: size, head: Array(head.prefix(read)), shownAs: path)
    }

    /// An image held in memory, sent under `filename`.
    ///
    /// - Throws: `CADError.usage` when it is larger than 10 MB or not an accepted image type.
    public init(data: Data, filename: String) throws {
        try self.init(source: .bytes(data), filename: filename, size: Int64(data.count), head: Array(data.prefix(16)),
                      shownAs: filename)
    }

    private init(source: Source, filename: String, size: Int64, head: [UInt8], shownAs: String) throws {
        guard size <= Self.maximumBytes else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: 
                "image \(shownAs) is \(Self.megabytes(size)) MB; Orville accepts images of at most 10 MB: shrink or recompress it")
        }
        guard let kind = OrvilleImageKind.sniff(head) else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: 
                "image \(shownAs) is not a JPEG, PNG, WebP, GIF, HEIC or HEIF image (judged by its content, not its name); "
                    + "convert it to one of those")
        }
        self.source = source
        self.filename = filename
        self.kind = kind
        self.size = size
    }

    private static func megabytes(_ size: Int64) -> String {
        let tenths = (size * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// Checks of a create, follow-up or review before anything is sent.
public enum OrvilleInputRules {
    /// The longest prompt Orville accepts, in characters (counted in UTF-16 code units, as the API does).
    public static let maximumPromptLength = 60_000

    /// - Throws: `CADError.usage` when the prompt is missing, blank or longer than 60,000 characters.
    public static func checkPrompt(_ prompt: String?) throws {
        guard let prompt, prompt.contains(where: { !$0.isWhitespace }) else {
            throw InputValidationError(provider: "orville", field: "prompt", problem: .missing, message: "a prompt is required: say what to build")
        }
        let length = prompt.utf16.count
        guard length <= maximumPromptLength else {
            throw InputValidationError(provider: "orville", field: "prompt", problem: .invalid, message: 
                "the prompt is \(length) characters long; Orville accepts at most 60,000: shorten it")
        }
    }

    /// - Throws: `CADError.usage` when more than 5 images are given.
    public static func checkImageCount(_ count: Int) throws {
        guard count <= OrvilleImage.maximumCount else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: "\(count) images given; Orville accepts at most \(OrvilleImage.maximumCount) per request")
        }
    }
}
