/// `client.jobs`: prompt-to-CAD jobs.
public struct OrvilleJobsAPI: Sendable {
    let client: OrvilleClient

    private var core: APIClientCore { client.core }

    // MARK: - Listing

    /// Every non-hidden job of the workspace, newest first, fetched a page at a time as it is iterated
    /// (`GET /api/v1/cad/jobs`, following `next_cursor`).
    ///
    /// - Parameters:
    ///   - limit: jobs per page, 1–100 (the API's default is 20).
    ///   - query: search across project titles and original prompts.
    /// - Throws (on iteration): `CADError.usage` for a limit outside 1–100, before anything is sent.
    public func list(limit: Int? = nil, query: String? = nil) -> CursorPages<OrvilleJobSummary> {
        CursorPages { cursor in
            let page = try await self.page(limit: limit, query: query, cursor: cursor)
            return CursorPage(items: page.jobs, nextCursor: page.nextCursor)
        }
    }

    /// One page of the job list.
    ///
    /// - Throws: `CADError.usage` for a limit outside 1–100, before anything is sent.
    public func page(limit: Int? = nil, query: String? = nil, cursor: String? = nil) async throws -> OrvilleJobPage {
        var items: [(String, String)] = []
        if let limit {
            guard (1...100).contains(limit) else {
                throw InputValidationError(provider: "orville", field: "limit", problem: .invalid, message: "limit \(limit) is out of range: Orville lists 1 to 100 jobs per page")
            }
            items.append(("limit", String(limit)))
        }
        if let query, !query.isEmpty { items.append(("q", query)) }
        if let cursor, !cursor.isEmpty { items.append(("cursor", cursor)) }
        let request = try core.request(.get, "/api/v1/cad/jobs", query: items)
        return try await core.send(request, decoding: OrvilleJobPage.self, endpoint: "GET /api/v1/cad/jobs")
    }

    // MARK: - Creating and continuing

    /// Queues a new CAD job (`POST /api/v1/cad/jobs`): JSON with only the prompt, or multipart with
    /// repeated `images` parts when images are given.
    ///
    /// - Parameters:
    ///   - prompt: what to model (1 to 60,000 characters).
    ///   - images: reference images, sent as multipart `images` parts streamed from disk (at most 5).
    ///   - idempotencyKey: the key for this call and its retries; a new one when `nil`.
    ///   - progress: told of the request body's bytes as they are sent (for an upload progress bar).
    /// - Throws: `CADError.usage` for a missing or too long prompt or more than 5 images (nothing is sent);
    ///   `APIError` for a refusal (see `APIError.orvilleCode`).
    public func create(
        prompt: String, images: [OrvilleImage] = [], idempotencyKey: IdempotencyKey? = nil,
        progress: TransferProgressObserver? = nil
    ) async throws -> OrvilleJobAccepted {
        try await submit(path: "/api/v1/cad/jobs", endpoint: "POST /api/v1/cad/jobs", prompt: prompt, images: images,
                         idempotencyKey: idempotencyKey, progress: progress)
    }

    /// Sends a follow-up iteration against the same job (`POST /api/v1/cad/jobs/{job_id}/messages`).
    ///
    /// - Parameters: as `create`, with `jobID` the job to continue.
    /// - Throws: as `create`; `APIError` `job_already_running` (409) while the job has an active run.
    public func sendMessage(
        _ jobID: String, prompt: String, images: [OrvilleImage] = [], idempotencyKey: IdempotencyKey? = nil,
        progress: TransferProgressObserver? = nil
    ) async throws -> OrvilleJobAccepted {
        let path = "/api/v1/cad/jobs/\(try OrvilleClient.segment(jobID))/messages"
        return try await submit(path: path, endpoint: "POST /api/v1/cad/jobs/{jobID}/messages", prompt: prompt,
                                images: images, idempotencyKey: idempotencyKey, progress: progress)
    }

    private func submit(
        path: String, endpoint: String, prompt: String, images: [OrvilleImage], idempotencyKey: IdempotencyKey?,
        progress: TransferProgressObserver?
    ) async throws -> OrvilleJobAccepted {
        try OrvilleInputRules.checkPrompt(prompt)
        try OrvilleInputRules.checkImageCount(images.count)
        var request: HTTPRequest
        if images.isEmpty {
            request = try core.jsonRequest(.post, path, body: ["prompt": prompt])
        } else {
            let form = OrvilleMultipartForm(prompt: prompt, images: images)
            request = try core.request(.post, path, headers: ["Content-Type": form.contentType], body: form.body)
        }
        request.progress = progress
        return try await core.send(
            request, decoding: OrvilleJobAccepted.self, idempotencyKey: idempotencyKey ?? IdempotencyKey(),
            endpoint: endpoint)
    }

    // MARK: - Reading

    /// The job (`GET /api/v1/cad/jobs/{job_id}`). Orville allows 3 status reads per 10 s per job.
    public func get(_ jobID: String) async throws -> OrvilleJob {
        try await get(jobID, pacer: nil)
    }

    /// The job, every attempt (retries included) taking a slot of `pacer` first.
    func get(_ jobID: String, pacer: RequestWindow?) async throws -> OrvilleJob {
        let request = try core.request(.get, "/api/v1/cad/jobs/\(try OrvilleClient.segment(jobID))")
        return try await core.send(request, decoding: OrvilleJob.self, endpoint: "GET /api/v1/cad/jobs/{jobID}",
                                   pacer: pacer)
    }

