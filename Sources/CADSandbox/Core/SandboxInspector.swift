import Synchronization

/// What the sandbox saw: request counts per route and key, jobs created, rate-limit rejections,
/// connections accepted and credential headers that reached the storage listener.
///
/// Secrets are never stored: keys appear by `SandboxKey.name`, credential values masked.
/// Thread-safe (`Mutex`).
public final class SandboxInspector: Sendable {
    /// Which listener accepted a connection.
    public enum Listener: String, Sendable, Hashable {
        /// The API port (all three providers).
        case api
        /// The storage port (pre-signed downloads and uploads).
        case storage
    }

    /// One request as seen by the server.
    public struct RequestRecord: Sendable, Hashable {
        /// Which listener received it.
        public var listener: Listener
        /// Upper-case method.
        public var method: String
        /// The concrete path (no query).
        public var path: String
        /// The matched route (`GET /orville/api/v1/cad/jobs/{job_id}`), or `nil` when nothing matched.
        public var route: String?
        /// The name of the authenticated key, if any.
        public var keyName: String?
        /// The status answered (0 when the connection was dropped without a response).
        public var status: Int
        /// The `Idempotency-Key` header, when the request carried one (not a secret).
        public var idempotencyKey: String? = nil
    }

    /// A credential header that arrived at the storage listener (it never should).
    public struct CredentialSighting: Sendable, Hashable {
        /// Lower-case header name: `authorization`, `x-api-key` or `cookie`.
        public var header: String
        /// Upper-case method.
        public var method: String
        /// The storage path requested.
        public var path: String
        /// The value with all but its first and last four characters masked.
        public var maskedValue: String
    }

    private struct State {
        var requests: [RequestRecord] = []
        var jobsCreated: [SandboxProvider: Int] = [:]
        var rateLimited: [String: Int] = [:]
        var rateLimitChecks: [String: Int] = [:]
        var connections: [Listener: Int] = [:]
        var credentials: [CredentialSighting] = []
        var faultsApplied: Int = 0
        var work: [String: Int] = [:]
    }

    private let state = Mutex(State())

    init() {}

    // MARK: Reading

    /// Every request so far, in arrival order.
    public var requests: [RequestRecord] { state.withLock { $0.requests } }

    /// How many requests matched `route` (`"GET /orville/api/v1/cad/jobs/{job_id}"`).
    public func requestCount(route: String) -> Int {
        state.withLock { $0.requests.count { $0.route == route } }
    }

    /// How many requests were made to the concrete `path` (any method when `method` is nil).
    public func requestCount(path: String, method: String? = nil) -> Int {
        state.withLock { $0.requests.count { $0.path == path && (method == nil || $0.method == method) } }
    }

    /// Requests per route pattern.
    public var requestsByRoute: [String: Int] {
        state.withLock { state in
            state.requests.reduce(into: [:]) { counts, record in counts[record.route ?? "(unmatched)", default: 0] += 1 }
        }
    }

    /// Requests per key name (unauthenticated requests are not counted).
    public var requestsByKey: [String: Int] {
        state.withLock { state in
            state.requests.reduce(into: [:]) { counts, record in
                if let key = record.keyName { counts[key, default: 0] += 1 }
            }
        }
    }

    /// How many times a piece of billable work was really done (not replayed from an idempotency key):
    /// `orville.create`, `orville.iterate`, `orville.review`, `makistry.create`, `bitbybit.task`.
    public func workDone(_ name: String) -> Int { state.withLock { $0.work[name] ?? 0 } }

    /// Jobs (Orville, Makistry) or tasks (Bitbybit) created for `provider`, idempotent replays excluded.
    public func jobsCreated(_ provider: SandboxProvider) -> Int { state.withLock { $0.jobsCreated[provider] ?? 0 } }

    /// 429s answered per rate limit name (e.g. `orville.job_poll`, `makistry.per_minute`).
    public var rateLimitRejections: [String: Int] { state.withLock { $0.rateLimited } }

    /// Requests counted against each rate limit (allowed or not), by limit name.
    public var rateLimitChecks: [String: Int] { state.withLock { $0.rateLimitChecks } }

    /// Connections accepted by `listener`.
    public func connectionsAccepted(_ listener: Listener) -> Int { state.withLock { $0.connections[listener] ?? 0 } }

    /// Credential headers that reached the storage listener; empty when clients behave.
    public var storageCredentialSightings: [CredentialSighting] { state.withLock { $0.credentials } }

    /// How many fault-plan actions have been applied.
    public var faultsApplied: Int { state.withLock { $0.faultsApplied } }

    /// Forgets everything recorded so far.
    public func reset() { state.withLock { $0 = State() } }

    // MARK: Recording (server side)

    func record(_ record: RequestRecord) { state.withLock { $0.requests.append(record) } }
    func recordJobCreated(_ provider: SandboxProvider) {
        state.withLock { $0.jobsCreated[provider, default: 0] += 1 }
        recordWork(provider == .bitbybit ? "bitbybit.task" : "\(provider.rawValue).create")
    }
    func recordWork(_ name: String) { state.withLock { $0.work[name, default: 0] += 1 } }
    func recordRateLimitCheck(_ name: String, rejected: Bool) {
        state.withLock { state in
            state.rateLimitChecks[name, default: 0] += 1
            if rejected { state.rateLimited[name, default: 0] += 1 }
        }
    }
    func recordConnection(_ listener: Listener) { state.withLock { $0.connections[listener, default: 0] += 1 } }
    func recordCredential(_ sighting: CredentialSighting) { state.withLock { $0.credentials.append(sighting) } }
    func recordFaultApplied() { state.withLock { $0.faultsApplied += 1 } }

    /// Masks all but the first and last four characters of a secret.
    static func mask(_ value: String) -> String {
        guard value.count > 8 else { return String(repeating: "*", count: value.count) }
        return "\(value.prefix(4))…\(value.suffix(4))"
    }
}
