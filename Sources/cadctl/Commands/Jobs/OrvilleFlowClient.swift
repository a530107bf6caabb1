import CADCore
import Orville
import Synchronization

/// Orville's client as the `jobs` flow uses it: the neutral protocol, with two Orville facts kept. The wait
/// after a create or follow-up polls first no sooner than the `poll_after_seconds` the submission answered,
/// and a download uses the artifacts the finished job listed (no extra request for the list).
final class OrvilleFlowClient: PromptToCADClient {
    /// The Orville client.
    let client: OrvilleClient
    /// The submission's poll hint; `nil` polls at once.
    let firstPollAfter: Duration?
    /// The artifacts of the jobs this client saw finish, by job id.
    private let finishedArtifacts = Mutex<[String: [OrvilleArtifact]]>([:])

    /// A flow client over `client`, waiting first for `firstPollAfter`.
    init(_ client: OrvilleClient, firstPollAfter: Duration? = nil) {
        self.client = client
        self.firstPollAfter = firstPollAfter
    }

    /// The client's formats.
    var supportedFormats: [PromptToCADFormat] { client.supportedFormats }

    /// Submits through the client.
    func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob { try await client.submit(request) }

    /// Reads the job's state through the client.
    func status(_ jobID: String) async throws -> PromptToCADJob { try await client.status(jobID) }

    /// Waits as the client does, the first poll after `firstPollAfter`; remembers the finished job's artifacts.
    func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob {
        let job = try await client.jobs.wait(jobID, firstPollAfter: firstPollAfter, timeout: timeout, observer: observer)
        finishedArtifacts.withLock { $0[job.jobID] = job.artifacts }
        return PromptToCADJob(provider: OrvilleModule.provider, jobID: job.jobID, status: job.status)
    }

    /// Downloads the artifacts the finished job listed, else (none seen) the latest revision's list.
    func download(
        _ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?
    ) async throws -> [DownloadResult] {
        let known = finishedArtifacts.withLock { $0[jobID] } ?? []
        guard !known.isEmpty else {
            return try await client.download(jobID, into: directory, overwrite: overwrite, progress: progress)
        }
        return try await client.artifacts.download(known, into: directory, overwrite: overwrite, progress: progress)
    }
}
