@_exported import CADCore

/// The typed Orville client module. Its client arrives with the provider issue.
public enum OrvilleModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "orville"
}
