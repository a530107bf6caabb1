/// `POST /api/v1/convert/step-to-gltf`: STEP → glTF with default settings (`StepToGltfBody`).
public struct StepToGltfBody: Codable, Sendable, Hashable {
    /// The uploaded STEP file's id.
    public var stepFileID: String
    /// Linear deflection, [0.0001, 10]: a fraction of each edge's length when `meshRelative`
    /// (the default), else absolute model units.
    public var meshPrecision: Double?
    /// Angular deflection in radians, [0.01, π].
    public var meshAngle: Double?
    /// Size-aware relative deflection per face.
    public var meshRelative: Bool?
    /// Add interior vertices for curved faces (slower).
    public var internalVerticesMode: Bool?
    /// Extra refinement pass (slower).
    public var controlSurfaceDeflection: Bool?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", meshPrecision, meshAngle, meshRelative, internalVerticesMode
        case controlSurfaceDeflection
    }

    /// A simple conversion.
    public init(
        stepFileID: String, meshPrecision: Double? = nil, meshAngle: Double? = nil,
        meshRelative: Bool? = nil, internalVerticesMode: Bool? = nil, controlSurfaceDeflection: Bool? = nil
    ) {
        self.stepFileID = stepFileID
        self.meshPrecision = meshPrecision
        self.meshAngle = meshAngle
        self.meshRelative = meshRelative
        self.internalVerticesMode = internalVerticesMode
        self.controlSurfaceDeflection = controlSurfaceDeflection
    }
}

/// `POST /api/v1/convert/step-to-gltf-with-draco`: as ``StepToGltfBody`` plus Draco compression
/// (`StepToGltfWithDracoBody`).
public struct StepToGltfWithDracoBody: Codable, Sendable, Hashable {
    /// The uploaded STEP file's id.
    public var stepFileID: String
    /// Linear deflection, [0.0001, 10].
    public var meshPrecision: Double?
    /// Angular deflection in radians, [0.01, π].
    public var meshAngle: Double?
    /// Size-aware relative deflection per face.
    public var meshRelative: Bool?
    /// Add interior vertices for curved faces (slower).
    public var internalVerticesMode: Bool?
    /// Extra refinement pass (slower).
    public var controlSurfaceDeflection: Bool?
    /// Draco options; defaults apply when omitted (level 7, 14/10/12/8/12 bits).
    public var draco: DracoCompressionOptions?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", meshPrecision, meshAngle, meshRelative, internalVerticesMode
        case controlSurfaceDeflection, draco
    }

    /// A simple conversion with Draco compression.
    public init(
        stepFileID: String, meshPrecision: Double? = nil, meshAngle: Double? = nil,
        meshRelative: Bool? = nil, internalVerticesMode: Bool? = nil,
        controlSurfaceDeflection: Bool? = nil, draco: DracoCompressionOptions? = nil
    ) {
        self.stepFileID = stepFileID
        self.meshPrecision = meshPrecision
        self.meshAngle = meshAngle
        self.meshRelative = meshRelative
        self.internalVerticesMode = internalVerticesMode
        self.controlSurfaceDeflection = controlSurfaceDeflection
        self.draco = draco
    }
}

/// `POST /api/v1/convert/step-to-gltf-advanced` (`StepToGltfAdvancedBody`).
public struct StepToGltfAdvancedBody: Codable, Sendable, Hashable {
    /// The uploaded STEP file's id.
    public var stepFileID: String
    /// Conversion settings; sensible defaults when omitted.
    public var options: ConvertAdvancedOptions?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", options
    }

    /// An advanced conversion.
    public init(stepFileID: String, options: ConvertAdvancedOptions? = nil) {
        self.stepFileID = stepFileID
        self.options = options
    }
}

/// `POST /api/v1/convert/step-to-gltf-advanced-with-draco` (`StepToGltfAdvancedWithDracoBody`).
public struct StepToGltfAdvancedWithDracoBody: Codable, Sendable, Hashable {
    /// The uploaded STEP file's id.
    public var stepFileID: String
    /// Conversion settings; sensible defaults when omitted.
    public var options: ConvertAdvancedOptions?
    /// Draco options; defaults apply when omitted.
    public var draco: DracoCompressionOptions?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", options, draco
    }

    /// An advanced conversion with Draco compression.
    public init(stepFileID: String, options: ConvertAdvancedOptions? = nil, draco: DracoCompressionOptions? = nil) {
        self.stepFileID = stepFileID
        self.options = options
        self.draco = draco
    }
}

