import CADCore

/// What the `jobs` commands do alike for Orville and Makistry, through the provider-neutral
/// `PromptToCADClient`: wait with a progress line, download the finished job's files, record both in the
/// ledger, and print the outcome the contract's way. Submitting, and every provider-specific option
/// (Makistry's mode, metadata and callback; Orville's follow-ups and poll hint), stay with `OrvilleJobs` and
/// `MakistryJobs`.
struct PromptToCADFlow: Sendable {
    /// The provider, as printed (`"provider"` in JSON, the informational lines).
    var provider: Provider
    /// The provider's client, neutral.
    var client: any PromptToCADClient
    /// The run's options, console and transport.
    var context: CommandContext

    /// Prints an accepted job: its id, or `{"provider","id","status",…extra}` with `--json`.
    func printAccepted(jobID: String, status: String, extra: [(String, JSONText.Value)] = []) {
        let pairs = summary(jobID: jobID, status: status) + extra
        context.console.result(context.global.json ? JSONText.object(pairs) : jobID)
    }

    /// Waits for the job within `timeout` (the client's default when `nil`); without `download` prints it,
    /// with `download` writes its files into that directory (`force` overwrites) and prints their paths, or
    /// `{"provider","id","status","files"}` with `--json`. `tracker` records the statuses and files.
    func finish(
        jobID: String, timeout: Duration?, download: String?, force: Bool, tracker: SubmissionTracker
    ) async throws {
        let job = try await tracker.waiting(finishes: download == nil) {
            try await WaitProgressLine(global: context.global, provider: provider.rawValue, jobID: jobID).run {
                observer in try await client.wait(jobID, timeout: timeout, observer: observer)
            }
        } status: { $0.status }
        var pairs = summary(jobID: job.jobID, status: job.status)
        guard let download else {
            context.info("\(provider.rawValue) job \(job.jobID) \(job.status)")
            context.console.result(context.global.json ? JSONText.object(pairs) : job.jobID)
            return
        }
        var paths = try await self.download(job.jobID, into: download, force: force)
        await tracker.files(paths)
        await tracker.finished(job.status)
        paths += PartPreview.ifRequested(paths, context.global)
        context.info("\(provider.rawValue) job \(job.jobID) \(job.status)")
        if context.global.json {
            pairs.append(("files", .array(paths.map(JSONText.Value.string))))
            context.console.result(JSONText.object(pairs))
        } else {
            for path in paths { context.console.result(path) }
        }
    }

    /// Downloads the finished job's files into `directory` with a progress bar per file; returns the paths.
    func download(_ jobID: String, into directory: String, force: Bool) async throws -> [String] {
        let results = try await TransferProgressBar(global: context.global).downloading { progress in
            try await client.download(jobID, into: directory, overwrite: force, progress: progress)
        }
        guard !results.isEmpty else {
            throw CADError.other("\(provider.rawValue) job \(jobID) has no artifacts to download")
        }
        return results.map(\.path)
    }

    private func summary(jobID: String, status: String) -> [(String, JSONText.Value)] {
        [("provider", .string(provider.rawValue)), ("id", .string(jobID)), ("status", .string(status))]
    }
}
