import Foundation

/// The Bitbybit Cloud CAD API (OpenAPI v1.1.1, all 30 operations) under `/bitbybit` on the API port:
/// base URL `http://127.0.0.1:PORT/bitbybit`, then `/health` and `/api/v1/...` exactly as documented.
///
/// - **Auth**: `x-api-key` (header name case-insensitive) on everything but `/health`; a missing or unknown
///   key gets 401 `UNAUTHORIZED`, a key without the endpoint's scope 403 `INSUFFICIENT_SCOPE` (see
///   `BitbybitScope` for which scopes open which group).
/// - **Envelopes**: `{"ok":true,"data":…}` / `{"ok":false,"error":{"code","message","details","requestId"}}`;
///   bodies are validated against the OpenAPI request schemas (400 `VALIDATION_ERROR`, `details.issues`
///   listing each problem by JSON path).
/// - **Tasks** go `queued` → `processing` → `completed`/`failed` on the simulated clock
///   (`SandboxConfiguration.bitbybit`), compound sub-tasks beyond the concurrency limit start `waiting`; results expire
///   after `resultLifetimeSeconds` of clock time (`expired`). Results are pre-signed URLs on the storage
///   listener.
/// - **Files**: `POST /files/upload` returns a signed PUT URL on the storage listener; confirmation checks
///   the stored bytes against the announced `bytes` and `sha256`.
///
/// Making tasks fail on purpose:
/// - the operation `sandbox.fail` (in `cad/execute`, a pipeline step or a compound item) makes the task
///   fail with `params.message` (default "sandbox.fail: the sandbox failed this task on request"); a retry
///   fails again, as the same parameters would;
/// - `POST /bitbybit/_sandbox/fail-next-tasks` with `{"count": N, "message": "…"}` and any valid key makes
///   the next N tasks created in that key's workspace fail (model runs included); a retry then succeeds;
/// - converting or unfolding an uploaded file that is not STEP fails the task, as the service would.
struct BitbybitSandbox: SandboxProviderAPI {
    static let provider = SandboxProvider.bitbybit

    let environment: SandboxEnvironment
    let spec: BitbybitSpec
    let validator: BitbybitRequestValidator
    let catalog: BitbybitModelCatalog
    let settings: BitbybitSettings
    let files: BitbybitFileRegistry
    let tasks: BitbybitTaskBoard

    init(environment: SandboxEnvironment) {
        self.init(environment: environment, settings: environment.configuration.bitbybit)
    }

    init(environment: SandboxEnvironment, settings: BitbybitSettings) {
        self.environment = environment
        self.settings = settings
        spec = BitbybitSpec.bundled
        validator = BitbybitRequestValidator(spec: spec)
        catalog = BitbybitModelCatalog(spec: spec)
        files = BitbybitFileRegistry(environment: environment, settings: settings)
        tasks = BitbybitTaskBoard(
            environment: environment, settings: settings, producer: BitbybitProducer(files: files))
    }

    func register(in routes: inout ProviderRoutes) {
        routes.get("/health") { request in health(request) }
        registerModels(in: &routes)
        registerCAD(in: &routes)
        registerConvert(in: &routes)
        registerFiles(in: &routes)
        registerTasks(in: &routes)
        routes.post("/_sandbox/fail-next-tasks", handler: endpoint(nil) { call in try failNextTasks(call) })
    }

    func errorResponse(status: Int, code: String, message: String, request: SandboxRequest) -> SandboxResponse {
        BitbybitEnvelope.error(status: status, code: code.uppercased(), message: message, requestID: request.requestID)
    }

    /// Wraps a handler: authenticates the key, checks `scope` (`nil`: any valid key), and renders thrown
    /// `BitbybitFailure`s as error envelopes.
    func endpoint(_ scope: BitbybitScope?, _ handler: @escaping @Sendable (BitbybitCall) async throws -> SandboxResponse)
        -> RouteHandler
    {
        let keys = environment.keys
        return { request in
            do {
                guard let key = keys.authenticate(request, provider: .bitbybit) else {
                    let sent = request.headers["x-api-key"].map { !$0.isEmpty } ?? false
                    throw BitbybitFailure(
                        401, "UNAUTHORIZED",
                        sent ? "The API key is not valid (unknown or revoked); check BITBYBIT_API_KEY"
                            : "Missing API key: send it in the x-api-key header")
                }
                if let scope, !scope.isGranted(by: key) {
                    throw BitbybitFailure(
                        403, "INSUFFICIENT_SCOPE",
                        "This API key lacks the '\(scope.rawValue)' scope required by \(request.method) \(Self.apiPath(request.path))",
                        details: .object([
                            "requiredScope": .string(scope.rawValue),
                            "grantedScopes": .array(key.scopes.map(JSONValue.string)),
                        ]))
                }
                return try await handler(BitbybitCall(request: request, key: key))
            } catch let failure as BitbybitFailure {
                return failure.response(requestID: request.requestID)
            }
        }
    }

