/// A job's status: `queued → processing → success | failed`. Unknown values are kept, not rejected.
public struct JobStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The status as Makistry spells it.
    public let rawValue: String

    /// A status from its spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Accepted, waiting for a worker.
    public static let queued = JobStatus(rawValue: "queued")
    /// Being generated.
    public static let processing = JobStatus(rawValue: "processing")
    /// Finished; `download_url` holds the file.
    public static let success = JobStatus(rawValue: "success")
    /// Finished without a file; `error_code` and `error_message` say why.
    public static let failed = JobStatus(rawValue: "failed")

    /// Whether the job has stopped changing (`success` or `failed`).
    public var isTerminal: Bool { self == .success || self == .failed }

    /// The raw spelling.
    public var description: String { rawValue }

    /// Decodes the raw string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the raw string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
