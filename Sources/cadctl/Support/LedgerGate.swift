import CADCLICore
import CADCore
import CADLedger

/// The CLI's use of the local ledger: opened for submitting commands unless `--no-ledger` or
/// `CADCTL_NO_LEDGER=1`, applying the resume rule through CADCore's `JournaledSubmission`.
enum LedgerGate {
    /// The ledger for this run, or `nil` when turned off.
    static func journal(_ context: CommandContext) throws -> Ledger? {
        // One open ledger per database for the whole run (`sync` submits many parts).
        try LedgerAccess.journal(environment: context.environment, disabled: context.global.noLedger)
    }

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
        let (outcome, tracker) = try await LedgerAccess.submit(request, journal: journal(context), send: send, id: id)
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

/// Times as the ledger's messages and listings show them (`2026-12-05T14:09:00Z`).
enum LedgerTime {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
