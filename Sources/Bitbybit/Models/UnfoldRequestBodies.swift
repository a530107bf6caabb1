/// `POST /api/v1/cad/pro/unfold/face-to-flat`: unfold one developable face (`UnfoldFaceToFlatBody`).
public struct UnfoldFaceToFlatBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileID: String
    /// 0-based face index (default 0).
    public var faceIndex: Int?
    /// Output formats (default glTF).
    public var outputs: OutputOptions?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", faceIndex, outputs
    }

    /// A face unfold.
    public init(stepFileID: String, faceIndex: Int? = nil, outputs: OutputOptions? = nil) {
        self.stepFileID = stepFileID
        self.faceIndex = faceIndex
        self.outputs = outputs
    }
}

/// `POST /api/v1/cad/pro/unfold/face-report`: metrics for one face (`UnfoldFaceReportBody`).
public struct UnfoldFaceReportBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileID: String
    /// 0-based face index (default 0).
    public var faceIndex: Int?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", faceIndex
    }

    /// A face report.
    public init(stepFileID: String, faceIndex: Int? = nil) {
        self.stepFileID = stepFileID
        self.faceIndex = faceIndex
    }
}

/// `POST /api/v1/cad/pro/unfold/solid-to-flat`: flatten every sheet-metal solid
/// (`UnfoldSolidToFlatBody`).
public struct UnfoldSolidToFlatBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileID: String
    /// K-factor, [0, 1] (default 0.5).
    public var kFactor: Double?
    /// Thickness override in model units, ≥ 0; 0 auto-detects (the default).
    public var thicknessOverride: Double?
    /// Output formats (default glTF).
    public var outputs: OutputOptions?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", kFactor, thicknessOverride, outputs
    }

    /// A solid flattening.
    public init(stepFileID: String, kFactor: Double? = nil, thicknessOverride: Double? = nil, outputs: OutputOptions? = nil) {
        self.stepFileID = stepFileID
        self.kFactor = kFactor
        self.thicknessOverride = thicknessOverride
        self.outputs = outputs
    }
}

/// `POST /api/v1/cad/pro/unfold/solid-report`: per-solid metrics (`UnfoldSolidReportBody`).
public struct UnfoldSolidReportBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileID: String
    /// K-factor, [0, 1] (default 0.5).
    public var kFactor: Double?
    /// Thickness override in model units, ≥ 0; 0 auto-detects (the default).
    public var thicknessOverride: Double?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", kFactor, thicknessOverride
    }

    /// A solid report.
    public init(stepFileID: String, kFactor: Double? = nil, thicknessOverride: Double? = nil) {
        self.stepFileID = stepFileID
        self.kFactor = kFactor
        self.thicknessOverride = thicknessOverride
    }
}

/// `POST /api/v1/cad/pro/unfold/solid`: flatten and report in one call (`UnfoldSolidBody`).
public struct UnfoldSolidBody: Codable, Sendable, Hashable {
    /// The uploaded STEP (or .stpz) file's id.
    public var stepFileID: String
    /// K-factor, [0, 1] (default 0.5).
    public var kFactor: Double?
    /// Thickness override in model units, ≥ 0; 0 auto-detects (the default).
    public var thicknessOverride: Double?
    /// Output formats (default glTF); `decomposed-mesh` returns one mesh per solid.
    public var outputs: OutputOptions?

    private enum CodingKeys: String, CodingKey {
        case stepFileID = "stepFileId", kFactor, thicknessOverride, outputs
    }

    /// A combined unfold.
    public init(stepFileID: String, kFactor: Double? = nil, thicknessOverride: Double? = nil, outputs: OutputOptions? = nil) {
        self.stepFileID = stepFileID
        self.kFactor = kFactor
        self.thicknessOverride = thicknessOverride
        self.outputs = outputs
    }
}
