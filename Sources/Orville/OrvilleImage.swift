
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
    public let kind: ImageKind
    /// The size in bytes.
    public let size: Int64

    /// The image file at `path`.
    ///
    /// - Throws: `CADError.usage` when the file cannot be read, is larger than 10 MB, or is not an accepted
    ///   image type (by its content).
    public init(path: String) throws {
        let file: LocalImageFile
        do {
            file = try LocalImageFile.inspect(path)
        } catch {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: "image \(path): \(error)")
        }
        try self.init(source: .file(path: path), filename: file.fileName, size: file.size, kind: file.kind, shownAs: path)
    }

    /// An image held in memory, sent under `filename`.
    ///
    /// - Throws: `CADError.usage` when it is larger than 10 MB or not an accepted image type.
    public init(data: Data, filename: String) throws {
        try self.init(source: .bytes(data), filename: filename, size: Int64(data.count), kind: ImageKind.sniff(data),
                      shownAs: filename)
    }

    private init(source: Source, filename: String, size: Int64, kind: ImageKind?, shownAs: String) throws {
        guard size <= Self.maximumBytes else {
            throw InputValidationError(provider: "orville", field: "images", problem: .invalid, message: 
                "image \(shownAs) is \(Self.megabytes(size)) MB; Orville accepts images of at most 10 MB: shrink or recompress it")
        }
        guard let kind else {
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
