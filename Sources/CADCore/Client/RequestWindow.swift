import Synchronization

/// At most `limit` requests in any `window`, counted per attempt: every request sent through it (a retry
/// after a 429 included) takes a slot, and `acquire()` waits on the clock until one is free.
///
/// Orville allows 3 status requests per 10 s per API key per job; `OrvilleClient`'s `wait` makes one window
/// per job and sends every status request of the wait, retries included, through it.
public final class RequestWindow: Sendable {
    /// Requests allowed per window.
    public let limit: Int
    /// The window's length.
    public let window: Duration
    private let timer: ClockTimer
    private let sent = Mutex<[Duration]>([])

    /// A window of `limit` requests per `window` on `clock`.
    public init(limit: Int, per window: Duration, clock: any Clock<Duration> = ContinuousClock()) {
        self.limit = max(1, limit)
        self.window = window
        timer = ClockTimer(clock)
    }

    /// A window for `rateLimit`.
    public convenience init(_ rateLimit: PollSchedule.RateLimit, clock: any Clock<Duration>) {
        self.init(limit: rateLimit.maxPolls, per: rateLimit.window, clock: clock)
    }

    /// Waits until a request may be sent without exceeding the limit, then counts it.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire() async throws {
        while true {
            let now = timer.elapsed
            let freeAt: Duration? = sent.withLock { sent in
                if let slot = Self.freeAt(sent, limit: limit, window: window), slot > now { return slot }
                sent.append(now)
                if sent.count > limit { sent.removeFirst(sent.count - limit) }
                return nil
            }
            guard let freeAt else { return }
            try await timer.sleep(untilElapsed: freeAt)
        }
    }

    /// How long from now until a request may be sent (`.zero` when one may go now).
    public var delayUntilFree: Duration {
        let now = timer.elapsed
        let freeAt = sent.withLock { Self.freeAt($0, limit: limit, window: window) }
        return max(.zero, (freeAt ?? now) - now)
    }

    /// When the oldest of the last `limit` requests leaves the window, or `nil` while fewer were sent.
    private static func freeAt(_ sent: [Duration], limit: Int, window: Duration) -> Duration? {
        guard sent.count >= limit else { return nil }
        return sent[sent.count - limit] + window
    }
}
