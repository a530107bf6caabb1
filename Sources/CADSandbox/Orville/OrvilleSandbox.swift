import Foundation

/// The Orville (Ballista Labs) imitation under `/orville`.
///
/// Sandbox behaviour beyond the published docs:
/// - A job is `queued` for `OrvilleSettings.queuedSeconds` then `running` for `runningSeconds`
///   (simulated; divide by the speed factor for real time). A prompt containing `[slow]` takes ten
///   times as long; `[fail]` makes the run fail with `error.code` `generation_failed` (no charge).
///   A prompt mentioning "assembly" yields two STEP artifacts under an assembly tree.
/// - A completed run charges `jobCostCents`; `available_balance_cents` is the balance minus the
///   holds of active runs. Creates need `available >= hold`: otherwise 429 `projected_balance_exceeded`
///   while runs are active, else 402 `insufficient_balance`.
/// - A review prompt containing `[review-fail]` answers 502 `review_agent_failed`;
///   `review_agent_unavailable` comes from the fault plan (`.status(503, code: "review_agent_unavailable")`).
/// - Rate limit names: `orville.cad_writes`, `orville.review_writes`, `orville.job_poll`,
///   `orville.reads`, `orville.artifacts`, `orville.billing`.
struct OrvilleSandbox: SandboxProviderAPI {
    static let provider = SandboxProvider.orville
    let environment: SandboxEnvironment
    let store: OrvilleStore

    init(environment: SandboxEnvironment) {
        self.environment = environment
        store = OrvilleStore(environment: environment)
    }

    func register(in routes: inout ProviderRoutes) {
        routes.get("/api/v1/cad/jobs") { request in handle(request, scopes: ["cad:read"], listJobs) }
        routes.post("/api/v1/cad/jobs") { request in handle(request, scopes: ["cad:write"], createJob) }
        routes.get("/api/v1/cad/jobs/{job_id}") { request in handle(request, scopes: ["cad:read"], getJob) }
        routes.get("/api/v1/cad/jobs/{job_id}/messages") { request in handle(request, scopes: ["cad:read"], listMessages) }
        routes.post("/api/v1/cad/jobs/{job_id}/messages") { request in handle(request, scopes: ["cad:write"], followUp) }
        routes.post("/api/v1/cad/jobs/{job_id}/review") { request in
            handle(request, scopes: ["cad:read", "cad:write"], review)
        }
        routes.get("/api/v1/cad/jobs/{job_id}/artifacts") { request in handle(request, scopes: ["cad:read"], listArtifacts) }
        routes.get("/api/v1/artifacts/{artifact_id}/download") { request in
            handle(request, scopes: ["cad:read"], downloadArtifact)
        }
        routes.get("/api/v1/billing/balance") { request in handle(request, scopes: ["billing:read"], balance) }
    }

    func errorResponse(status: Int, code: String, message: String, request: SandboxRequest) -> SandboxResponse {
        respond(status, ["error": .object(["code": .string(code), "message": .string(message)])], request: request)
    }

    // MARK: Plumbing

    /// Authenticates, checks scopes, runs `body`, and renders `OrvilleError`s.
    private func handle(
        _ request: SandboxRequest, scopes: [String], _ body: (SandboxRequest, SandboxKey) throws -> SandboxResponse
    ) -> SandboxResponse {
        do {
            guard let key = environment.keys.authenticate(request, provider: .orville) else {
                throw OrvilleError(
                    401, "invalid_api_key",
                    "Missing, invalid, revoked, or expired API key. Send Authorization: Bearer $ORVILLE_API_KEY.")
            }
            for scope in scopes where !key.grants(scope) {
                throw OrvilleError(403, "insufficient_scope", "This API key does not include the \(scope) scope.")
            }
            return try body(request, key)
        } catch let error as OrvilleError {
            var response = errorResponse(status: error.status, code: error.code, message: error.message, request: request)
            if let retryAfter = error.retryAfter { response.headers["retry-after"] = String(retryAfter) }
            return response
        } catch {
            return errorResponse(status: 500, code: "internal_error", message: "\(error)", request: request)
        }
    }

    /// A data-bearing response: `request_id` in the body, `X-Request-Id`, `Cache-Control: no-store`.
    func respond(_ status: Int, _ object: JSONObject, request: SandboxRequest) -> SandboxResponse {
        var body = object
        body["request_id"] = .string(request.requestID)
        var response = SandboxResponse.json(status, .object(body))
        response.headers["x-request-id"] = request.requestID
        response.headers["cache-control"] = "no-store"
        return response
    }

