/// How to run a sandbox server.
///
/// Defaults suit tests: ephemeral ports on loopback, speed 1000 (a 60 s job takes 60 ms), the
/// built-in keys, rate limits on (their windows shrink with the speed too), no faults.
public struct SandboxConfiguration: Sendable {
    /// Interface to bind both listeners to.
    public var host: String
    /// API port (Bitbybit, Orville, Makistry under their prefixes); 0 picks a free port.
    public var apiPort: Int
    /// Storage port (pre-signed downloads and uploads); 0 picks a free port.
    public var storagePort: Int
    /// Simulated seconds per clock second: job durations and rate-limit windows shrink by this factor.
    public var speed: Double
    /// The clock everything is measured on; inject a `ManualClock` to move time by hand.
    public var clock: any Clock<Duration>
    /// The keys accepted.
    public var keys: [SandboxKey]
    /// Faults to inject from the start (more can be added through `SandboxServer.faults`).
    public var faults: [FaultRule]
    /// Whether documented rate limits are enforced.
    public var rateLimitsEnabled: Bool
    /// Replacements for documented limits, by name: `orville.cad_writes`, `orville.review_writes`,
    /// `orville.job_poll`, `orville.reads`, `orville.artifacts`, `orville.billing`,
    /// `makistry.per_minute`, `makistry.per_hour`.
    public var rateLimits: [String: SandboxRateLimit]
    /// Secret that signs storage URLs (random unless given).
    public var storageSecret: String
    /// Lifetime of signed download URLs in clock seconds (Orville reports it as `expires_in_seconds`).
    public var signedURLLifetimeSeconds: Int
    /// Bitbybit's task timing and upload limits.
    public var bitbybit: BitbybitSettings
    /// Orville's billing and job behaviour.
    public var orville: OrvilleSettings
    /// Makistry's account and job behaviour.
    public var makistry: MakistrySettings
    /// Log each request to standard error (method, path, status; never credentials).
    public var logRequests: Bool

    /// Creates a configuration; every parameter has a test-friendly default.
    public init(
        host: String = "127.0.0.1",
        apiPort: Int = 0,
        storagePort: Int = 0,
        speed: Double = 1000,
        clock: any Clock<Duration> = ContinuousClock(),
        keys: [SandboxKey] = SandboxKey.defaults,
        faults: [FaultRule] = [],
        rateLimitsEnabled: Bool = true,
        rateLimits: [String: SandboxRateLimit] = [:],
        storageSecret: String? = nil,
        signedURLLifetimeSeconds: Int = 900,
        bitbybit: BitbybitSettings = BitbybitSettings(),
        orville: OrvilleSettings = OrvilleSettings(),
        makistry: MakistrySettings = MakistrySettings(),
        logRequests: Bool = false
    ) {
        self.host = host
        self.apiPort = apiPort
        self.storagePort = storagePort
        self.speed = speed
        self.clock = clock
        self.keys = keys
        self.faults = faults
        self.rateLimitsEnabled = rateLimitsEnabled
        self.rateLimits = rateLimits
        self.storageSecret = storageSecret ?? SandboxIDs.hex(64)
        self.signedURLLifetimeSeconds = signedURLLifetimeSeconds
        self.bitbybit = bitbybit
        self.orville = orville
        self.makistry = makistry
        self.logRequests = logRequests
    }
}
