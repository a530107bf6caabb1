import CADCLICore
import CADCore
import Foundation

/// A paid submission as the tools continue with it: the provider's answer (none when an earlier call's
/// unfinished job was resumed), the job or task id and status, and its record in the ledger.
struct Ledgered<Answer: Sendable>: Sendable {
    var answer: Answer?
    var id: String
    var status: String
    var tracker: SubmissionTracker
}

extension ProviderClients {
    /// Sends a paid request through the local ledger, as the CLI does: an identical request whose job is
    /// unfinished is resumed (nothing sent, so nothing paid twice), one of unknown fate at a provider without
    /// idempotency keys is refused, and Orville and Makistry get the recorded key when a request is sent again.
    func submit<Answer: Sendable>(
        _ provider: Provider, path: String, body: JSONValue, uploads: [String] = [], summary: String,
        progress: ProgressReporter, send: (IdempotencyKey?) async throws -> Answer,
        id: (Answer) -> (id: String, status: String?)
    ) async throws -> Ledgered<Answer> {
        let (key, url) = try credentials(provider)
        let request = SubmissionRequest(
            provider: provider.rawValue, baseURL: url.absoluteString, apiKey: key, path: path, body: body,
            uploadedFiles: uploads, takesIdempotencyKey: provider != .bitbybit, summary: summary)
        let (outcome, tracker) = try await LedgerAccess.submit(request, journal: ledger(), send: send, id: id)
        switch outcome {
        case .answered(let answer, _):
            let answered = id(answer)
            return Ledgered(answer: answer, id: answered.id, status: answered.status ?? "submitted", tracker: tracker)
        case .resumed(let jobID, let status, let submittedAt, _):
            progress.note("resuming \(jobID), submitted at \(submittedAt.formatted(.iso8601)) by an earlier call")
            return Ledgered(answer: nil, id: jobID, status: status ?? "submitted", tracker: tracker)
        }
    }

    /// After waiting and downloading: records the files and that the submission is done.
    static func finished(_ tracker: SubmissionTracker, files: [String], status: String) async {
        await tracker.files(files)
        await tracker.finished(status)
    }
}
