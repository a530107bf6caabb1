/// Which formats to produce and at what quality (`OutputOptions`). Do not ask for both `step` and
/// `stpz`: only one STEP variant per request.
public struct OutputOptions: Codable, Sendable, Hashable {
    /// The formats, at least one; each becomes a downloadable result (`gltf` under the key `glb`).
    public var formats: [OutputFormat]
    /// Tessellation precision for mesh outputs, 0.0001…10 (lower is finer).
    public var meshPrecision: Double?
    /// Overrides `meshPrecision` for glTF only, 0.0001…10.
    public var gltfMeshPrecision: Double?
    /// Convert from Y-up to Z-up.
    public var adjustYtoZ: Bool?

    /// Output options.
    public init(
        formats: [OutputFormat], meshPrecision: Double? = nil, gltfMeshPrecision: Double? = nil,
        adjustYtoZ: Bool? = nil
    ) {
        self.formats = formats
        self.meshPrecision = meshPrecision
        self.gltfMeshPrecision = gltfMeshPrecision
        self.adjustYtoZ = adjustYtoZ
    }
}

/// `POST /api/v1/models/{name}`: generate a parametric model (`ModelSubmissionBody`).
public struct ModelSubmissionBody: Codable, Sendable, Hashable {
    /// Model-specific parameters; omitted ones take their defaults.
    public var params: [String: JSONValue]?
    /// The outputs to produce.
    public var outputs: OutputOptions

    /// A model submission.
    public init(params: [String: JSONValue]? = nil, outputs: OutputOptions) {
        self.params = params
        self.outputs = outputs
    }
}

/// `POST /api/v1/models/{name}/batch`: 1–50 parameter variations of one model
/// (`BatchModelSubmissionBody`).
public struct BatchModelSubmissionBody: Codable, Sendable, Hashable {
    /// One variation.
    public struct Item: Codable, Sendable, Hashable {
        /// The variation's parameters.
        public var params: [String: JSONValue]?
        /// A variation.
        public init(params: [String: JSONValue]? = nil) { self.params = params }
    }

    /// The variations, 1 to 50.
    public var items: [Item]
    /// Outputs applied to every item.
    public var outputs: OutputOptions

    /// A batch submission.
    public init(items: [Item], outputs: OutputOptions) {
        self.items = items
        self.outputs = outputs
    }
}

/// `POST /api/v1/models/definitions`: fetch definitions of several models (`DefinitionsBody`).
public struct DefinitionsBody: Codable, Sendable, Hashable {
    /// Model slugs, at least one, e.g. `dragon-cup`.
    public var names: [String]

    /// A definitions request.
    public init(names: [String]) { self.names = names }
}

/// `POST /api/v1/models/dragon-cup` (`DragonCupBody`).
public struct DragonCupBody: Codable, Sendable, Hashable {
    /// The cup's parameters; all optional.
    public var params: DragonCupParams?
    /// The outputs to produce.
    public var outputs: OutputOptions

    /// A dragon cup request.
    public init(params: DragonCupParams? = nil, outputs: OutputOptions) {
        self.params = params
        self.outputs = outputs
    }
}

/// Dragon cup parameters (`DragonCupParams`); every one optional, with the documented range
/// (`(a, b]` excludes `a`). The validator enforces the ranges.
public struct DragonCupParams: Codable, Sendable, Hashable {
    /// Total cup height in cm, (0, 50].
    public var height: Double?
    /// Radius at the base in cm, (0, 30].
    public var radiusBottom: Double?
    /// How much the top radius differs from the bottom, [0, 20].
    public var radiusTopOffset: Double?
    /// Mid-section radius offset, [0, 20].
    public var radiusMidOffset: Double?
    /// Top twist angle in degrees, [-360, 360].
    public var rotationTopAngle: Double?
    /// Mid twist angle in degrees, [-360, 360].
    public var rotationMidAngle: Double?
    /// Vertical skin cell count, integer in (0, 30].
    public var nrSkinCellsVertical: Int?
    /// Horizontal skin cell count, integer in (0, 50].
    public var nrSkinCellsHorizontal: Int?
    /// Subdivisions at the top of each cell, integer in (0, 10].
    public var nrSkinCellDivisionsTop: Int?
    /// Subdivisions at the bottom of each cell, integer in (0, 10].
    public var nrSkinCellDivisionsBottom: Int?
    /// Outer cell extrusion height, (0, 5].
    public var skinCellOuterHeight: Double?
    /// Inner cell extrusion height, (0, 5].
    public var skinCellInnerHeight: Double?
    /// Bottom cell height, (0, 5].
    public var skinCellBottomHeight: Double?
    /// Top cell height, (0, 5].
    public var skinCellTopHeight: Double?
    /// Shell wall thickness, (0, 5].
    public var thickness: Double?
    /// Bottom plate thickness, (0, 5].
    public var bottomThickness: Double?
    /// Geometry precision, [0.0001, 10] (lower is finer).
    public var precision: Double?
    /// Final rotation in degrees, [-360, 360].
    public var rotation: Double?
    /// Uniform scale, [1e-6, 1000].
    public var scale: Double?
    /// Placement origin `[x, y, z]`, each in [-1000, 1000].
    public var origin: [Double]?
    /// Up direction `[x, y, z]`, each in [-1000, 1000].
    public var direction: [Double]?

