@_exported import CADCore

/// The typed Bitbybit client module. Its client arrives with the provider issue.
public enum BitbybitModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "bitbybit"
}
