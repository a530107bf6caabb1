@_exported import CADCore

/// The typed Bitbybit client module: request and response models, the typed pipeline builder
/// (``PipelineBuilder``) and the local validator (``BitbybitValidator``). Its HTTP client arrives
/// with the provider issue.
public enum BitbybitModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "bitbybit"
}
