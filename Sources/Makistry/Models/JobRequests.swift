/// `POST /text-to-cad`: a prompt of 1–5000 characters.
public struct TextToCADRequest: Sendable, Hashable {
    /// What to build (1–5000 characters).
    public var prompt: String
    /// `standard`, `pro` or `assembly` (default `standard`).
    public var designMode: DesignMode?
    /// `STEP`, `STL`, `GLB` or `3MF` (the server's default is STEP).
    public var outputFormat: MakistryOutputFormat?
    /// An `https://` URL Makistry calls when the job ends.
    public var callbackURL: String?
    /// A JSON object stored with the job and echoed back.
    public var metadata: JSONValue?

    /// A request; only `prompt` is required.
    public init(
        prompt: String, designMode: DesignMode? = nil, outputFormat: MakistryOutputFormat? = nil,
        callbackURL: String? = nil, metadata: JSONValue? = nil
    ) {
        self.prompt = prompt
        self.designMode = designMode
        self.outputFormat = outputFormat
        self.callbackURL = callbackURL
        self.metadata = metadata
    }
}

extension TextToCADRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case prompt, designMode = "design_mode", outputFormat = "output_format", callbackURL = "callback_url", metadata
    }

    /// The JSON body; absent fields are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prompt, forKey: .prompt)
        try container.encodeIfPresent(designMode, forKey: .designMode)
        try container.encodeIfPresent(outputFormat, forKey: .outputFormat)
        try container.encodeIfPresent(callbackURL, forKey: .callbackURL)
        try container.encodeIfPresent(metadata, forKey: .metadata)
    }
}

/// `POST /image-to-cad`: 1–3 images (PNG, JPEG, WebP or GIF, at most 10 MB each) and an optional prompt.
///
/// Images are streamed from disk as the multipart body is sent, never loaded whole.
public struct ImageToCADRequest: Sendable, Hashable {
    /// Paths of 1–3 image files.
    public var images: [String]
    /// Optional guidance (at most 5000 characters).
    public var prompt: String?
    /// `standard` or `assembly` (`pro` is not offered for images).
    public var designMode: DesignMode?
    /// `STEP`, `STL`, `GLB` or `3MF`.
    public var outputFormat: MakistryOutputFormat?
    /// An `https://` URL Makistry calls when the job ends.
    public var callbackURL: String?
    /// A JSON object stored with the job (sent as `metadata_json`).
    public var metadata: JSONValue?

    /// A request; only `images` is required.
    public init(
        images: [String], prompt: String? = nil, designMode: DesignMode? = nil, outputFormat: MakistryOutputFormat? = nil,
        callbackURL: String? = nil, metadata: JSONValue? = nil
    ) {
        self.images = images
        self.prompt = prompt
        self.designMode = designMode
        self.outputFormat = outputFormat
        self.callbackURL = callbackURL
        self.metadata = metadata
    }
}
