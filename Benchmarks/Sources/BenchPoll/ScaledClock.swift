/// A clock whose time runs `speed` times faster than the continuous clock: sleeping one second of it
/// takes 1/speed real seconds. With the sandbox at the same speed, the CADCore `Poller`'s schedules
/// (minimums, maximums, rate-limit windows) and the sandbox's job durations are both in simulated time,
/// so a 270 s job is polled as it would be for real, in 1/speed of the time.
struct ScaledClock: Clock {
    struct Instant: InstantProtocol {
        /// Simulated time since the clock was made.
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let speed: Double
    private let origin = ContinuousClock.now

    init(speed: Double) { self.speed = speed }

    var now: Instant { Instant(offset: (ContinuousClock.now - origin) * speed) }
    var minimumResolution: Duration { .milliseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else { return try Task.checkCancellation() }
        try await ContinuousClock().sleep(for: remaining / speed)
    }
}
