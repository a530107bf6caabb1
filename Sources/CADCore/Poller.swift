/// What one poll of a job found.
public struct PollResult<Value: Sendable>: Sendable {
    /// Whatever the poll fetched (the job), returned by `Poller.wait` once terminal.
    public var value: Value
    /// The job's status as the provider spells it (`queued`, `running`, `completed`).
    public var status: String
    /// Whether the job has stopped changing (succeeded, failed, cancelled): polling ends.
    public var isTerminal: Bool
    /// The server's hint for the next poll (`poll_after_seconds`), if it sent one.
    public var nextPollAfter: Duration?

    /// A poll's outcome.
    public init(value: Value, status: String, isTerminal: Bool, nextPollAfter: Duration? = nil) {
        self.value = value
        self.status = status
        self.isTerminal = isTerminal
        self.nextPollAfter = nextPollAfter
    }
}

/// Told after every poll: what was seen, whether the status changed, and when the next poll is due.
public struct PollEvent: Sendable, Hashable {
    /// The job being waited on.
    public var jobID: String
    /// The status this poll saw, or `nil` when the poll failed with a tolerated error.
    public var status: String?
    /// The status the previous successful poll saw (`nil` before the first).
    public var previousStatus: String?
    /// Which poll this was (1-based).
    public var poll: Int
    /// Time since waiting started.
    public var elapsed: Duration
    /// The wait before the next poll; `nil` when polling has ended.
    public var nextPollIn: Duration?
    /// The tolerated error this poll met, if it failed.
    public var failure: String?

    /// An event.
    public init(jobID: String, status: String?, previousStatus: String?, poll: Int, elapsed: Duration,
                nextPollIn: Duration?, failure: String? = nil) {
        self.jobID = jobID
        self.status = status
        self.previousStatus = previousStatus
        self.poll = poll
        self.elapsed = elapsed
        self.nextPollIn = nextPollIn
        self.failure = failure
    }

    /// Whether the status differs from the previous poll's (true for the first status seen).
    public var statusChanged: Bool { status != nil && status != previousStatus }
}

/// Receives poll events; called on the waiting task, so it should return quickly.
public typealias PollObserver = @Sendable (PollEvent) -> Void

/// Waits for a job to finish by polling it, in the style of smithy waiters.
///
/// - A required timeout: at the deadline the poller makes one last attempt (when the schedule's floors
///   allow a poll by then) and, if the job is still running, throws `WaitTimeoutError` with the job id.
/// - Delays from a `PollSchedule` (minimum, maximum, jitter, server hints as a floor, a rate limit).
/// - Time comes from an injectable clock, so tests run in virtual time.
/// - Cancelling the task stops the wait promptly with `CancellationError`.
/// - Transient poll failures (rate limits, 5xx, network) are tolerated up to `toleratedConsecutiveFailures`
///   in a row; the next poll then waits at least the `Retry-After` the failure carried.
public struct Poller: Sendable {
    /// The provider's name, for errors.
    public var provider: String
    /// How long to wait in all, from the call to `wait`.
    public var timeout: Duration
    /// The delays between polls.
    public var schedule: PollSchedule
    /// Where time comes from.
    public var clock: any Clock<Duration>
    /// Randomness for the schedule's jitter.
    public var jitter: JitterSource
    /// How many failed polls in a row are tolerated before the error is thrown.
    public var toleratedConsecutiveFailures: Int
    /// The window every request of a poll takes a slot of (retries included), when the provider limits
    /// requests per job; polls are planned no sooner than it has a free slot. `nil`: the schedule's
    /// `rateLimit` counts polls.
    public var window: RequestWindow?
    /// Told of every status read (`recordPoll`); `nil` costs nothing.
    public var instrumentation: (any RequestInstrumentation)?

    /// A poller for `provider`'s jobs that gives up after `timeout`.
    public init(
        provider: String,
        timeout: Duration,
        schedule: PollSchedule,
        clock: any Clock<Duration> = ContinuousClock(),
        jitter: JitterSource = .system,
        toleratedConsecutiveFailures: Int = 2,
        window: RequestWindow? = nil,
        instrumentation: (any RequestInstrumentation)? = nil
    ) {
        self.window = window
        self.instrumentation = instrumentation
        self.provider = provider
        self.timeout = max(.zero, timeout)
        self.schedule = schedule
        self.clock = clock
        self.jitter = jitter
        self.toleratedConsecutiveFailures = max(0, toleratedConsecutiveFailures)
    }

