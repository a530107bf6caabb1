import CADCore
import Orville

/// Orville's client for a job just created or continued: the neutral protocol, except that the wait's
/// first poll comes no sooner than the `poll_after_seconds` the submission answered.
struct OrvilleAfterSubmission: PromptToCADClient {
    /// The Orville client.
    var client: OrvilleClient
    /// The submission's poll hint; `nil` polls at once.
    var firstPollAfter: Duration?

    /// Submits through the client.
    func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob { try await client.submit(request) }

    /// Reads the job's state through the client.
    func status(_ jobID: String) async throws -> PromptToCADJob { try await client.status(jobID) }

    /// Waits as the client does, the first poll after `firstPollAfter`.
    func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob {
        try await client.wait(jobID, firstPollAfter: firstPollAfter, timeout: timeout, observer: observer)
    }

    /// Downloads through the client.
    func download(
        _ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?
    ) async throws -> [DownloadResult] {
        try await client.download(jobID, into: directory, overwrite: overwrite, progress: progress)
    }
}
