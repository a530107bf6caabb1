/// Measures elapsed time and sleeps on an `any Clock<Duration>`, from a start instant fixed when made.
///
/// Existential clocks hide their `Instant` type; this opens the clock once and keeps closures over the
/// concrete type, so callers deal only in `Duration`s since the start.
struct ClockTimer: Sendable {
    private let elapsedSinceStart: @Sendable () -> Duration
    private let sleepUntilElapsed: @Sendable (Duration) async throws -> Void

    /// A timer starting now on `clock`.
    init(_ clock: any Clock<Duration>) {
        self = Self.open(clock)
    }

    private init(
        elapsed: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.elapsedSinceStart = elapsed
        self.sleepUntilElapsed = sleep
    }

    private static func open<C: Clock>(_ clock: C) -> ClockTimer where C.Duration == Duration {
        let start = clock.now
        return ClockTimer(
            elapsed: { start.duration(to: clock.now) },
            sleep: { offset in try await clock.sleep(until: start.advanced(by: offset), tolerance: nil) }
        )
    }

    /// Time since the timer was made.
    var elapsed: Duration { elapsedSinceStart() }

    /// Sleeps until `offset` after the start (returns at once if that has passed). Throws
    /// `CancellationError` when the task is cancelled.
    func sleep(untilElapsed offset: Duration) async throws {
        try Task.checkCancellation()
        try await sleepUntilElapsed(offset)
    }

    /// Sleeps for `duration` from now.
    func sleep(for duration: Duration) async throws {
        guard duration > .zero else {
            try Task.checkCancellation()
            return
        }
        try await sleep(untilElapsed: elapsed + duration)
    }
}
