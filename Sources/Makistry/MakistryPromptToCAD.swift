extension MakistryClient: PromptToCADClient {
    /// STEP, STL, GLB and 3MF.
    public var supportedFormats: [PromptToCADFormat] { PromptToCADFormat.allCases }

    /// Creates a text job, or an image job when `imagePaths` is not empty (`jobs.create`), in the requested
    /// format (STEP when none).
    public func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob {
        let format = request.format.map(MakistryOutputFormat.init)
        let submission = if request.imagePaths.isEmpty {
            try await jobs.create(TextToCADRequest(prompt: request.prompt ?? "", outputFormat: format),
                                  idempotencyKey: request.idempotencyKey)
        } else {
            try await jobs.create(ImageToCADRequest(images: request.imagePaths, prompt: request.prompt, outputFormat: format),
                                  idempotencyKey: request.idempotencyKey)
        }
        return PromptToCADJob(provider: MakistryModule.provider, jobID: submission.jobID, status: submission.status)
    }

    /// The job's state (`jobs.get`).
    public func status(_ jobID: String) async throws -> PromptToCADJob {
        let job = try await jobs.get(jobID)
        return PromptToCADJob(provider: MakistryModule.provider, jobID: job.jobID, status: job.status)
    }

    /// Waits for the job (`jobs.wait`) on the client's poll schedule.
    public func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob {
        let job = try await jobs.wait(jobID, timeout: timeout, observer: observer)
        return PromptToCADJob(provider: MakistryModule.provider, jobID: job.jobID, status: job.status)
    }

    /// Downloads the job's one file, named `JOB_ID.EXT` (`jobs.download`).
    public func download(
        _ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?
    ) async throws -> [DownloadResult] {
        let name = FileNameSanitizer.sanitize(jobID, fallback: "makistry-job")
        return [try await jobs.download(jobID, into: directory, overwrite: overwrite, progress: progress?(name))]
    }
}
