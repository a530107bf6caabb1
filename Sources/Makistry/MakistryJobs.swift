extension MakistryClient {
    /// `client.jobs`: reading and waiting for jobs.
    public struct Jobs: Sendable {
        let client: MakistryClient

        /// `GET /jobs/{job_id}`: the job's current snapshot (with a freshly signed `download_url`).
        ///
        /// - Throws: `APIError` classified `.notFound` (exit 1) saying "not found" and naming the id when
        ///   Makistry answers its empty 404 (an unknown job, or another key's); 410 `output_expired` for
        ///   outputs older than 30 days.
        public func get(_ jobID: String) async throws -> MakistryJob {
            if client.rateLimiter.countsReads { try await client.rateLimiter.acquire() }
            let endpoint = "GET /jobs/{job_id}"
            let request = try client.core.request(.get, MakistryClient.jobPath(jobID))
            do {
                return try await client.core.send(request, decoding: MakistryJob.self, endpoint: endpoint)
            } catch var error as APIError where error.classification == .notFound {
                error.message = "Makistry job \(jobID) not found: no such job for this API key "
                    + "(it may belong to another key)"
                throw error
            }
        }

        /// Polls the job until it ends, on Makistry's recommended schedule: every 5–10 s (random) for the
        /// first 30 s, then every 15 s.
        ///
        /// - Parameters:
        ///   - jobID: the job (`pub_…`).
        ///   - designMode: picks the default timeout (standard 5 min, pro 10 min, assembly 20 min); when
        ///     unknown, 20 minutes.
        ///   - timeout: overrides the default.
        ///   - firstPollAfter: wait before the first poll (`nil` polls at once).
        ///   - observer: told after every poll (status changes, next poll).
        /// - Returns: the finished job (`success`).
        /// - Throws: `JobFailedError` (exit 4) with `error_code`/`error_message` when it failed,
        ///   `WaitTimeoutError` (exit 5) naming the id at the deadline, or the poll's error.
        public func wait(
            _ jobID: String,
            designMode: DesignMode? = nil,
            timeout: Duration? = nil,
            firstPollAfter: Duration? = nil,
            observer: PollObserver? = nil
        ) async throws -> MakistryJob {
            let poller = Poller(
                provider: MakistryModule.provider,
                timeout: timeout ?? designMode?.defaultWaitTimeout ?? DesignMode.longestWaitTimeout,
                schedule: .makistry, clock: client.clock, jitter: client.pollJitter)
            let job = try await poller.wait(jobID: jobID, firstPollAfter: firstPollAfter, observer: observer) {
                let job = try await get(jobID)
                return PollResult(value: job, status: job.status.rawValue, isTerminal: job.status.isTerminal)
            }
            if let failure = job.failure { throw failure }
            return job
        }
    }
}
