import Synchronization

/// A clock whose time moves only when told to: for tests of anything that sleeps or measures time.
///
/// Two modes:
/// - **manual** (default): `sleep` suspends until a test calls `advance(by:)`/`advance(to:)` past the
///   deadline. `waitForSleepers(_:)` lets the test wait, without real sleeping, until the code under test
///   is suspended in `sleep`.
/// - **auto-advancing** (`autoAdvance: true`): every `sleep` moves the clock straight to its deadline and
///   returns at once, so single-task code runs in virtual time, deterministically.
///
/// Every requested sleep is recorded in `sleeps`. Cancelling a sleeping task resumes it promptly with
/// `CancellationError`. Thread-safe: all state is behind a `Mutex`.
public final class ManualClock: Clock, Sendable {
    /// A point in the clock's time: an offset from the moment the clock was made.
    public struct Instant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// How far after the clock's start this instant is.
        public var offset: Duration

        /// An instant `offset` after the clock's start.
        public init(offset: Duration) { self.offset = offset }

        /// This instant moved by `duration`.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }

        /// The time from this instant to `other`.
        public func duration(to other: Instant) -> Duration { other.offset - offset }

        /// Orders instants by their offset.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }

        /// `t+OFFSET`.
        public var description: String { "t+\(offset)" }
    }

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct SleeperWaiter {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var waiters: [SleeperWaiter] = []
        var cancelledIDs: Set<Int> = []
        var nextID = 0
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())
    private let autoAdvance: Bool

    /// A clock at `t+0`. With `autoAdvance`, sleeps jump the clock to their deadline instead of waiting.
    public init(autoAdvance: Bool = false) {
        self.autoAdvance = autoAdvance
    }

    /// The current instant.
    public var now: Instant { state.withLock { $0.now } }

    /// How far the clock has moved since it was made.
    public var elapsed: Duration { now.offset }

    /// Zero: this clock is exact.
    public var minimumResolution: Duration { .zero }

    /// Every sleep requested so far, as the duration from the clock's time at the call to its deadline
    /// (zero or negative when the deadline had already passed).
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// How many tasks are suspended in `sleep` right now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline among suspended sleepers, if any.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    /// Suspends until `deadline`, until cancelled, or (auto-advancing) moves the clock to `deadline`.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        if autoAdvance {
            state.withLock { state in
                state.sleeps.append(state.now.duration(to: deadline))
                if deadline > state.now { state.now = deadline }
            }
            try Task.checkCancellation()
            return
        }
        let id = state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Action { case suspend, returnNow, cancel }
                let (action, ready) = state.withLock { state -> (Action, [SleeperWaiter]) in
                    if state.cancelledIDs.remove(id) != nil { return (.cancel, []) }
                    if deadline <= state.now { return (.returnNow, []) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return (.suspend, Self.takeSatisfiedWaiters(&state))
                }
                switch action {
                case .cancel: continuation.resume(throwing: CancellationError())
                case .returnNow: continuation.resume()
                case .suspend: break
                }
                for waiter in ready { waiter.continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index)
                }
                state.cancelledIDs.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration` and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: duration))
    }

    /// Moves the clock to `instant` (never backwards) and wakes every sleeper whose deadline has come.
    public func advance(to instant: Instant) {
        let woken = state.withLock { state -> [Sleeper] in
            if instant > state.now { state.now = instant }
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Moves the clock to the earliest sleeper's deadline and wakes it; returns that instant, or `nil`
    /// when nobody sleeps.
    @discardableResult
    public func advanceToNextDeadline() -> Instant? {
        guard let deadline = nextDeadline else { return nil }
        advance(to: deadline)
        return deadline
    }

    /// Returns once at least `count` tasks are suspended in `sleep` (at once if they already are).
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let satisfied = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.waiters.append(SleeperWaiter(count: count, continuation: continuation))
                return false
            }
            if satisfied { continuation.resume() }
        }
    }

    private static func takeSatisfiedWaiters(_ state: inout State) -> [SleeperWaiter] {
        let count = state.sleepers.count
        let ready = state.waiters.filter { $0.count <= count }
        state.waiters.removeAll { $0.count <= count }
        return ready
    }
}