    func limit(_ name: String, _ limit: Int, per seconds: Double, bucket: String, what: String) throws {
        if let wait = environment.rateLimiter.acquire(
            name, default: SandboxRateLimit(limit: limit, windowSeconds: seconds), bucket: bucket)
        {
            throw OrvilleError.rateLimited(what, retryAfter: wait)
        }
    }

    func pollAfter(_ job: OrvilleJob, now: Duration) -> Int? {
        guard job.isActive(at: now), let run = job.runs.last else { return nil }
        switch store.settings.pollAfterHint {
        case .untilFinished: return max(1, environment.time.clockSeconds(forSimulated: run.finishesAt - now))
        case .fixed(let seconds): return max(1, seconds)
        case .absent: return nil
        }
    }

    /// The job `id` of the key's workspace, or 404.
    func job(_ id: String, in state: OrvilleStore.State, key: SandboxKey) throws -> OrvilleJob {
        guard let job = state.jobs[id], job.workspace == key.workspace else {
            throw OrvilleError.notFound("CAD job \(id)")
        }
        return job
    }

    /// The `Idempotency-Key` header, required on CAD writes (at most 160 characters).
    func idempotencyKey(_ request: SandboxRequest) throws -> String {
        guard let key = request.headers["idempotency-key"]?.trimmingCharacters(in: .whitespaces), !key.isEmpty else {
            throw OrvilleError(
                400, "idempotency_key_required", "CAD write requests need an Idempotency-Key header (for example a UUID).")
        }
        guard key.count <= 160 else {
            throw OrvilleError(400, "invalid_idempotency_key", "Idempotency-Key must be at most 160 characters.")
        }
        return key
    }

    /// Replays the stored response for an exact retry, or throws 409 for a reused key.
    func replay(
        _ state: OrvilleStore.State, key: SandboxKey, idempotencyKey: String, fingerprint: String
    ) throws -> SandboxResponse? {
        switch state.idempotency.lookup(scope: key.name, key: idempotencyKey, fingerprint: fingerprint) {
        case .new: return nil
        case .conflict:
            throw OrvilleError(
                409, "idempotency_key_conflict",
                "This Idempotency-Key was already used with a different request body. Use a new key for a new request.")
        case .replay(let stored):
            var response = SandboxResponse.json(stored.status, stored.body)
            response.headers["x-request-id"] = stored.body["request_id"]?.stringValue
            response.headers["cache-control"] = "no-store"
            response.headers["idempotent-replayed"] = "true"
            return response
        }
    }

    /// Refuses a new run when billing says no.
    func checkBilling(_ state: inout OrvilleStore.State, workspace: String, now: Duration) throws {
        let settings = store.settings
        switch settings.billingState {
        case .billingRequired:
            throw OrvilleError(402, "billing_required", "The workspace needs prepaid billing before starting CAD jobs.")
        case .needsReview:
            throw OrvilleError(402, "billing_needs_review", "Workspace billing needs review before more CAD jobs can start.")
        case .unavailable:
            throw OrvilleError(503, "billing_unavailable", "The billing check is temporarily unavailable. Retry shortly.", retryAfter: 5)
        case .active:
            break
        }
        let held = store.heldCents(state, workspace: workspace, now: now)
        let available = store.balance(&state, workspace: workspace) - held
        guard available < settings.jobHoldCents else { return }
        if held > 0 {
            let soonest = state.jobs.values.filter { $0.workspace == workspace && $0.isActive(at: now) }
                .compactMap { $0.runs.last?.finishesAt }.min() ?? now
            throw OrvilleError(
                429, "projected_balance_exceeded",
                "The workspace balance is too low for the active CAD job load. Wait for active jobs to finish or add funds.",
                retryAfter: max(1, environment.time.clockSeconds(forSimulated: soonest - now)))
        }
        throw OrvilleError(402, "insufficient_balance", "The workspace balance is empty. Add funds to start CAD jobs.")
    }

    /// Stores the images of a user message and returns their metadata.
    func storeImages(_ images: [OrvilleInput.Image]) -> [OrvilleImage] {
        images.map { image in
            environment.storage.store(image.data, contentType: image.kind.mimeType, filename: image.filename)
            return OrvilleImage(
                id: "file_" + SandboxIDs.base64url(22), filename: image.filename, contentType: image.kind.mimeType,
                sizeBytes: image.data.count)
        }
    }
}
