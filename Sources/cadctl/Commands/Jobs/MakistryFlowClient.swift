import CADCore
import Makistry

/// Makistry's client as the `jobs` flow uses it: the neutral protocol, except that a download after
/// `jobs create --format F` names the file by that format (no probe of the stored file).
struct MakistryFlowClient: PromptToCADClient {
    /// The Makistry client.
    var client: MakistryClient
    /// The format the job was created with; `nil` (e.g. `jobs wait`) lets the download find it out.
    var format: MakistryOutputFormat?

    /// The client's formats.
    var supportedFormats: [PromptToCADFormat] { client.supportedFormats }

    /// Submits through the client.
    func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob { try await client.submit(request) }

    /// Reads the job's state through the client.
    func status(_ jobID: String) async throws -> PromptToCADJob { try await client.status(jobID) }

    /// Waits as the client does.
    func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob {
        try await client.wait(jobID, timeout: timeout, observer: observer)
    }

    /// Downloads the job's one file as `JOB_ID.EXT`, the extension from `format` when known.
    func download(
        _ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?
    ) async throws -> [DownloadResult] {
        guard let format else {
            return try await client.download(jobID, into: directory, overwrite: overwrite, progress: progress)
        }
        return [try await client.jobs.download(
            jobID, into: directory, format: format, overwrite: overwrite, progress: progress?(jobID))]
    }
}
