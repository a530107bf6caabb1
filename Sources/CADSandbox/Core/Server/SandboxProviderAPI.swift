/// One provider's imitation: registers its routes and renders its error bodies.
///
/// Each provider lives in its own folder (`Bitbybit/`, `Orville/`, `Makistry/`) and is listed in
/// `ProviderRegistry.all`. It keeps its own state behind a `Mutex` and reaches the shared machinery
/// (keys, clock, storage, files, inspector, rate limits) through the `SandboxEnvironment`.
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
