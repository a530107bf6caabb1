/// `POST /api/v1/cad/pro/unfold/face-to-flat`: unfold one developable face (`UnfoldFaceToFlatBody`).
public struct UnfoldFaceToFlatBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileId: String
    /// 0-based face index (default 0).
    public var faceIndex: Int?
    /// Output formats (default glTF).
    public var outputs: OutputOptions?

    /// A face unfold.
    public init(stepFileId: String, faceIndex: Int? = nil, outputs: OutputOptions? = nil) {
        self.stepFileId = stepFileId
        self.faceIndex = faceIndex
        self.outputs = outputs
    }
}

/// `POST /api/v1/cad/pro/unfold/face-report`: metrics for one face (`UnfoldFaceReportBody`).
public struct UnfoldFaceReportBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileId: String
    /// 0-based face index (default 0).
    public var faceIndex: Int?

    /// A face report.
    public init(stepFileId: String, faceIndex: Int? = nil) {
        self.stepFileId = stepFileId
        self.faceIndex = faceIndex
    }
}

/// `POST /api/v1/cad/pro/unfold/solid-to-flat`: flatten every sheet-metal solid
/// (`UnfoldSolidToFlatBody`).
public struct UnfoldSolidToFlatBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileId: String
    /// K-factor, [0, 1] (default 0.5).
    public var kFactor: Double?
    /// Thickness override in model units, ≥ 0; 0 auto-detects (the default).
    public var thicknessOverride: Double?
    /// Output formats (default glTF).
    public var outputs: OutputOptions?

    /// A solid flattening.
    public init(stepFileId: String, kFactor: Double? = nil, thicknessOverride: Double? = nil, outputs: OutputOptions? = nil) {
        self.stepFileId = stepFileId
        self.kFactor = kFactor
        self.thicknessOverride = thicknessOverride
        self.outputs = outputs
    }
}

/// `POST /api/v1/cad/pro/unfold/solid-report`: per-solid metrics (`UnfoldSolidReportBody`).
public struct UnfoldSolidReportBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileId: String
    /// K-factor, [0, 1] (default 0.5).
    public var kFactor: Double?
    /// Thickness override in model units, ≥ 0; 0 auto-detects (the default).
    public var thicknessOverride: Double?

    /// A solid report.
    public init(stepFileId: String, kFactor: Double? = nil, thicknessOverride: Double? = nil) {
        self.stepFileId = stepFileId
        self.kFactor = kFactor
        self.thicknessOverride = thicknessOverride
    }
}

/// `POST /api/v1/cad/pro/unfold/solid`: flatten and report in one call (`UnfoldSolidBody`).
public struct UnfoldSolidBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileId: String
    /// K-factor, [0, 1] (default 0.5).
    public var kFactor: Double?
    /// Thickness override in model units, ≥ 0; 0 auto-detects (the default).
    public var thicknessOverride: Double?
    /// Output formats (default glTF); `decomposed-mesh` returns one mesh per solid.
    public var outputs: OutputOptions?

    /// A combined unfold.
    public init(stepFileId: String, kFactor: Double? = nil, thicknessOverride: Double? = nil, outputs: OutputOptions? = nil) {
        self.stepFileId = stepFileId
        self.kFactor = kFactor
        self.thicknessOverride = thicknessOverride
        self.outputs = outputs
    }
}