    /// The path without the `/bitbybit` prefix, as the documentation writes it.
    static func apiPath(_ path: String) -> String {
        path.hasPrefix(SandboxProvider.bitbybit.pathPrefix) ? String(path.dropFirst(SandboxProvider.bitbybit.pathPrefix.count)) : path
    }

    // MARK: Health and control

    private func health(_ request: SandboxRequest) -> SandboxResponse {
        BitbybitEnvelope.success(
            200, .object(["status": .string("ok"), "timestamp": .string(Timestamp.iso8601(environment.time.date))]),
            requestID: request.requestID)
    }

    private func failNextTasks(_ call: BitbybitCall) throws -> SandboxResponse {
        let body = try call.jsonBody()
        let count = body["count"]?.numberValue.map { Int($0) } ?? 1
        guard count >= 0, count <= 1000 else { throw BitbybitFailure.invalid("count", "must be between 0 and 1000") }
        let message = body["message"]?.stringValue ?? "The sandbox failed this task on request"
        let pending = tasks.failNextTasks(count: count, message: message, owner: call.owner)
        return BitbybitEnvelope.success(200, .object(["pendingFailures": .int(pending)]), requestID: call.requestID)
    }

    // MARK: Submission helpers

    /// 202 with `TaskCreatedResult`.
    func accepted(_ task: BitbybitTask, call: BitbybitCall) -> SandboxResponse {
        BitbybitEnvelope.success(
            202,
            .object([
                "taskId": .string(task.id),
                "status": .string("queued"),
                "statusUrl": .string("/api/v1/tasks/\(task.id)"),
            ]), requestID: call.requestID)
    }

    /// 202 with `CompoundTaskCreatedResult`.
    func acceptedCompound(_ parent: BitbybitTask, children: [BitbybitTask], call: BitbybitCall) -> SandboxResponse {
        BitbybitEnvelope.success(
            202,
            .object([
                "taskId": .string(parent.id),
                "kind": .string("compound"),
                "subTaskCount": .int(children.count),
                "statusUrl": .string("/api/v1/tasks/\(parent.id)"),
                "subTasks": .array(children.map { BitbybitTaskJSON.summary($0, board: tasks) }),
            ]), requestID: call.requestID)
    }

    /// Refuses `step` and `stpz` together, as `OutputFormat` documents.
    func checkStepVariants(_ outputs: BitbybitOutputOptions, path: String) throws {
        if outputs.formats.contains("step"), outputs.formats.contains("stpz") {
            throw BitbybitFailure.invalid(
                "\(path).formats", "step and stpz are mutually exclusive: only one STEP variant is supported per request")
        }
    }

    /// A confirmed file of the caller, or 400 naming what is wrong with `fileID`.
    func requireConfirmedFile(_ fileID: String, path: String, call: BitbybitCall) throws -> BitbybitFile {
        guard let file = files.file(fileID, owner: call.owner) else {
            throw BitbybitFailure(
                400, "FILE_NOT_FOUND", "\(path): no file \(fileID) belongs to this API key; upload it with POST /api/v1/files/upload",
                details: .object(["path": .string(path), "fileId": .string(fileID)]))
        }
        switch file.status {
        case .confirmed:
            return file
        case .pending:
            throw BitbybitFailure(
                400, "FILE_NOT_CONFIRMED",
                "\(path): file \(fileID) is not confirmed yet; PUT its bytes to the upload URL, then POST /api/v1/files/\(fileID)/confirm",
                details: .object(["path": .string(path), "fileId": .string(fileID)]))
        case .expired:
            throw BitbybitFailure(
                400, "FILE_EXPIRED", "\(path): the upload of file \(fileID) expired before it was confirmed; upload it again",
                details: .object(["path": .string(path), "fileId": .string(fileID)]))
        }
    }

    /// The failure a `sandbox.fail` operation asks for, if `operation` is one.
    static func requestedFailure(operation: String?, params: JSONValue?) -> String? {
        guard operation == "sandbox.fail" else { return nil }
        return params?["message"]?.stringValue ?? "sandbox.fail: the sandbox failed this task on request"
    }
}
