/// `GET /api/v1/models` (`ModelList`).
public struct ModelList: Codable, Sendable, Hashable {
    /// Model slugs, e.g. `dragon-cup`, `phone-nest`.
    public var models: [String]
}

/// A parametric model and its parameters (`ModelDefinition`).
public struct ModelDefinition: Codable, Sendable, Hashable {
    /// Slug used in paths.
    public var name: String
    /// Display name.
    public var displayName: String
    /// What the model makes.
    public var description: String
    /// Every accepted parameter.
    public var params: [ModelParamDefinition]
    /// The complete default parameter values.
    public var defaults: [String: JSONValue]
}

/// One model parameter (`ModelParamDefinition`).
public struct ModelParamDefinition: Codable, Sendable, Hashable {
    /// Element type of an array parameter.
    public struct ItemType: Codable, Sendable, Hashable {
        /// The element's type name.
        public var type: String
    }

    /// Name as used in the request body.
    public var name: String
    /// Data type.
    public var type: ModelParamApiType
    /// What it controls.
    public var description: String
    /// Value used when omitted.
    public var `default`: JSONValue?
    /// Element type (array parameters only).
    public var items: ItemType?
}

/// `POST /api/v1/models/definitions` (`ModelBatchDefinitions`).
public struct ModelBatchDefinitions: Codable, Sendable, Hashable {
    /// Definitions by slug.
    public var definitions: [String: ModelDefinition]
}

/// `GET /health` (`HealthStatus`).
public struct HealthStatus: Codable, Sendable, Hashable {
    /// `ok` or `degraded`.
    public var status: HealthState
    /// ISO 8601 time of the check.
    public var timestamp: String
}