    /// Polls `jobID` with `poll` until it reports a terminal status, and returns that poll's value.
    ///
    /// - Parameters:
    ///   - jobID: the job or task, named in progress reports and the timeout error.
    ///   - poll: reads the job once and says whether it has ended.
    ///   - firstPollAfter: how long to wait before the first poll (a create response's `poll_after_seconds`);
    ///     `nil` polls at once.
    ///   - observer: told after every poll.
    /// - Throws: `WaitTimeoutError` at the deadline, `CancellationError` when cancelled, or what `poll` threw
    ///   (after the tolerated transient failures).
    public func wait<Value: Sendable>(
        jobID: String,
        firstPollAfter: Duration? = nil,
        observer: PollObserver? = nil,
        poll: @Sendable () async throws -> PollResult<Value>
    ) async throws -> Value {
        let timer = ClockTimer(clock)
        let deadline = timeout
        var pollTimes: [Duration] = []
        var polls = 0
        var lastStatus: String?
        var consecutiveFailures = 0
        let first = max(.zero, firstPollAfter ?? .zero)
        var plan = resolve(proposed: first, floor: first, deadline: deadline)

        func timeoutError() -> WaitTimeoutError {
            WaitTimeoutError(provider: provider, jobID: jobID, timeout: timeout, lastStatus: lastStatus, polls: polls)
        }

        while true {
            let (pollAt, isLast): (Duration, Bool)
            switch plan {
            case .giveUp:
                try await timer.sleep(untilElapsed: deadline)
                throw timeoutError()
            case .poll(let at, let last):
                (pollAt, isLast) = (at, last)
            }
            try await timer.sleep(untilElapsed: pollAt)

            let result: PollResult<Value>
            var hint: Duration?
            do {
                result = try await poll()
                consecutiveFailures = 0
            } catch {
                polls += 1
                let now = timer.elapsed
                pollTimes.append(now)
                guard let retryAfter = Self.transientDelay(of: error),
                      consecutiveFailures < toleratedConsecutiveFailures, !isLast, now < deadline
                else { throw error }
                consecutiveFailures += 1
                hint = retryAfter
                plan = next(after: now, polls: polls, hint: hint, pollTimes: pollTimes, deadline: deadline)
                observer?(PollEvent(jobID: jobID, status: nil, previousStatus: lastStatus, poll: polls,
                                    elapsed: now, nextPollIn: plan.wait(from: now),
                                    failure: String(describing: error)))
                continue
            }
            polls += 1
            let now = timer.elapsed
            pollTimes.append(now)
            let previous = lastStatus
            lastStatus = result.status
            instrumentation?.recordPoll(provider: provider, jobID: jobID, status: result.status)
            if result.isTerminal {
                observer?(PollEvent(jobID: jobID, status: result.status, previousStatus: previous, poll: polls,
                                    elapsed: now, nextPollIn: nil))
                return result.value
            }
            if isLast || now >= deadline {
                observer?(PollEvent(jobID: jobID, status: result.status, previousStatus: previous, poll: polls,
                                    elapsed: now, nextPollIn: nil))
                throw timeoutError()
            }
            hint = result.nextPollAfter
            plan = next(after: now, polls: polls, hint: hint, pollTimes: pollTimes, deadline: deadline)
            observer?(PollEvent(jobID: jobID, status: result.status, previousStatus: previous, poll: polls,
                                elapsed: now, nextPollIn: plan.wait(from: now)))
        }
    }

    enum Plan: Equatable {
        /// Poll at this offset from the start; `last` when it is the final attempt at the deadline.
        case poll(at: Duration, last: Bool)
        /// No poll is allowed before the deadline: wait for it, then time out.
        case giveUp

        func wait(from now: Duration) -> Duration? {
            if case .poll(let at, _) = self { return max(.zero, at - now) }
            return nil
        }
    }

    /// The plan after a poll at `now`.
    func next(after now: Duration, polls: Int, hint: Duration?, pollTimes: [Duration], deadline: Duration) -> Plan {
        let delay = schedule.delay(for: .init(polls: polls, elapsed: now, hint: hint), jitter: jitter)
        var floor = now + max(schedule.minDelay, hint ?? .zero)
        if let window {
            floor = max(floor, now + window.delayUntilFree)
        } else if let limit = schedule.rateLimit, pollTimes.count >= limit.maxPolls {
            floor = max(floor, pollTimes[pollTimes.count - limit.maxPolls] + limit.window)
        }
        return resolve(proposed: max(now + delay, floor), floor: floor, deadline: deadline)
    }

    /// Fits a proposed poll time to the deadline: past it, one last poll at the deadline if the floor
    /// allows, else give up.
    func resolve(proposed: Duration, floor: Duration, deadline: Duration) -> Plan {
        if proposed < deadline { return .poll(at: proposed, last: false) }
        if floor <= deadline { return .poll(at: deadline, last: true) }
        return .giveUp
    }

    /// For an error worth polling through, the least wait before the next poll (`.zero` when the error
    /// asks for none); `nil` for errors that end the wait.
    static func transientDelay(of error: any Error) -> Duration? {
        switch error {
        case let error as APIError where error.classification == .rateLimited || error.classification == .server:
            return error.retryAfter ?? .zero
        case let error as TransportError where CADError.exitCode(for: error.kind) == 7 && error.kind != .tlsFailure:
            return .zero
        default:
            return nil
        }
    }
}
