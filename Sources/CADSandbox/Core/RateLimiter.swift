import Synchronization

/// A rate limit: at most `limit` requests per `windowSeconds` of simulated time.
public struct SandboxRateLimit: Sendable, Codable, Hashable {
    /// Requests allowed per window.
    public var limit: Int
    /// The window length in simulated seconds (scaled by the speed factor like job durations).
    public var windowSeconds: Double

    /// Creates a limit.
    public init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }
}

/// Sliding-window rate limiting over simulated time. Thread-safe (`Mutex`).
final class RateLimiter: Sendable {
    private let enabled: Bool
    private let overrides: [String: SandboxRateLimit]
    private let time: SandboxTime
    private let inspector: SandboxInspector
    private let log = Mutex<[String: [Duration]]>([:])

    init(enabled: Bool, overrides: [String: SandboxRateLimit], time: SandboxTime, inspector: SandboxInspector) {
        self.enabled = enabled
        self.overrides = overrides
        self.time = time
        self.inspector = inspector
    }

    /// Counts one request against limit `name` (default `limit`, unless configured otherwise) in `bucket`.
    ///
    /// - Returns: `nil` when allowed; otherwise the whole clock seconds to wait (at least 1), for `Retry-After`.
    func acquire(_ name: String, default limit: SandboxRateLimit, bucket: String) -> Int? {
        guard enabled else { return nil }
        let limit = overrides[name] ?? limit
        let window = Duration.seconds(fractional: limit.windowSeconds)
        let now = time.simulatedNow
        let wait: Duration? = log.withLock { log in
            let key = name + "\u{0}" + bucket
            var stamps = log[key, default: []].filter { now - $0 < window }
            defer { log[key] = stamps }
            if stamps.count >= limit.limit, let oldest = stamps.first {
                return oldest + window - now
            }
            stamps.append(now)
            return nil
        }
        inspector.recordRateLimitCheck(name, rejected: wait != nil)
        return wait.map { max(1, time.clockSeconds(forSimulated: $0)) }
    }
}
