import CADCore
import CADLedger
import Synchronization

/// The CLI's use of the local ledger: opened for submitting commands unless `--no-ledger` or
/// `CADCTL_NO_LEDGER=1`, applying the resume rule through CADCore's `JournaledSubmission`.
enum LedgerGate {
    /// The ledger for this run, or `nil` when turned off.
    static func journal(_ context: CommandContext) throws -> Ledger? {
        if context.global.noLedger { return nil }
        if let value = context.environment["CADCTL_NO_LEDGER"], !["0", "false", "no"].contains(value.lowercased()) {
            return nil
        }
        let path = LedgerLocation.databasePath(environment: context.environment.values)
        return try opened.withLock { ledgers in
            if let ledger = ledgers[path] { return ledger }
            let ledger = try Ledger(path: path)
            ledgers[path] = ledger
            return ledger
        }
    }

    /// One open ledger per database for the whole run (`sync` submits many parts).
    private static let opened = Mutex<[String: Ledger]>([:])

    /// The ledger record of an earlier submission answered with `jobID`, for commands that continue a job by id
    /// (`jobs wait`): the statuses they see finish it, so a later identical submission is not resumed. No
    /// record (or no ledger) records nothing.
    static func tracker(provider: Provider, jobID: String, context: CommandContext) async -> SubmissionTracker {
        guard let journal = try? journal(context),
              let ticket = try? await journal.ticket(provider: provider.rawValue, jobID: jobID)
        else { return .none }
        return SubmissionTracker(journal: journal, ticket: ticket)
    }

    /// Submits through the ledger: prints the resume line when an earlier run's job is resumed, and turns a
    /// refused unknown-fate submission into exit 1.
    static func submit<Answer: Sendable>(
        _ request: SubmissionRequest, context: CommandContext,
        send: (IdempotencyKey?) async throws -> Answer,
        id: (Answer) -> (id: String, status: String?)
    ) async throws -> Submitted<Answer> {
        var request = request
        request.forceNew = request.forceNew || context.global.newSubmission
        let journal = try journal(context)
        let outcome: JournaledSubmission.Outcome<Answer>
        do {
            outcome = try await JournaledSubmission(journal: journal).submit(request, send: send, id: id)
        } catch let error as SubmissionUnknownFateError {
            throw CLIError(status: .failure, message: error.description)
        }
        let tracker = SubmissionTracker(journal: journal, ticket: outcome.ticket)
        switch outcome {
        case .answered(let answer, _):
            let answered = id(answer)
            return Submitted(answer: answer, id: answered.id, status: answered.status, tracker: tracker)
        case .resumed(let jobID, let status, let submittedAt, _):
            context.info("resuming \(jobID), submitted at \(LedgerTime.text(submittedAt)) by an earlier run (--new submits another)")
            return Submitted(answer: nil, id: jobID, status: status, tracker: tracker)
        }
    }
}

/// A submission's outcome as the commands continue with it.
struct Submitted<Answer: Sendable>: Sendable {
    /// The provider's answer, or `nil` when an earlier run's job was resumed.
    var answer: Answer?
    /// The job or task id.
    var id: String
    /// Its last known status.
    var status: String?
    /// Where its statuses and files are recorded.
    var tracker: SubmissionTracker

    /// Whether an earlier run's job was resumed (nothing was sent).
    var isResumed: Bool { answer == nil }
}

/// Records a submission's later statuses and files in the ledger; recording failures never fail the command.
struct SubmissionTracker: Sendable {
    var journal: (any SubmissionJournal)?
    var ticket: SubmissionTicket?

    /// No ledger.
    static let none = SubmissionTracker(journal: nil, ticket: nil)

    /// Records a status seen.
    func status(_ status: String, terminal: Bool) async {
        guard let journal, let ticket else { return }
        try? await journal.recordStatus(ticket, status: status, isTerminal: terminal)
    }

    /// Records that the command is done with the submission (its files are written): it is never resumed.
    func finished(_ status: String) async { await self.status(status, terminal: true) }

    /// Records written files.
    func files(_ paths: [String]) async {
        guard let journal, let ticket else { return }
        for path in paths { try? await journal.recordFile(ticket, path: path) }
    }

    /// Runs `wait`, recording the final status (`failed` when the job failed, which finishes the submission).
    ///
    /// - Parameter finishes: whether a successful end finishes the submission; `false` when files are still
    ///   to be downloaded, so a run killed while downloading is resumed rather than paid for again (call
    ///   `finished(_:)` once they are written).
    func waiting<T: Sendable>(
        finishes: Bool = true, _ wait: () async throws -> T, status: (T) -> String
    ) async throws -> T {
        do {
            let value = try await wait()
            await self.status(status(value), terminal: finishes)
            return value
        } catch let error as JobFailedError {
            await self.status(error.status, terminal: true)
            throw error
        }
    }
}

/// Times as the ledger's messages and listings show them (`2026-12-05T14:09:00Z`).
enum LedgerTime {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