    /// Waits for a job just created or continued: the first poll comes no sooner than its
    /// `poll_after_seconds` (see `wait(_:timeout:observer:)`).
    public func wait(
        _ accepted: OrvilleJobAccepted, timeout: Duration? = nil, observer: PollObserver? = nil
    ) async throws -> OrvilleJob {
        try await wait(accepted.jobID, firstPollAfter: accepted.pollAfterSeconds.map { .seconds($0) }, timeout: timeout,
                       observer: observer)
    }

    /// Polls the job until it is `completed` or `failed`, never sooner than the last `poll_after_seconds`
    /// (60 s when the job gave none) and never more than 3 status requests per 10 s, counting every request
    /// of the wait, retries after a 429 included (one sliding window per job).
    ///
    /// - Parameters:
    ///   - jobID: the job (`cadjob_…`).
    ///   - timeout: how long to wait in all; the client's `waitTimeout` (1 hour) when `nil`.
    ///   - observer: told after every poll (for progress lines).
    /// - Returns: the completed job.
    /// - Throws: `JobFailedError` when the job failed (with its error code and message), `WaitTimeoutError`
    ///   at the deadline (the job may still finish), or what a poll threw.
    public func wait(
        _ jobID: String, timeout: Duration? = nil, observer: PollObserver? = nil
    ) async throws -> OrvilleJob {
        try await wait(jobID, firstPollAfter: nil, timeout: timeout, observer: observer)
    }

    /// Polls as `wait(_:timeout:observer:)`, the first poll after `firstPollAfter` (at once when `nil`).
    public func wait(
        _ jobID: String, firstPollAfter: Duration?, timeout: Duration? = nil, observer: PollObserver? = nil
    ) async throws -> OrvilleJob {
        let schedule = client.pollSchedule
        let window = schedule.rateLimit.map { RequestWindow($0, clock: client.clock) }
        let poller = Poller(provider: OrvilleModule.provider, timeout: timeout ?? client.waitTimeout,
                            schedule: schedule, clock: client.clock, jitter: client.pollJitter, window: window,
                            instrumentation: core.instrumentation)
        let job = try await poller.wait(jobID: jobID, firstPollAfter: firstPollAfter, observer: observer) {
            let job = try await get(jobID, pacer: window)
            return PollResult(value: job, status: job.status.rawValue, isTerminal: job.status.isTerminal,
                              nextPollAfter: job.pollAfterSeconds.map { .seconds($0) })
        }
        if job.status == .failed {
            throw JobFailedError(
                provider: OrvilleModule.provider, jobID: jobID, status: job.status.rawValue, code: job.error?.code,
                message: job.error?.message ?? "the job failed without an error message", requestID: job.requestID)
        }
        return job
    }

    /// Downloads every STEP file of the job's latest revision into `directory` (created when missing); see
    /// `OrvilleArtifactsAPI.downloadLatest(jobID:into:overwrite:progress:)`.
    public func download(
        _ jobID: String, into directory: String, overwrite: Bool = false, progress: DownloadProgressFactory? = nil
    ) async throws -> [DownloadResult] {
        try await client.artifacts.downloadLatest(jobID: jobID, into: directory, overwrite: overwrite,
                                                  progress: progress)
    }

    /// The job's conversation (`GET /api/v1/cad/jobs/{job_id}/messages`).
    public func messages(_ jobID: String) async throws -> OrvilleMessageHistory {
        let request = try core.request(.get, "/api/v1/cad/jobs/\(try OrvilleClient.segment(jobID))/messages")
        return try await core.send(request, decoding: OrvilleMessageHistory.self,
                                   endpoint: "GET /api/v1/cad/jobs/{jobID}/messages")
    }

    // MARK: - Review

    /// Asks the review assistant about a completed job (`POST /api/v1/cad/jobs/{job_id}/review`).
    ///
    /// - Parameters:
    ///   - jobID: the completed job (`cadjob_…`).
    ///   - prompt: the question for the assistant.
    ///   - revisionID: the revision to review (the current one when `nil`).
    ///   - viewerState: host-viewer context (camera, selection, snapshots…); must be a JSON object.
    ///   - idempotencyKey: the key for this call and its retries; a new one when `nil`.
    /// - Throws: `CADError.usage` for a bad prompt or a `viewerState` that is not an object; `APIError`
    ///   (`job_not_completed`, `cad_revision_required`, `review_agent_failed`, `review_agent_unavailable`…).
    public func review(
        _ jobID: String,
        prompt: String,
        revisionID: String? = nil,
        viewerState: JSONValue? = nil,
        idempotencyKey: IdempotencyKey? = nil
    ) async throws -> OrvilleReviewResult {
        try OrvilleInputRules.checkPrompt(prompt)
        if let viewerState, !viewerState.isObject {
            throw InputValidationError(provider: "orville", field: "viewer_state", problem: .invalid, message: "viewer_state must be a JSON object, e.g. {\"camera\":{…}}")
        }
        let path = "/api/v1/cad/jobs/\(try OrvilleClient.segment(jobID))/review"
        let body = OrvilleReviewRequest(prompt: prompt, revisionID: revisionID, viewerState: viewerState)
        let request = try core.jsonRequest(.post, path, body: body)
        return try await core.send(
            request, decoding: OrvilleReviewResult.self, idempotencyKey: idempotencyKey ?? IdempotencyKey(),
            endpoint: "POST /api/v1/cad/jobs/{jobID}/review")
    }
}
