import Synchronization

/// The shared machinery every provider imitation uses. Immutable references to thread-safe parts.
final class SandboxEnvironment: Sendable {
    let configuration: SandboxConfiguration
    let time: SandboxTime
    let keys: KeyStore
    let storage: StorageService
    let inspector: SandboxInspector
    let faults: FaultPlan
    let rateLimiter: RateLimiter
    private let apiBase = Mutex<String>("http://127.0.0.1:0")

    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
        time = SandboxTime(clock: configuration.clock, speed: configuration.speed)
        keys = KeyStore(configuration.keys)
        storage = StorageService(secret: configuration.storageSecret, time: time)
        inspector = SandboxInspector()
        faults = FaultPlan(configuration.faults)
        rateLimiter = RateLimiter(
            enabled: configuration.rateLimitsEnabled, overrides: configuration.rateLimits, time: time,
            inspector: inspector)
    }

    /// `http://HOST:PORT` of the API listener (set once it is bound).
    var apiBaseURL: String {
        get { apiBase.withLock { $0 } }
        set { apiBase.withLock { $0 = newValue } }
    }

    /// The signed download URL for a stored object, with the configured lifetime.
    func signedDownloadURL(for objectID: String) -> String {
        storage.downloadURL(for: objectID, lifetime: configuration.signedURLLifetimeSeconds)
    }
}
