/// A job's status as Orville spells it: `queued`, `running`, `completed`, `failed` (other values a newer
/// API might add are kept as they are).
public struct OrvilleJobStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The status text.
    public var rawValue: String

    /// A status from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Waiting to start.
    public static let queued = OrvilleJobStatus(rawValue: "queued")
    /// Generating.
    public static let running = OrvilleJobStatus(rawValue: "running")
    /// Finished with a revision.
    public static let completed = OrvilleJobStatus(rawValue: "completed")
    /// Finished without one.
    public static let failed = OrvilleJobStatus(rawValue: "failed")

    /// Whether the job has stopped (`completed` or `failed`): polling ends.
    public var isTerminal: Bool { self == .completed || self == .failed }

    /// Decodes the status text.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the status text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The status text.
    public var description: String { rawValue }
}
