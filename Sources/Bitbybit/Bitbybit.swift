@_exported import CADCore

/// The typed Bitbybit client module: request and response models, the typed pipeline builder
/// (``PipelineBuilder``), the local validator (``BitbybitValidator``) and the HTTP client
/// (``BitbybitClient``).
public enum BitbybitModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "bitbybit"
}
