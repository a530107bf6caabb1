import CADCore

/// A submission as the ledger holds it.
public struct LedgerSubmission: Sendable, Hashable {
    /// The ledger's reference to it.
    public var ticket: SubmissionTicket
    /// The provider (`orville`).
    public var provider: String
    /// The base URL it was sent to.
    public var baseURL: String
    /// The first 16 hex digits of the SHA-256 of the key it was sent with.
    public var keyFingerprint: String
    /// The SHA-256 of the request (method, path, sorted JSON body, uploaded files' digests).
    public var requestFingerprint: String
    /// The idempotency key it was sent with, for providers that take one.
    public var idempotencyKey: String?
    /// When it was recorded, just before it was first sent.
    public var submittedAt: Date
    /// The job or task id, once answered.
    public var id: String?
    /// The last status seen.
    public var status: String?
    /// Whether its job was seen in a terminal state.
    public var isFinished: Bool
    /// The prompt or model it asked for.
    public var summary: String
    /// Every distinct status seen, in order.
    public var statuses: [String]
    /// The files written from its results.
    public var files: [LedgerFile]
}

/// A file written from a submission's results.
public struct LedgerFile: Sendable, Hashable {
    /// Where it was written.
    public var path: String
    /// Its size.
    public var bytes: Int64
    /// Its SHA-256 (lowercase hex).
    public var sha256: String

    /// A file record.
    public init(path: String, bytes: Int64, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}
