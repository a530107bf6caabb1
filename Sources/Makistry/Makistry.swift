@_exported import CADCore

/// The typed Makistry client module. Its client arrives with the provider issue.
public enum MakistryModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "makistry"
}
