@_exported import CADCore

/// The Orville (Ballista Labs) prompt-to-CAD API: start with `OrvilleClient`.
public enum OrvilleModule {
    /// The provider name used in errors and the CLI.
    public static let provider = "orville"
}
