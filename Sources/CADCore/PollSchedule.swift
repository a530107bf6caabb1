/// How long to wait between polls of one job.
///
/// After each poll the schedule computes a delay from what is known (polls so far, time elapsed, the
/// server's hint), clamps it into `minDelay ... maxDelay`, and never goes below the server's hint (such as
/// Orville's `poll_after_seconds`): the hint is a floor even above `maxDelay`. `rateLimit`, when set, keeps
/// polls under a count per window (Orville: 3 per 10 s per job).
public struct PollSchedule: Sendable {
    /// What the schedule knows when it picks the next delay.
    public struct Context: Sendable, Hashable {
        /// Polls made so far (at least 1).
        public var polls: Int
        /// Time since waiting started.
        public var elapsed: Duration
        /// The server's hint for the next poll (`poll_after_seconds`, a `Retry-After`), if any.
        public var hint: Duration?

        /// A context.
        public init(polls: Int, elapsed: Duration, hint: Duration?) {
            self.polls = polls
            self.elapsed = elapsed
            self.hint = hint
        }
    }

    /// At most `maxPolls` polls in any `window`.
    public struct RateLimit: Sendable, Hashable {
        /// How many polls the window allows.
        public var maxPolls: Int
        /// The window's length.
        public var window: Duration

        /// A limit of `maxPolls` per `window`.
        public init(maxPolls: Int, per window: Duration) {
            self.maxPolls = max(1, maxPolls)
            self.window = window
        }
    }

    /// The least time between two polls, whatever the rule says.
    public var minDelay: Duration
    /// The most time between two polls, unless the server's hint asks for more.
    public var maxDelay: Duration
    /// A cap on the polling rate, if the provider has one.
    public var rateLimit: RateLimit?
    private let rule: @Sendable (Context, JitterSource) -> Duration

    /// A schedule whose `rule` proposes each delay (before clamping and the hint floor).
    public init(
        minDelay: Duration,
        maxDelay: Duration,
        rateLimit: RateLimit? = nil,
        rule: @escaping @Sendable (Context, JitterSource) -> Duration
    ) {
        self.minDelay = max(.zero, minDelay)
        self.maxDelay = max(minDelay, maxDelay)
        self.rateLimit = rateLimit
        self.rule = rule
    }

    /// The delay after a poll described by `context`: the rule's proposal clamped into
    /// `minDelay ... maxDelay`, then raised to the server's hint.
    public func delay(for context: Context, jitter: JitterSource) -> Duration {
        let proposed = min(max(rule(context, jitter), minDelay), maxDelay)
        guard let hint = context.hint else { return proposed }
        return max(proposed, hint)
    }

    /// Smithy-style exponential backoff: before poll n+1, a random delay in
    /// `minDelay ... min(maxDelay, minDelay · 2ⁿ⁻¹)`.
    public static func exponential(minDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(120)) -> PollSchedule {
        PollSchedule(minDelay: minDelay, maxDelay: maxDelay) { context, jitter in
            var ceiling = minDelay
            for _ in 1..<max(1, context.polls) where ceiling < maxDelay { ceiling = ceiling * 2 }
            return jitter.duration(in: minDelay, min(ceiling, maxDelay))
        }
    }

    /// Every `interval`, never below `minimum` even when the server hints at less.
    public static func fixed(_ interval: Duration, minimum: Duration = .seconds(1)) -> PollSchedule {
        PollSchedule(minDelay: minimum, maxDelay: max(interval, minimum)) { _, _ in interval }
    }

    /// Makistry's recommendation: every 5–10 s (random) during the first 30 s, then every 15 s.
    public static let makistry = PollSchedule(minDelay: .seconds(5), maxDelay: .seconds(15)) { context, jitter in
        context.elapsed < .seconds(30) ? jitter.duration(in: .seconds(5), .seconds(10)) : .seconds(15)
    }

    /// Orville's rules: never sooner than `poll_after_seconds`, 60 s when the job gave none, and at most
    /// 3 polls per 10 s per job.
    public static let orville = PollSchedule(
        minDelay: .seconds(1),
        maxDelay: .seconds(60),
        rateLimit: RateLimit(maxPolls: 3, per: .seconds(10))
    ) { context, _ in
        context.hint ?? .seconds(60)
    }

    /// Bitbybit: every 2 s, never below 1 s.
    public static let bitbybit = PollSchedule.fixed(.seconds(2), minimum: .seconds(1))
}