/// Fine-grained STEP → glTF settings (`ConvertAdvancedOptions`).
public struct ConvertAdvancedOptions: Codable, Sendable, Hashable {
    /// Apply STEP colours to glTF materials.
    public var readColors: Bool?
    /// Apply STEP product/instance names to glTF nodes.
    public var readNames: Bool?
    /// Read material definitions.
    public var readMaterials: Bool?
    /// Read layer/group structure.
    public var readLayers: Bool?
    /// Read custom properties.
    public var readProps: Bool?
    /// Linear deflection, [0.0001, 10].
    public var meshDeflection: Double?
    /// Angular deflection in radians, [0.01, π].
    public var meshAngle: Double?
    /// Parallel tessellation.
    public var meshParallel: Bool?
    /// Size-aware relative deflection per face.
    public var meshRelative: Bool?
    /// Add interior vertices for curved faces (slower).
    public var internalVerticesMode: Bool?
    /// Extra refinement pass (slower).
    public var controlSurfaceDeflection: Bool?
    /// Per-sub-shape meshing fallback threshold, integer in [-1, 500000]; -1 meshes in one pass.
    public var faceCountThreshold: Int?
    /// Merge co-planar adjacent faces.
    public var mergeFaces: Bool?
    /// Split meshes to 16-bit index buffers.
    public var splitIndices16: Bool?
    /// Write glTF in parallel.
    public var parallelWrite: Bool?
    /// Embed textures in the .glb.
    public var embedTextures: Bool?
    /// Generate UVs without textures.
    public var forceUVExport: Bool?
    /// How node names are derived.
    public var nodeNameFormat: GltfNameFormat?
    /// How mesh names are derived.
    public var meshNameFormat: GltfNameFormat?
    /// Transform representation.
    public var transformFormat: GltfTransformFormat?
    /// Convert Z-up to Y-up.
    public var adjustZtoY: Bool?
    /// Uniform scale, [1e-6, 1000] (0.001 turns mm into m).
    public var scale: Double?

    /// Options; unset ones take the server's defaults.
    public init(
        readColors: Bool? = nil, readNames: Bool? = nil, readMaterials: Bool? = nil,
        readLayers: Bool? = nil, readProps: Bool? = nil, meshDeflection: Double? = nil,
        meshAngle: Double? = nil, meshParallel: Bool? = nil, meshRelative: Bool? = nil,
        internalVerticesMode: Bool? = nil, controlSurfaceDeflection: Bool? = nil,
        faceCountThreshold: Int? = nil, mergeFaces: Bool? = nil, splitIndices16: Bool? = nil,
        parallelWrite: Bool? = nil, embedTextures: Bool? = nil, forceUVExport: Bool? = nil,
        nodeNameFormat: GltfNameFormat? = nil, meshNameFormat: GltfNameFormat? = nil,
        transformFormat: GltfTransformFormat? = nil, adjustZtoY: Bool? = nil, scale: Double? = nil
    ) {
        self.readColors = readColors
        self.readNames = readNames
        self.readMaterials = readMaterials
        self.readLayers = readLayers
        self.readProps = readProps
        self.meshDeflection = meshDeflection
        self.meshAngle = meshAngle
        self.meshParallel = meshParallel
        self.meshRelative = meshRelative
        self.internalVerticesMode = internalVerticesMode
        self.controlSurfaceDeflection = controlSurfaceDeflection
        self.faceCountThreshold = faceCountThreshold
        self.mergeFaces = mergeFaces
        self.splitIndices16 = splitIndices16
        self.parallelWrite = parallelWrite
        self.embedTextures = embedTextures
        self.forceUVExport = forceUVExport
        self.nodeNameFormat = nodeNameFormat
        self.meshNameFormat = meshNameFormat
        self.transformFormat = transformFormat
        self.adjustZtoY = adjustZtoY
        self.scale = scale
    }
}

/// Draco geometry compression settings (`DracoCompressionOptions`).
public struct DracoCompressionOptions: Codable, Sendable, Hashable {
    /// Apply Draco compression (default true on the *-with-draco endpoints).
    public var useDraco: Bool?
    /// Compression level, integer in [0, 10] (typical 7).
    public var dracoCompressionLevel: Int?
    /// Position quantization bits, [0, 31] (typical 14).
    public var dracoQuantizePositionBits: Int?
    /// Normal quantization bits, [0, 31] (typical 10).
    public var dracoQuantizeNormalBits: Int?
    /// Texture coordinate quantization bits, [0, 31] (typical 12).
    public var dracoQuantizeTexcoordBits: Int?
    /// Colour quantization bits, [0, 31] (typical 8).
    public var dracoQuantizeColorBits: Int?
    /// Generic attribute quantization bits, [0, 31] (typical 12).
    public var dracoQuantizeGenericBits: Int?
    /// Unified quantization across meshes.
    public var dracoUnifiedQuantization: Bool?

    /// Draco options; unset ones take the server's defaults.
    public init(
        useDraco: Bool? = nil, dracoCompressionLevel: Int? = nil, dracoQuantizePositionBits: Int? = nil,
        dracoQuantizeNormalBits: Int? = nil, dracoQuantizeTexcoordBits: Int? = nil,
        dracoQuantizeColorBits: Int? = nil, dracoQuantizeGenericBits: Int? = nil,
        dracoUnifiedQuantization: Bool? = nil
    ) {
        self.useDraco = useDraco
        self.dracoCompressionLevel = dracoCompressionLevel
        self.dracoQuantizePositionBits = dracoQuantizePositionBits
        self.dracoQuantizeNormalBits = dracoQuantizeNormalBits
        self.dracoQuantizeTexcoordBits = dracoQuantizeTexcoordBits
        self.dracoQuantizeColorBits = dracoQuantizeColorBits
        self.dracoQuantizeGenericBits = dracoQuantizeGenericBits
        self.dracoUnifiedQuantization = dracoUnifiedQuantization
    }
}
