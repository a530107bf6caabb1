import Foundation

/// The Makistry imitation under `/makistry/v1`.
///
/// Sandbox behaviour beyond the published page:
/// - Scopes: creates need `jobs:write`, reads `jobs:read` (`"*"` grants both); a key without them gets
///   403 `forbidden`.
/// - Jobs stay `queued` for `MakistrySettings.queuedSeconds`, then `processing` for the design mode's
///   time (simulated). `[fail]` in the prompt makes a job fail with `error_code` `generation_failed`;
///   `[slow]` makes it ten times slower. `callback_url` is validated but never called.
/// - Each accepted job uses one credit of the key's account; at zero creates get 402 `payment_required`.
/// - `quota_exceeded` (429 + `Retry-After`) counts creates only: `makistry.per_minute` (20/min) and
///   `makistry.per_hour` (100/h) per key.
/// - `GET /jobs?limit=&cursor=` lists the key's jobs, newest first: `{"jobs":[snapshot…],"next_cursor"}`.
struct MakistrySandbox: SandboxProviderAPI {
    static let provider = SandboxProvider.makistry
    let environment: SandboxEnvironment
    let store: MakistryStore

    init(environment: SandboxEnvironment) {
        self.environment = environment
        store = MakistryStore(environment: environment)
    }

    func register(in routes: inout ProviderRoutes) {
        routes.post("/text-to-cad") { request in handle(request, scope: "jobs:write") { try create(request, $0, MakistryInput.text) } }
        routes.post("/image-to-cad") { request in handle(request, scope: "jobs:write") { try create(request, $0, MakistryInput.image) } }
        routes.get("/jobs/{job_id}") { request in handle(request, scope: "jobs:read") { try job(request, $0) } }
        routes.get("/jobs") { request in handle(request, scope: "jobs:read") { try list(request, $0) } }
    }

    func errorResponse(status: Int, code: String, message: String, request: SandboxRequest) -> SandboxResponse {
        if status == 404 { return .empty(404) }
        return .json(status, .object(["error_code": .string(code), "message": .string(message)]))
    }

    private func handle(_ request: SandboxRequest, scope: String, _ body: (SandboxKey) throws -> SandboxResponse) -> SandboxResponse {
        do {
            guard let key = environment.keys.authenticate(request, provider: .makistry) else {
                throw MakistryError(401, "invalid_api_key", "The API key is missing or invalid. Send Authorization: Bearer mk_pub_...")
            }
            guard key.grants(scope) else {
                throw MakistryError(403, "forbidden", "This API key lacks the \(scope) scope.")
            }
            return try body(key)
        } catch let error as MakistryError {
            var response = errorResponse(status: error.status, code: error.code, message: error.message, request: request)
            if let retryAfter = error.retryAfter { response.headers["retry-after"] = String(retryAfter) }
            return response
        } catch {
            return errorResponse(status: 500, code: "internal_error", message: "\(error)", request: request)
        }
    }

    private func create(
        _ request: SandboxRequest, _ key: SandboxKey, _ parse: (SandboxRequest) throws -> MakistryRequest
    ) throws -> SandboxResponse {
        let input = try parse(request)
        let idempotencyKey = request.headers["idempotency-key"]?.trimmingCharacters(in: .whitespaces)
        let fingerprint = RequestFingerprint.of(request)
        return try store.withState { state, now in
            if let idempotencyKey, !idempotencyKey.isEmpty {
                switch state.idempotency.lookup(scope: key.name, key: idempotencyKey, fingerprint: fingerprint) {
                case .new: break
                case .conflict:
                    throw MakistryError(
                        409, "idempotency_key_conflict", "This Idempotency-Key was used with a different request body.")
                case .replay(let id):
                    if let job = state.jobs[id] {
                        return accepted(job, now: now).with(header: "idempotent-replayed", "true")
                    }
                }
            }
            for (name, limit, window) in [("makistry.per_minute", 20, 60.0), ("makistry.per_hour", 100, 3600.0)] {
                if let wait = environment.rateLimiter.acquire(
                    name, default: SandboxRateLimit(limit: limit, windowSeconds: window), bucket: key.name)
                {
                    throw MakistryError(
                        429, "quota_exceeded", "Request quota exceeded (20 per minute, 100 per hour). Retry after \(wait) s.",
                        retryAfter: wait)
                }
            }
            let credits = store.credits(state, account: key.workspace)
            guard credits > 0 else {
                throw MakistryError(402, "payment_required", "The account has no credits left. Add credits in the dashboard.")
            }
            state.credits[key.workspace] = credits - 1
            let job = store.makeJob(input, key: key, sequence: state.nextSequence, now: now)
            state.nextSequence += 1
            state.jobs[job.id] = job
            if let idempotencyKey, !idempotencyKey.isEmpty {
                state.idempotency.record(scope: key.name, key: idempotencyKey, fingerprint: fingerprint, value: job.id)
            }
            environment.inspector.recordJobCreated(.makistry)
            return accepted(job, now: now)
        }
    }

    private func accepted(_ job: MakistryJob, now: Duration) -> SandboxResponse {
        .json(202, .object(["job_id": .string(job.id), "status": .string(job.status(at: now).rawValue)]))
    }

    private func job(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("job_id")
        return try store.withState { state, now in
            guard let job = state.jobs[id], job.ownerKey == key.name else { throw MakistryError.notFound }
            if store.isExpired(job) {
                throw MakistryError(410, "output_expired", "The output of job \(id) has expired; submit the job again.")
            }
            return .json(200, .object(snapshot(job, now: now)))
        }
    }

    private func list(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        var limit = 20
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...100).contains(value) else {
                throw MakistryError.invalidInput("limit must be an integer from 1 to 100.")
            }
            limit = value
        }
        var before = Int.max
        if let cursor = request.queryValue("cursor"), !cursor.isEmpty {
            guard let decoded = Data(base64Encoded: cursor).flatMap({ String(data: $0, encoding: .utf8) }),
                decoded.hasPrefix("seq:"), let sequence = Int(decoded.dropFirst(4))
            else { throw MakistryError.invalidInput("cursor is not a next_cursor value from this endpoint.") }
            before = sequence
        }
        return store.withState { state, now in
            let jobs = state.jobs.values.filter { $0.ownerKey == key.name && $0.sequence < before }.sorted { $0.sequence > $1.sequence }
            let page = jobs.prefix(limit)
            let next: JSONValue = jobs.count > limit ? .string(Data("seq:\(page.last?.sequence ?? 0)".utf8).base64EncodedString()) : .null
            return .json(200, .object(["jobs": .array(page.map { .object(snapshot($0, now: now)) }), "next_cursor": next]))
        }
    }

    /// The job snapshot; `download_url` is signed afresh on every read.
    private func snapshot(_ job: MakistryJob, now: Duration) -> JSONObject {
        let status = job.status(at: now)
        let done = status == .success || status == .failed
        var downloadURL: JSONValue = .null
        if status == .success, let objectID = job.objectID, !store.isExpired(job) {
            downloadURL = .string(environment.signedDownloadURL(for: objectID))
        }
        return [
            "job_id": .string(job.id),
            "status": .string(status.rawValue),
            "download_url": downloadURL,
            "error_code": status == .failed ? .string("generation_failed") : .null,
            "error_message": status == .failed
                ? .string("The model could not be generated from this prompt (forced by [fail] in the sandbox).") : .null,
            "metadata": job.request.metadata ?? .null,
            "tokens_used": done ? .int(job.tokensUsed) : .null,
            "latency_ms": done ? .int(job.latencyMilliseconds) : .null,
        ]
    }
}