    /// Parameters; unset ones take the server's defaults.
    public init(
        height: Double? = nil, radiusBottom: Double? = nil, radiusTopOffset: Double? = nil,
        radiusMidOffset: Double? = nil, rotationTopAngle: Double? = nil, rotationMidAngle: Double? = nil,
        nrSkinCellsVertical: Int? = nil, nrSkinCellsHorizontal: Int? = nil,
        nrSkinCellDivisionsTop: Int? = nil, nrSkinCellDivisionsBottom: Int? = nil,
        skinCellOuterHeight: Double? = nil, skinCellInnerHeight: Double? = nil,
        skinCellBottomHeight: Double? = nil, skinCellTopHeight: Double? = nil, thickness: Double? = nil,
        bottomThickness: Double? = nil, precision: Double? = nil, rotation: Double? = nil,
        scale: Double? = nil, origin: [Double]? = nil, direction: [Double]? = nil
    ) {
        self.height = height
        self.radiusBottom = radiusBottom
        self.radiusTopOffset = radiusTopOffset
        self.radiusMidOffset = radiusMidOffset
        self.rotationTopAngle = rotationTopAngle
        self.rotationMidAngle = rotationMidAngle
        self.nrSkinCellsVertical = nrSkinCellsVertical
        self.nrSkinCellsHorizontal = nrSkinCellsHorizontal
        self.nrSkinCellDivisionsTop = nrSkinCellDivisionsTop
        self.nrSkinCellDivisionsBottom = nrSkinCellDivisionsBottom
        self.skinCellOuterHeight = skinCellOuterHeight
        self.skinCellInnerHeight = skinCellInnerHeight
        self.skinCellBottomHeight = skinCellBottomHeight
        self.skinCellTopHeight = skinCellTopHeight
        self.thickness = thickness
        self.bottomThickness = bottomThickness
        self.precision = precision
        self.rotation = rotation
        self.scale = scale
        self.origin = origin
        self.direction = direction
    }
}

/// `POST /api/v1/models/phone-nest` (`PhoneNestBody`).
public struct PhoneNestBody: Codable, Sendable, Hashable {
    /// The stand's parameters; all optional.
    public var params: PhoneNestParams?
    /// The outputs to produce.
    public var outputs: OutputOptions

    /// A phone nest request.
    public init(params: PhoneNestParams? = nil, outputs: OutputOptions) {
        self.params = params
        self.outputs = outputs
    }
}

/// Phone nest parameters (`PhoneNestParams`); every one optional, with the documented range
/// (`(a, b]` excludes `a`). The validator enforces the ranges.
public struct PhoneNestParams: Codable, Sendable, Hashable {
    /// Height of the bottom section in cm, (0, 50].
    public var heightBottom: Double?
    /// Height of the top section in cm, (0, 50].
    public var heightTop: Double?
    /// Width at the back in cm, (0, 50].
    public var widthBack: Double?
    /// Width at the front in cm, (0, 50].
    public var widthFront: Double?
    /// Depth in cm, (0, 50].
    public var length: Double?
    /// Back curve offset in cm, [0, 30].
    public var backOffset: Double?
    /// Shell wall thickness, (0, 5].
    public var thickness: Double?
    /// Add decorative perforations.
    public var applyOrnaments: Bool?
    /// Fillet radius on loft edges, [0, 15].
    public var filletRadius: Double?
    /// Phone mock-up height in cm, (0, 35].
    public var phoneHeight: Double?
    /// Phone mock-up width in cm, (0, 35].
    public var phoneWidth: Double?
    /// Phone mock-up thickness in cm, (0, 3].
    public var phoneThickness: Double?
    /// Geometry precision, [0.0001, 10] (lower is finer).
    public var precision: Double?
    /// Final rotation in degrees, [-360, 360].
    public var rotation: Double?
    /// Uniform scale, [1e-6, 1000].
    public var scale: Double?
    /// Placement origin `[x, y, z]`, each in [-1000, 1000].
    public var origin: [Double]?
    /// Up direction `[x, y, z]`, each in [-1000, 1000].
    public var direction: [Double]?

    /// Parameters; unset ones take the server's defaults.
    public init(
        heightBottom: Double? = nil, heightTop: Double? = nil, widthBack: Double? = nil,
        widthFront: Double? = nil, length: Double? = nil, backOffset: Double? = nil,
        thickness: Double? = nil, applyOrnaments: Bool? = nil, filletRadius: Double? = nil,
        phoneHeight: Double? = nil, phoneWidth: Double? = nil, phoneThickness: Double? = nil,
        precision: Double? = nil, rotation: Double? = nil, scale: Double? = nil,
        origin: [Double]? = nil, direction: [Double]? = nil
    ) {
        self.heightBottom = heightBottom
        self.heightTop = heightTop
        self.widthBack = widthBack
        self.widthFront = widthFront
        self.length = length
        self.backOffset = backOffset
        self.thickness = thickness
        self.applyOrnaments = applyOrnaments
        self.filletRadius = filletRadius
        self.phoneHeight = phoneHeight
        self.phoneWidth = phoneWidth
        self.phoneThickness = phoneThickness
        self.precision = precision
        self.rotation = rotation
        self.scale = scale
        self.origin = origin
        self.direction = direction
    }
}
