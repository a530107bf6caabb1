/// The shared submission path's use of a `SubmissionJournal`: record before sending, send with the decided
/// idempotency key (or not at all), then record the answer.
public struct JournaledSubmission: Sendable {
    /// The journal, or `nil` to send every request as new (the SDK's default).
    public var journal: (any SubmissionJournal)?

    /// A submission path over `journal` (`nil`: no journal).
    public init(journal: (any SubmissionJournal)?) { self.journal = journal }

    /// What a submission came to.
    public enum Outcome<Answer: Sendable>: Sendable {
        /// The request was sent (new, or again with its recorded key) and answered.
        case answered(Answer, ticket: SubmissionTicket?)
        /// An earlier run's unfinished job was resumed; nothing was sent.
        case resumed(jobID: String, status: String?, submittedAt: Date, ticket: SubmissionTicket)

        /// The journal's ticket, when a journal is used.
        public var ticket: SubmissionTicket? {
            switch self {
            case .answered(_, let ticket): ticket
            case .resumed(_, _, _, let ticket): ticket
            }
        }
    }

    /// Submits `request` through the journal.
    ///
    /// - Parameters:
    ///   - request: what is sent, for the journal.
    ///   - send: sends the request with the given idempotency key (`nil` for a provider that takes none, or
    ///     when no journal is used and the caller gave none) and returns the answer.
    ///   - id: the job or task id in the answer, and its status.
    /// - Throws: `SubmissionUnknownFateError` when an earlier identical submission of unknown fate may not be
    ///   repeated; what `send` threw (after recording whether the request surely made no job).
    public func submit<Answer: Sendable>(
        _ request: SubmissionRequest,
        send: (IdempotencyKey?) async throws -> Answer,
        id: (Answer) -> (id: String, status: String?)
    ) async throws -> Outcome<Answer> {
        guard let journal else {
            let key = request.takesIdempotencyKey ? (request.idempotencyKey ?? IdempotencyKey()) : nil
            return .answered(try await send(key), ticket: nil)
        }
        let ticket: SubmissionTicket
        let key: IdempotencyKey?
        switch try await journal.begin(request) {
        case .resume(let resumed, let jobID, let status, let submittedAt):
            return .resumed(jobID: jobID, status: status, submittedAt: submittedAt, ticket: resumed)
        case .refuse(_, let submittedAt):
            throw SubmissionUnknownFateError(provider: request.provider, submittedAt: submittedAt)
        case .sendNew(let new, let newKey):
            (ticket, key) = (new, newKey)
        case .resend(let earlier, let recordedKey, _):
            (ticket, key) = (earlier, recordedKey)
        }
        let answer: Answer
        do {
            answer = try await send(key)
        } catch {
            if Self.surelyMadeNoJob(error) { try? await journal.recordNotSubmitted(ticket) }
            throw error
        }
        let answered = id(answer)
        try await journal.recordAnswer(ticket, id: answered.id, status: answered.status)
        return .answered(answer, ticket: ticket)
    }

    /// Whether `error` shows that the request made no job: it was refused by a 4xx answer (not 408), a 429 or
    /// 503, was never sent (a usage error, cancellation before sending), or could not connect.
    public static func surelyMadeNoJob(_ error: any Error) -> Bool {
        switch CADError(error) {
        case .usage: return true
        case .api(let api): return (400..<500).contains(api.status) && api.status != 408 || api.status == 503
        case .transport(let transport):
            return [.dnsFailure, .connectFailed, .invalidURL, .fileError].contains(transport.kind)
        default: return false
        }
    }
}

/// An earlier identical submission to a provider without idempotency keys ended before its answer: it may
/// have made a task, so it is not sent again.
public struct SubmissionUnknownFateError: Error, Sendable, CustomStringConvertible {
    /// The provider (`bitbybit`).
    public var provider: String
    /// When the earlier run submitted it.
    public var submittedAt: Date

    /// The error for `provider`'s submission of `submittedAt`.
    public init(provider: String, submittedAt: Date) {
        self.provider = provider
        self.submittedAt = submittedAt
    }

    /// What happened: `an earlier run submitted this request to PROVIDER at TIME and ended before the answer, so
    /// it may have started a task`.
    public var fact: String {
        "an earlier run submitted this request to \(provider) at \(submittedAt.formatted(.iso8601)) and ended "
            + "before the answer, so it may have started a task"
    }

    /// The fact and what to do, in the SDK's terms.
    public var description: String {
        fact + "; look for it in the provider's task list, or submit again with `forceNew`"
    }
}
