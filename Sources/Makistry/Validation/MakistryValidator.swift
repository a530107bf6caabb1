/// Checks requests against Makistry's published limits before anything is sent, so mistakes come back as
/// clear usage errors (`CADError.usage`) instead of a 422 after a network round trip.
public enum MakistryValidator {
    /// The longest prompt, in characters (Unicode scalars, as the API counts them).
    public static let maxPromptLength = 5_000
    /// How many images `image-to-cad` takes at most.
    public static let maxImages = 3
    /// The largest image, in bytes (10 MB).
    public static let maxImageBytes: Int64 = 10 * 1024 * 1024

    /// Checks a text-to-CAD request.
    ///
    /// - Throws: `CADError.usage` naming the problem and the fix.
    public static func validate(_ request: TextToCADRequest) throws {
        try checkPrompt(request.prompt, required: true)
        try checkMode(request.designMode, allowed: DesignMode.textModes, endpoint: "text-to-CAD")
        try checkCallback(request.callbackURL)
        try checkMetadata(request.metadata)
    }

    /// Checks an image-to-CAD request, including each image's size and type on disk.
    ///
    /// - Throws: `CADError.usage` naming the problem and the fix.
    public static func validate(_ request: ImageToCADRequest) throws {
        _ = try inspectImages(request)
    }

    /// Validates and returns the inspected images (for building the multipart body).
    static func inspectImages(_ request: ImageToCADRequest) throws -> [LocalImageFile] {
        if let prompt = request.prompt { try checkPrompt(prompt, required: false) }
        try checkMode(request.designMode, allowed: DesignMode.imageModes, endpoint: "image-to-CAD")
        try checkCallback(request.callbackURL)
        try checkMetadata(request.metadata)
        guard !request.images.isEmpty else {
            throw InputValidationError(provider: "makistry", field: "images", problem: .missing, message: "image-to-CAD needs at least one image; pass 1 to \(maxImages) PNG, JPEG, WebP or GIF files")
        }
        guard request.images.count <= maxImages else {
            throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image-to-CAD takes at most \(maxImages) images; \(request.images.count) were given")
        }
        return try request.images.map { path in
            let image: LocalImageFile
            do {
                image = try LocalImageFile.inspect(path)
            } catch {
                throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image \(path): \(error)")
            }
            guard image.size > 0 else { throw InputValidationError(provider: "makistry", field: "images", problem: .missing, message: "image \(path) is empty") }
            guard image.size <= maxImageBytes else {
                throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image \(path) is \(image.size) bytes; Makistry accepts images up to 10 MB "
                    + "(\(maxImageBytes) bytes): shrink or recompress it")
            }
            guard let kind = image.kind, acceptedImageKinds.contains(kind) else {
                throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image \(path) is not a PNG, JPEG, WebP or GIF (judged by its first bytes); "
                    + "convert it to one of those")
            }
            return image
        }
    }

    /// The image types Makistry accepts.
    static let acceptedImageKinds: Set<ImageKind> = [.png, .jpeg, .webp, .gif]

    static func checkPrompt(_ prompt: String, required: Bool) throws {
        let length = prompt.unicodeScalars.count
        if required, prompt.allSatisfy({ $0.isWhitespace }) {
            throw InputValidationError(provider: "makistry", field: "prompt", problem: .missing, message: "the prompt is empty; describe the part in 1 to \(maxPromptLength) characters")
        }
        if length > maxPromptLength {
            throw InputValidationError(provider: "makistry", field: "prompt", problem: .invalid, message: "the prompt has \(length) characters; Makistry accepts at most \(maxPromptLength): shorten it")
        }
    }

    static func checkMode(_ mode: DesignMode?, allowed: [DesignMode], endpoint: String) throws {
        guard let mode, !allowed.contains(mode) else { return }
        throw InputValidationError(provider: "makistry", field: "design_mode", problem: .invalid, message: "design mode \(mode.rawValue) is not offered for \(endpoint); use "
            + allowed.map(\.rawValue).joined(separator: " or "))
    }

    static func checkCallback(_ callback: String?) throws {
        guard let callback else { return }
        guard let url = URL(string: callback), let scheme = url.scheme?.lowercased() else {
            throw InputValidationError(provider: "makistry", field: "callback_url", problem: .invalid, message: "callback URL \(callback) is not a URL; give an https:// URL")
        }
        guard scheme == "https" else {
            throw InputValidationError(provider: "makistry", field: "callback_url", problem: .invalid, message: "callback URL \(callback) uses \(scheme)://; Makistry calls https:// URLs only")
        }
        guard let host = url.host, !host.isEmpty else {
            throw InputValidationError(provider: "makistry", field: "callback_url", problem: .invalid, message: "callback URL \(callback) has no host; give a full https:// URL")
        }
    }

    static func checkMetadata(_ metadata: JSONValue?) throws {
        guard let metadata, metadata != .null else { return }
        guard metadata.objectValue != nil else {
            throw InputValidationError(provider: "makistry", field: "metadata", problem: .invalid, message: "metadata must be a JSON object such as {\"order\":\"A-17\"}; got \(metadata.typeName == "array" || metadata.typeName == "object" ? "an" : "a") \(metadata.typeName)")
        }
    }
}

extension MakistryValidator {
    /// A caller's `Idempotency-Key`, which Makistry documents as a UUID version 4.
    ///
    /// - Throws: `CADError.usage` when `text` is not a version-4 UUID.
    public static func idempotencyKey(_ text: String) throws -> IdempotencyKey {
        let lower = text.lowercased()
        let groups = lower.split(separator: "-", omittingEmptySubsequences: false)
        let hex = Set("0123456789abcdef")
        let shaped = groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(hex.contains) }
        guard shaped, groups[2].first == "4", let variant = groups[3].first, "89ab".contains(variant) else {
            throw InputValidationError(provider: "makistry", field: "idempotency_key", problem: .invalid, message: "idempotency key \(text) is not a UUID version 4 (as Makistry requires), e.g. "
                + "\(IdempotencyKey().value); leave it out to get a fresh one")
        }
        return try IdempotencyKey(validating: text)
    }
}
