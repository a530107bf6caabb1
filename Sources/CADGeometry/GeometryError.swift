/// Why a part file could not be read or measured.
public struct GeometryError: Error, Sendable, CustomStringConvertible {
    /// The class of failure, which decides the CLI's exit code.
    public enum Kind: Sendable, Equatable {
        /// The file is not what its name says, or is corrupt (the CLI exits 2).
        case invalidFile
        /// The file cannot be opened or read (the CLI exits 2).
        case unreadable
        /// A tool this format needs is missing or failed (the CLI exits 1).
        case toolUnavailable
    }

    /// The class of failure.
    public var kind: Kind
    /// What was wrong, and how to fix it where that is known.
    public var message: String

    /// A failure of `kind` described by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The file is corrupt or is not of the format its name says.
    static func invalid(_ message: String) -> GeometryError { GeometryError(.invalidFile, message) }

    /// The message.
    public var description: String { message }
}
