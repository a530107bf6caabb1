/// One provider's imitation: registers its routes and renders its error bodies.
///
/// Each provider lives in its own folder (`Bitbybit/`, `Orville/`, `Makistry/`) and is listed in
/// `ProviderRegistry.all`. It keeps its own state behind a `Mutex` and reaches the shared machinery
/// (keys, clock, storage, files, inspector, rate limits) through the `SandboxEnvironment`.
///
/// ## Plugging in
/// A provider is a `struct XSandbox: SandboxProviderAPI` in its own folder:
///
/// ```swift
/// struct BitbybitSandbox: SandboxProviderAPI {
///     static let provider = SandboxProvider.bitbybit
///     init(environment: SandboxEnvironment)             // keep state in a Mutex-protected class
///     func register(in routes: inout ProviderRoutes)    // routes.get("/api/v1/tasks/{id}") { request in ... }
///     func errorResponse(status:code:message:request:) -> SandboxResponse  // fault-plan statuses, 404, 405, 500
/// }
/// ```
/// and is listed in `Core/Server/ProviderRegistry.swift`; its settings are a field of `SandboxConfiguration`.
///
/// What the environment offers (all thread-safe):
/// - `time`: `simulatedNow` (clock time × speed: job durations, rate windows), `elapsed`/`date`/`unixSeconds`
///   (clock time: URL expiry, timestamps), `clockSeconds(forSimulated:)` for honest `Retry-After`/poll hints.
/// - `keys.authenticate(request, provider:)` → `SandboxKey?` (`grants(scope)`, `workspace`, `name`).
/// - `storage`: `store(data, contentType:, filename:)` → object id, `downloadURL(for:lifetime:)`,
///   `uploadURL(for:lifetime:)` (client PUTs the bytes; `object(id)` is then non-nil), `remove`.
///   `environment.signedDownloadURL(for:)` uses the configured lifetime.
/// - `inspector.recordJobCreated(provider)`; request counts are recorded by the dispatcher.
/// - `rateLimiter.acquire(name, default: SandboxRateLimit, bucket:)` → `nil` or Retry-After seconds.
/// - `IdempotencyIndex<Value>` (keep inside your locked state) with `RequestFingerprint.of(request)`.
/// - `MultipartFormData.parse(request)`, `JSONValue.parse(data)`, `ImageKind.sniff(bytes)`.
/// - `CADFiles.step/glb/stl/threeMF(CADBox, name:)`, `CADBox.requested(by: prompt)`.
/// - `SandboxResponse.json(status, JSONValue)`, `.empty`, `.text`; `request.requestID`, `bearerToken`,
///   `headers[...]`, `queryValue`, `parameter`.
///
/// The dispatcher handles the fault plan (statuses, drops before/after processing, truncation, invalid
/// JSON, delays, `ignoreRange` for storage) before and after your handler; handlers need not know.
protocol SandboxProviderAPI: Sendable {
    /// The provider served.
    static var provider: SandboxProvider { get }

    /// Creates the provider's state for one server.
    init(environment: SandboxEnvironment)

    /// Adds every endpoint, with paths relative to the provider's prefix.
    func register(in routes: inout ProviderRoutes)

    /// The provider's error response for `status` with `code` and `message`: used for fault-plan
    /// statuses, unknown paths (404) and wrong methods (405).
    func errorResponse(status: Int, code: String, message: String, request: SandboxRequest) -> SandboxResponse
}
