@_exported import CADCore

/// The typed Makistry client module: `MakistryClient`, its models, local validation, the per-key rate
/// limiter and the webhook verifier.
public enum MakistryModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "makistry"
}
