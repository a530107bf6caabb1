/// A record of paid submissions that lets a re-run resume the job an earlier run started instead of paying
/// for a second one.
///
/// The shared submission path (`JournaledSubmission`) asks the journal before a request leaves
/// (`begin(_:)`), then tells it the answer, every status seen, and every file written. A journal never
/// stores an API key: implementations keep only a fingerprint of it. `CADLedger` implements this protocol
/// over SQLite; SDK users opt in by passing one (no journal is used by default).
public protocol SubmissionJournal: Sendable {
    /// Records `request` before it is sent and decides how to send it (see `SubmissionDecision`).
    ///
    /// Implementations apply the resume rule: an unfinished submission of the same request (same provider,
    /// base URL, key fingerprint and request fingerprint) made less than 24 hours ago is resumed (its id is
    /// known), re-sent with its recorded idempotency key (no id, the provider takes keys), or refused (no id,
    /// the provider takes none). With `request.forceNew`, a new submission is always recorded.
    func begin(_ request: SubmissionRequest) async throws -> SubmissionDecision

    /// Records the provider's answer: the job or task id of the submission.
    func recordAnswer(_ ticket: SubmissionTicket, id: String, status: String?) async throws

    /// Records a status seen for the submission's job; `isTerminal` marks it finished.
    func recordStatus(_ ticket: SubmissionTicket, status: String, isTerminal: Bool) async throws

    /// Records that the submission surely made no job (the provider refused it, or it never left), so a re-run
    /// sends it again rather than resuming it.
    func recordNotSubmitted(_ ticket: SubmissionTicket) async throws

    /// Records a file written from the submission's results (the journal measures its size and digest).
    func recordFile(_ ticket: SubmissionTicket, path: String) async throws

    /// The most recent submission that answered with `jobID` at `provider`, for commands that continue a job
    /// by id (`wait`, `download`), or `nil` when the journal does not know it.
    func ticket(provider: String, jobID: String) async throws -> SubmissionTicket?
}

/// One submission in a journal (an opaque row reference).
public struct SubmissionTicket: Sendable, Hashable, CustomStringConvertible {
    /// The journal's identifier of the submission.
    public let rawValue: Int64

    /// A ticket for the journal's submission `rawValue`.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// The identifier as text.
    public var description: String { String(rawValue) }
}
