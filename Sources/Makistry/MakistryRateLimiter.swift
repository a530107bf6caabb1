import CADCrypto
import Synchronization

/// Keeps one API key within Makistry's request quota on the client, so a batch of submissions waits its
/// turn instead of collecting `429 quota_exceeded` answers.
///
/// - Windows: by default the documented limits, 20 requests per minute and 100 per hour, both enforced
///   as sliding windows (a request is allowed when fewer than `limit` requests were granted in the last
///   `length`).
/// - What counts: job submissions (`POST /text-to-cad`, `POST /image-to-cad`). Makistry documents the
///   quota per key without naming the endpoints; its own polling advice (every 15 s for up to 15 minutes
///   per job) would exhaust 100 requests an hour with two assembly jobs if polls counted, so the limiter
///   counts submissions only. Build one with `countsReads: true` to pace every request.
/// - Fair: callers are granted slots in the order they asked; a slot is reserved at once and the caller
///   sleeps until it comes, so concurrent callers never race for the same slot.
/// - Safety margin: each slot opens `margin` after the window strictly allows it (default 250 ms), so the
///   request still fits the server's window when it arrives a little later than it left or the server's
///   clock counts differently.
/// - Time comes from an injectable clock (a `ManualClock` in tests).
/// - One per key per process: `MakistryRateLimiter.shared(forKey:)` returns the same limiter for the same
///   key (it keeps only a SHA-256 digest of the key).
///
/// A 429 that still arrives (another process using the key) is handled by `RetryPolicy.makistry`: its
/// `Retry-After` is honoured, else the client backs off at least 60 s.
public actor MakistryRateLimiter {
    /// At most `limit` requests in any `length` of time.
    public struct Window: Sendable, Hashable {
        /// Requests allowed in the window.
        public var limit: Int
        /// The window's length.
        public var length: Duration

        /// A window of `limit` requests per `length`.
        public init(limit: Int, per length: Duration) {
            self.limit = max(1, limit)
            self.length = length
        }
    }

    /// Makistry's documented quota per key: 20 requests per minute and 100 per hour.
    public static let documentedWindows = [Window(limit: 20, per: .seconds(60)), Window(limit: 100, per: .seconds(3600))]

    /// The windows enforced.
    public nonisolated let windows: [Window]
    /// Whether reads (`GET /jobs/{id}`) are paced too, not only submissions.
    public nonisolated let countsReads: Bool
    private let now: @Sendable () -> Duration
    private let sleepUntil: @Sendable (Duration) async throws -> Void
    /// Granted (or reserved) slots as offsets from the limiter's start, ascending.
    private var slots: [Duration] = []
    private var waits = 0
    /// Extra time added after a window frees a slot.
    public nonisolated let margin: Duration

    /// A limiter over `clock` enforcing `windows`.
    public init(
        windows: [Window] = MakistryRateLimiter.documentedWindows,
        countsReads: Bool = false,
        margin: Duration = .milliseconds(250),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.windows = windows
        self.margin = margin
        self.countsReads = countsReads
        (now, sleepUntil) = Self.open(clock)
    }

    private static func open<C: Clock>(_ clock: C) -> (@Sendable () -> Duration, @Sendable (Duration) async throws -> Void)
    where C.Duration == Duration {
        let start = clock.now
        return ({ start.duration(to: clock.now) },
                { offset in try await clock.sleep(until: start.advanced(by: offset), tolerance: nil) })
    }

    /// Waits until one more request fits every window, then counts it.
    ///
    /// - Returns: how long the caller waited (zero when a slot was free).
    /// - Throws: `CancellationError` if cancelled while waiting (its slot is released).
    @discardableResult
    public func acquire() async throws -> Duration {
        try Task.checkCancellation()
        let current = now()
        let slot = nextSlot(after: current)
        slots.append(slot)
        prune(before: current)
        guard slot > current else { return .zero }
        waits += 1
        do {
            try await sleepUntil(slot)
        } catch {
            if let index = slots.firstIndex(of: slot) { slots.remove(at: index) }
            throw error
        }
        return slot - current
    }

    /// How many calls to `acquire` had to wait so far.
    public var waitCount: Int { waits }

    /// The earliest time at or after `current` (and after every earlier reservation) that fits all windows.
    private func nextSlot(after current: Duration) -> Duration {
        var slot = max(current, slots.last ?? current)
        for window in windows where slots.count >= window.limit {
            slot = max(slot, slots[slots.count - window.limit] + window.length + margin)
        }
        return slot
    }

    /// Forgets slots no window can see any more.
    private func prune(before current: Duration) {
        let longest = windows.map(\.length).max() ?? .zero
        let keep = windows.map(\.limit).max() ?? 0
        while slots.count > keep, let first = slots.first, first <= current - longest { slots.removeFirst() }
    }

    // MARK: - One limiter per key

    private static let registry = Mutex<[String: MakistryRateLimiter]>([:])

    /// The process-wide limiter for `apiKey` (documented windows, real clock), shared by every client
    /// made with that key.
    public static func shared(forKey apiKey: String) -> MakistryRateLimiter {
        let digest = SHA256Hasher.hash(Data(apiKey.utf8)).hex
        return registry.withLock { limiters in
            if let existing = limiters[digest] { return existing }
            let limiter = MakistryRateLimiter()
            limiters[digest] = limiter
            return limiter
        }
    }
}
