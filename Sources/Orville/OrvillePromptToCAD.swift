extension OrvilleClient: PromptToCADClient {
    /// STEP only: Orville's artifacts are STEP files.
    public var supportedFormats: [PromptToCADFormat] { [.step] }

    /// Creates a job (`jobs.create`) from the prompt and the images at `imagePaths`.
    ///
    /// - Throws: `InputValidationError` for a format other than STEP, a bad prompt or bad images, before
    ///   anything is sent.
    public func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob {
        if let format = request.format, !supportedFormats.contains(format) {
            throw InputValidationError(
                provider: OrvilleModule.provider, field: "format", problem: .invalid,
                message: "Orville makes STEP files only, not \(format.rawValue); ask for step or give no format")
        }
        try OrvilleInputRules.checkImageCount(request.imagePaths.count)
        let images = try request.imagePaths.map { try OrvilleImage(path: $0) }
        let accepted = try await jobs.create(prompt: request.prompt ?? "", images: images,
                                             idempotencyKey: request.idempotencyKey)
        return PromptToCADJob(provider: OrvilleModule.provider, jobID: accepted.jobID, status: accepted.status)
    }

    /// The job's state (`jobs.get`).
    public func status(_ jobID: String) async throws -> PromptToCADJob {
        let job = try await jobs.get(jobID)
        return PromptToCADJob(provider: OrvilleModule.provider, jobID: job.jobID, status: job.status)
    }

    /// Waits for the job (`jobs.wait`), within Orville's per-job poll limit.
    public func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob {
        let job = try await jobs.wait(jobID, timeout: timeout, observer: observer)
        return PromptToCADJob(provider: OrvilleModule.provider, jobID: job.jobID, status: job.status)
    }

    /// Downloads the latest revision's STEP files (`jobs.download`).
    public func download(
        _ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?
    ) async throws -> [DownloadResult] {
        try await jobs.download(jobID, into: directory, overwrite: overwrite, progress: progress)
    }
}
