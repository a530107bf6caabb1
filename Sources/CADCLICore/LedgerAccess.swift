import CADCore
import CADLedger
import Synchronization

/// The local ledger as cadctl and its MCP server open it: at `LedgerLocation`'s path, unless turned off
/// (`CADCTL_NO_LEDGER=1`, or `--no-ledger` for one CLI run); one open ledger per database per process.
public enum LedgerAccess {
    /// The ledger, or `nil` when it is turned off.
    public static func journal(environment: Environment, disabled: Bool = false) throws -> Ledger? {
        if disabled { return nil }
        if let value = environment["CADCTL_NO_LEDGER"], !["0", "false", "no"].contains(value.lowercased()) {
            return nil
        }
        let path = LedgerLocation.databasePath(environment: environment.values)
        return try opened.withLock { ledgers in
            if let ledger = ledgers[path] { return ledger }
            let ledger = try open(path: path)
            ledgers[path] = ledger
            return ledger
        }
    }

    /// The ledger at `path`; when it cannot be created, the SDK's advice (`set CADCTL_STATE_DIR …`) gains
    /// cadctl's way around it.
    public static func open(path: String) throws -> Ledger {
        do {
            return try Ledger(path: path)
        } catch CADError.usage(let message) {
            throw CADError.usage(message + ", or pass --no-ledger")
        }
    }

    private static let opened = Mutex<[String: Ledger]>([:])

    /// Sends `request` through `journal` (`nil`: sent as new) under the resume rule, as cadctl and its MCP server
    /// both do: an identical unfinished submission is resumed, and one of unknown fate at a provider without
    /// idempotency keys is refused with a `CLIError` (exit 1).
    ///
    /// - Returns: the outcome, and the tracker that records the submission's later statuses and files.
    public static func submit<Answer: Sendable>(
        _ request: SubmissionRequest, journal: (any SubmissionJournal)?,
        send: (IdempotencyKey?) async throws -> Answer, id: (Answer) -> (id: String, status: String?)
    ) async throws -> (outcome: JournaledSubmission.Outcome<Answer>, tracker: SubmissionTracker) {
        let outcome: JournaledSubmission.Outcome<Answer>
        do {
            outcome = try await JournaledSubmission(journal: journal).submit(request, send: send, id: id)
        } catch let error as SubmissionUnknownFateError {
            throw CLIError(
                status: .failure,
                message: error.fact + "; look for it with `cadctl tasks list` (or `cadctl jobs history`), "
                    + "or pass --new to submit anyway")
        }
        return (outcome, SubmissionTracker(journal: journal, ticket: outcome.ticket))
    }
}

/// Records a submission's later statuses and files in the ledger; recording failures never fail the command.
public struct SubmissionTracker: Sendable {
    /// The ledger, or `nil` when none is used.
    public var journal: (any SubmissionJournal)?
    /// The submission's record.
    public var ticket: SubmissionTicket?

    /// A tracker of `ticket` in `journal`.
    public init(journal: (any SubmissionJournal)?, ticket: SubmissionTicket?) {
        self.journal = journal
        self.ticket = ticket
    }

    /// No ledger.
    public static let none = SubmissionTracker(journal: nil, ticket: nil)

    /// Records a status seen.
    public func status(_ status: String, terminal: Bool) async {
        guard let journal, let ticket else { return }
        try? await journal.recordStatus(ticket, status: status, isTerminal: terminal)
    }

    /// Records that the command is done with the submission (its files are written): it is never resumed.
    public func finished(_ status: String) async { await self.status(status, terminal: true) }

    /// Records written files.
    public func files(_ paths: [String]) async {
        guard let journal, let ticket else { return }
        for path in paths { try? await journal.recordFile(ticket, path: path) }
    }

    /// Runs `wait`, recording the final status (`failed` when the job failed, which finishes the submission).
    ///
    /// - Parameters:
    ///   - finishes: whether a successful end finishes the submission; `false` when files are still to be
    ///     downloaded, so a run killed while downloading is resumed rather than paid for again (call
    ///     `finished(_:)` once they are written).
    ///   - wait: the wait itself.
    ///   - status: the provider's status word of what `wait` returned, recorded in the ledger.
    public func waiting<T: Sendable>(
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
