/// Where a conversion's STEP file comes from: a file already uploaded (its id) or a local file the client
/// uploads first (streamed from disk, with its SHA-256).
public enum BitbybitFileSource: Sendable, Hashable {
    /// An uploaded, confirmed file.
    case fileID(String)
    /// A file on this machine; uploaded before the conversion is requested.
    case localFile(path: String)
}

/// A conversion request body: it names its endpoint and carries the STEP file's id.
public protocol BitbybitConversionBody: BitbybitRequestBody {
    /// The uploaded STEP file's id.
    var stepFileID: String { get set }
    /// The endpoint, e.g. `/api/v1/convert/step-to-gltf`.
    static var endpointPath: String { get }
}

extension StepToGltfBody: BitbybitConversionBody {
    /// `/api/v1/convert/step-to-gltf`
    public static var endpointPath: String { "/api/v1/convert/step-to-gltf" }
}

extension StepToGltfAdvancedBody: BitbybitConversionBody {
    /// `/api/v1/convert/step-to-gltf-advanced`
    public static var endpointPath: String { "/api/v1/convert/step-to-gltf-advanced" }
}

extension StepToGltfWithDracoBody: BitbybitConversionBody {
    /// `/api/v1/convert/step-to-gltf-with-draco`
    public static var endpointPath: String { "/api/v1/convert/step-to-gltf-with-draco" }
}

extension StepToGltfAdvancedWithDracoBody: BitbybitConversionBody {
    /// `/api/v1/convert/step-to-gltf-advanced-with-draco`
    public static var endpointPath: String { "/api/v1/convert/step-to-gltf-advanced-with-draco" }
}

/// `client.convert`: STEP → glTF (GLB) conversion, simple or advanced, with or without Draco compression.
/// The result is downloaded under the result key `glb`.
public struct BitbybitConvertAPI: Sendable {
    let client: BitbybitClient

    /// Starts the conversion `body` describes. With `file`, the STEP file is taken from there (a local file is
    /// uploaded first) and replaces `body.stepFileID`.
    public func start<Body: BitbybitConversionBody>(_ body: Body, file: BitbybitFileSource? = nil)
        async throws -> TaskAccepted
    {
        var body = body
        if let file { body.stepFileID = try await client.files.resolve(file) }
        return try await client.post(EndpointPath(Body.endpointPath), body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/convert/step-to-gltf` with default settings, or those of `options`.
    public func stepToGltf(_ file: BitbybitFileSource, options: StepToGltfBody = StepToGltfBody(stepFileID: ""))
        async throws -> TaskAccepted
    {
        try await start(options, file: file)
    }

    /// `POST /api/v1/convert/step-to-gltf-advanced`: every reader, mesher and writer option.
    public func stepToGltfAdvanced(_ file: BitbybitFileSource, options: ConvertAdvancedOptions? = nil)
        async throws -> TaskAccepted
    {
        try await start(StepToGltfAdvancedBody(stepFileID: "", options: options), file: file)
    }

    /// `POST /api/v1/convert/step-to-gltf-with-draco`: the simple conversion with Draco mesh compression.
    public func stepToGltfWithDraco(
        _ file: BitbybitFileSource, options: StepToGltfWithDracoBody = StepToGltfWithDracoBody(stepFileID: "")
    ) async throws -> TaskAccepted {
        try await start(options, file: file)
    }

    /// `POST /api/v1/convert/step-to-gltf-advanced-with-draco`: the advanced conversion with Draco compression.
    public func stepToGltfAdvancedWithDraco(
        _ file: BitbybitFileSource, options: ConvertAdvancedOptions? = nil, draco: DracoCompressionOptions? = nil
    ) async throws -> TaskAccepted {
        try await start(StepToGltfAdvancedWithDracoBody(stepFileID: "", options: options, draco: draco), file: file)
    }
}
