extension MakistryClient {
    /// `client.jobs`: creating, reading, waiting for and downloading jobs.
    public struct Jobs: Sendable {
        let client: MakistryClient

        /// `POST /text-to-cad`: starts a job from a prompt.
        ///
        /// - Parameters:
        ///   - request: the prompt and the job's settings.
        ///   - idempotencyKey: reuse one to resubmit safely (Makistry returns the original job);
        ///     a fresh UUID v4 otherwise.
        /// - Throws: `CADError.usage` for invalid input (nothing sent), `APIError`, `TransportError`.
        public func create(_ request: TextToCADRequest, idempotencyKey: IdempotencyKey? = nil) async throws
            -> JobSubmission
        {
            try await client.textToCAD(request, idempotencyKey: idempotencyKey)
        }

        /// `POST /image-to-cad`: starts a job from 1–3 images (streamed from disk) and an optional prompt.
        ///
        /// - Parameters:
        ///   - request: the images and the job's settings.
        ///   - idempotencyKey: reuse one to resubmit safely; a fresh UUID v4 otherwise.
        ///   - progress: told of the multipart body's bytes as they are sent (for an upload progress bar).
        /// - Throws: `CADError.usage` for invalid input (nothing sent), `APIError`, `TransportError`.
        public func create(
            _ request: ImageToCADRequest, idempotencyKey: IdempotencyKey? = nil,
            progress: TransferProgressObserver? = nil
        ) async throws -> JobSubmission {
            try await client.imageToCAD(request, idempotencyKey: idempotencyKey, progress: progress)
        }

        /// Downloads a finished job's file into `directory` (created when missing); see
        /// `MakistryClient.download(_:into:format:overwrite:progress:)`.
        public func download(
            _ jobID: String, into directory: String, format: MakistryOutputFormat? = nil, overwrite: Bool = false,
            progress: TransferProgressObserver? = nil
        ) async throws -> DownloadResult {
            try await client.download(jobID, into: directory, format: format, overwrite: overwrite, progress: progress)
        }

        /// `GET /jobs/{job_id}`: the job's current snapshot (with a freshly signed `download_url`).
        ///
        /// - Throws: `APIError` classified `.notFound` (exit 1) saying "not found" and naming the id when
        ///   Makistry answers its empty 404 (an unknown job, or another key's); 410 `output_expired` for
        ///   outputs older than 30 days.
        public func get(_ jobID: String) async throws -> MakistryJob {
            if client.rateLimiter.countsReads { try await client.rateLimiter.acquire() }
            let endpoint = "GET /jobs/{jobID}"
            let request = try client.core.request(.get, MakistryClient.jobPath(jobID))
            do {
                return try await client.core.send(request, decoding: MakistryJob.self, endpoint: endpoint)
            } catch var error as APIError where error.classification == .notFound {
                error.message = "Makistry job \(jobID) not found: no such job for this API key "
                    + "(it may belong to another key)"
                throw error
            }
        }

        /// Polls the job until it ends, on the client's `pollSchedule` (Makistry's recommendation by default:
        /// every 5–10 s (random) for the first 30 s, then every 15 s).
        ///
        /// - Parameters:
        ///   - jobID: the job (`pub_…`).
        ///   - timeout: how long to wait; the client's `waitTimeout` when `nil` (a design mode's
        ///     `defaultWaitTimeout` fits its jobs: standard 5 min, pro 10 min, assembly 20 min).
        ///   - observer: told after every poll (status changes, next poll).
        /// - Returns: the finished job (`success`).
        /// - Throws: `JobFailedError` with `error_code`/`error_message` when it failed, `WaitTimeoutError`
        ///   naming the id at the deadline, or the poll's error.
        public func wait(
            _ jobID: String,
            timeout: Duration? = nil,
            observer: PollObserver? = nil
        ) async throws -> MakistryJob {
            let poller = Poller(
                provider: MakistryModule.provider, timeout: timeout ?? client.waitTimeout,
                schedule: client.pollSchedule, clock: client.clock, jitter: client.pollJitter,
                instrumentation: client.core.instrumentation)
            let job = try await poller.wait(jobID: jobID, observer: observer) {
                let job = try await get(jobID)
                return PollResult(value: job, status: job.status.rawValue, isTerminal: job.status.isTerminal)
            }
            if let failure = job.failure { throw failure }
            return job
        }
    }
}
