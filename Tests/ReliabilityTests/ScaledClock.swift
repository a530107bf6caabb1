import Foundation

/// A clock that runs `factor` times faster than real time: `sleep(for: .seconds(60))` takes 60/factor real
/// seconds. Paired with a sandbox at the same `speed` (whose windows and job durations are simulated as
/// clock time × speed), client and server agree on time while a load test of simulated hours runs in
/// seconds, with real concurrency and real network ordering (unlike an auto-advancing manual clock, which
/// lets one sleeper's jump move every other caller's time).
struct ScaledClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let factor: Double
    private let origin = ContinuousClock.now

    init(factor: Double) { self.factor = factor }

    var now: Instant { Instant(offset: (ContinuousClock.now - origin) * factor) }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else { return }
        try await Task.sleep(for: remaining / factor)
    }
}
