import CADCore
import Testing

/// Polls a scripted series of statuses and records when each poll happened on the clock.
final class JobScript: Sendable {
    struct Step: Sendable {
        var status: String
        var hint: Duration?
        var error: APIError?
    }

    private let steps: Collector<Step>
    private let remaining: Collector<Int>
    let times = Collector<Duration>()
    let clock: ManualClock
    private let terminal: Set<String>

    init(clock: ManualClock, steps: [Step], terminal: Set<String> = ["completed", "failed"]) {
        self.clock = clock
        self.steps = Collector()
        self.remaining = Collector()
        self.terminal = terminal
        for step in steps { self.steps.append(step) }
    }

    /// The poll closure: the next step each call (the last repeats).
    func poll() throws -> PollResult<String> {
        let index = times.values.count
        times.append(clock.elapsed)
        let all = steps.values
        let step = all[min(index, all.count - 1)]
        if let error = step.error { throw error }
        return PollResult(value: "job@\(step.status)", status: step.status, isTerminal: terminal.contains(step.status),
                          nextPollAfter: step.hint)
    }
}

func steps(_ statuses: String..., hint: Duration? = nil) -> [JobScript.Step] {
    statuses.map { JobScript.Step(status: $0, hint: hint) }
}

@Suite("Poller schedules")
struct PollerScheduleTests {
    @Test("Bitbybit: every 2 s")
    func bitbybit() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("queued", "processing", "processing", "completed"))
        let poller = Poller(provider: "bitbybit", timeout: .seconds(60), schedule: .bitbybit, clock: clock)
        let value = try await poller.wait(jobID: "task_1") { try job.poll() }
        #expect(value == "job@completed")
        #expect(job.times.values == [.zero, .seconds(2), .seconds(4), .seconds(6)])
    }

    @Test("Bitbybit: a hint below 1 s is raised to 1 s; a larger hint is honoured")
    func bitbybitFloor() {
        let schedule = PollSchedule.bitbybit
        #expect(schedule.delay(for: .init(polls: 1, elapsed: .zero, hint: .milliseconds(100)), jitter: .constant(0))
            == .seconds(2))
        #expect(PollSchedule.fixed(.milliseconds(200), minimum: .seconds(1))
            .delay(for: .init(polls: 1, elapsed: .zero, hint: nil), jitter: .constant(0)) == .seconds(1))
        #expect(schedule.delay(for: .init(polls: 1, elapsed: .zero, hint: .seconds(5)), jitter: .constant(0))
            == .seconds(5))
    }

    @Test("Makistry: 5–10 s for the first 30 s, then 15 s", arguments: [0.0, 1.0])
    func makistry(jitter: Double) async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("pending", "pending", "pending", "pending", "pending", "pending",
                                                       "pending", "pending", "pending", "success"),
                            terminal: ["success", "failed"])
        let poller = Poller(provider: "makistry", timeout: .seconds(600), schedule: .makistry, clock: clock,
                            jitter: .constant(jitter))
        _ = try await poller.wait(jobID: "pub_1") { try job.poll() }
        let times = job.times.values
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        for (time, gap) in zip(times, gaps) {
            if time < .seconds(30) {
                #expect(gap == (jitter == 0 ? .seconds(5) : .seconds(10)), "gap after \(time)")
            } else {
                #expect(gap == .seconds(15), "gap after \(time)")
            }
        }
        #expect(times.count == 10)
    }

    @Test("Makistry: random jitter stays within 5–10 s")
    func makistryRandom() {
        var generator = SeededGenerator(seed: 5)
        let values = (0..<300).map { _ in Double.random(in: 0..<1, using: &generator) }
        let jitter = JitterSource.sequence(values)
        for index in 0..<300 {
            let delay = PollSchedule.makistry.delay(for: .init(polls: index + 1, elapsed: .seconds(Int64(index % 30)),
                                                               hint: nil), jitter: jitter)
            #expect(delay >= .seconds(5) && delay <= .seconds(10))
        }
    }

    @Test("Orville: never sooner than poll_after_seconds, 60 s when absent")
    func orvilleHints() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: [
            .init(status: "running", hint: .seconds(30)), .init(status: "running", hint: nil),
            .init(status: "running", hint: .seconds(90)), .init(status: "completed", hint: nil),
        ])
        let poller = Poller(provider: "orville", timeout: .seconds(900), schedule: .orville, clock: clock)
        _ = try await poller.wait(jobID: "cadjob_1", firstPollAfter: .seconds(30)) { try job.poll() }
        #expect(job.times.values == [.seconds(30), .seconds(60), .seconds(120), .seconds(210)])
    }

    @Test("Orville: at most 3 polls per 10 s per job, even with tiny hints")
    func orvilleRateLimit() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("running", "running", "running", "running", "running",
                                                       "running", "completed", hint: .seconds(1)))
        let poller = Poller(provider: "orville", timeout: .seconds(900), schedule: .orville, clock: clock)
        _ = try await poller.wait(jobID: "cadjob_1") { try job.poll() }
        let times = job.times.values
        #expect(times == [.zero, .seconds(1), .seconds(2), .seconds(10), .seconds(11), .seconds(12), .seconds(20)])
        for index in 3..<times.count {
            #expect(times[index] - times[index - 3] >= .seconds(10))
        }
    }

    @Test("exponential: delays grow from the minimum to the maximum")
    func exponential() {
        let schedule = PollSchedule.exponential(minDelay: .seconds(2), maxDelay: .seconds(20))
        let high = JitterSource.constant(1)
        let delays = (1...6).map { schedule.delay(for: .init(polls: $0, elapsed: .zero, hint: nil), jitter: high) }
        #expect(delays == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(20), .seconds(20)])
        #expect(schedule.delay(for: .init(polls: 5, elapsed: .zero, hint: nil), jitter: .constant(0)) == .seconds(2))
        // A server hint above the maximum still wins.
        #expect(schedule.delay(for: .init(polls: 1, elapsed: .zero, hint: .seconds(45)), jitter: high) == .seconds(45))
    }
}

@Suite("Poller deadlines, events and cancellation")
struct PollerBehaviourTests {
    @Test("one last attempt exactly at the deadline, then a timeout naming the job")
    func lastAttempt() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("running"))
        let poller = Poller(provider: "bitbybit", timeout: .seconds(5), schedule: .bitbybit, clock: clock)
        do {
            _ = try await poller.wait(jobID: "task_9") { try job.poll() }
            Issue.record("should time out")
        } catch let error as WaitTimeoutError {
            #expect(error.jobID == "task_9")
            #expect(error.provider == "bitbybit")
            #expect(error.timeout == .seconds(5))
            #expect(error.lastStatus == "running")
            #expect(error.polls == 4)
            #expect(CADError(error).category == .waitTimedOut)
        }
        #expect(job.times.values == [.zero, .seconds(2), .seconds(4), .seconds(5)])
    }

    @Test("the last attempt can still succeed")
    func lastAttemptSucceeds() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("running", "running", "running", "completed"))
        let poller = Poller(provider: "bitbybit", timeout: .seconds(5), schedule: .bitbybit, clock: clock)
        #expect(try await poller.wait(jobID: "t") { try job.poll() } == "job@completed")
        #expect(job.times.values.last == .seconds(5))
    }

    @Test("no last attempt when the server's floor lies past the deadline: wait it out, then time out")
    func floorPastDeadline() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("running", hint: .seconds(120)))
        let poller = Poller(provider: "orville", timeout: .seconds(100), schedule: .orville, clock: clock)
        await #expect(throws: WaitTimeoutError.self) {
            _ = try await poller.wait(jobID: "cadjob_1") { try job.poll() }
        }
        #expect(job.times.values == [.zero])
        #expect(clock.elapsed == .seconds(100))
    }

    @Test("a zero timeout polls once")
    func zeroTimeout() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("running"))
        let poller = Poller(provider: "p", timeout: .zero, schedule: .bitbybit, clock: clock)
        await #expect(throws: WaitTimeoutError.self) { _ = try await poller.wait(jobID: "j") { try job.poll() } }
        #expect(job.times.values == [.zero])
    }

    @Test("the observer hears every poll and each status change")
    func observer() async throws {
        let clock = ManualClock(autoAdvance: true)
        let job = JobScript(clock: clock, steps: steps("queued", "queued", "running", "completed"))
        let events = Collector<PollEvent>()
        let poller = Poller(provider: "bitbybit", timeout: .seconds(60), schedule: .bitbybit, clock: clock)
        _ = try await poller.wait(jobID: "task_1", observer: { events.append($0) }) { try job.poll() }
        let seen = events.values
        #expect(seen.map(\.status) == ["queued", "queued", "running", "completed"])
        #expect(seen.map(\.statusChanged) == [true, false, true, true])
        #expect(seen.map(\.previousStatus) == [nil, "queued", "queued", "running"])
        #expect(seen.map(\.poll) == [1, 2, 3, 4])
        #expect(seen.map(\.elapsed) == [.zero, .seconds(2), .seconds(4), .seconds(6)])
        #expect(seen.map(\.nextPollIn) == [.seconds(2), .seconds(2), .seconds(2), nil])
        #expect(seen.allSatisfy { $0.jobID == "task_1" })
    }

    @Test("cancelling the task stops a sleeping wait promptly")
    func cancellation() async throws {
        let clock = ManualClock()
        let job = JobScript(clock: clock, steps: steps("running"))
        let poller = Poller(provider: "p", timeout: .seconds(3600), schedule: .bitbybit, clock: clock)
        let task = Task { try await poller.wait(jobID: "j") { try job.poll() } }
        await clock.waitForSleepers(1)
        #expect(job.times.values == [.zero])
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
        #expect(clock.elapsed == .zero)
    }

    @Test("time moves only with the clock: each poll waits for its deadline")
    func manualStepping() async throws {
        let clock = ManualClock()
        let job = JobScript(clock: clock, steps: steps("running", "running", "completed"))
        let poller = Poller(provider: "p", timeout: .seconds(60), schedule: .bitbybit, clock: clock)
        let task = Task { try await poller.wait(jobID: "j") { try job.poll() } }
        await clock.waitForSleepers(1)
        #expect(job.times.values.count == 1)
        #expect(clock.nextDeadline == .init(offset: .seconds(2)))
        clock.advance(by: .milliseconds(1999))
        #expect(job.times.values.count == 1)
        clock.advance(by: .milliseconds(1))
        await clock.waitForSleepers(1)
        #expect(job.times.values == [.zero, .seconds(2)])
        clock.advanceToNextDeadline()
        #expect(try await task.value == "job@completed")
        #expect(job.times.values == [.zero, .seconds(2), .seconds(4)])
    }

    @Test("transient poll failures are tolerated and their Retry-After honoured; others end the wait")
    func toleratedFailures() async throws {
        let clock = ManualClock(autoAdvance: true)
        let unavailable = APIError(provider: "p", status: 503, message: "busy", retryAfter: .seconds(7), endpoint: "GET /j")
        let job = JobScript(clock: clock, steps: [
            .init(status: "running"), .init(status: "", error: unavailable), .init(status: "completed"),
        ])
        let events = Collector<PollEvent>()
        let poller = Poller(provider: "p", timeout: .seconds(60), schedule: .bitbybit, clock: clock)
        #expect(try await poller.wait(jobID: "j", observer: { events.append($0) }) { try job.poll() } == "job@completed")
        #expect(job.times.values == [.zero, .seconds(2), .seconds(9)])
        #expect(events.values[1].status == nil)
        #expect(events.values[1].failure?.contains("busy") == true)

        let badRequest = APIError(provider: "p", status: 404, message: "not found: GET /j", endpoint: "GET /j")
        let lost = JobScript(clock: clock, steps: [.init(status: "", error: badRequest)])
        await #expect(throws: APIError.self) { _ = try await poller.wait(jobID: "j") { try lost.poll() } }
        #expect(lost.times.values.count == 1)

        let flaky = JobScript(clock: clock, steps: [.init(status: "", error: unavailable)])
        await #expect(throws: APIError.self) { _ = try await poller.wait(jobID: "j") { try flaky.poll() } }
        #expect(flaky.times.values.count == 3)  // the first failure and two tolerated ones
    }
}

@Suite("ManualClock")
struct ManualClockTests {
    @Test("auto-advancing sleeps jump to their deadline and are recorded")
    func autoAdvance() async throws {
        let clock = ManualClock(autoAdvance: true)
        try await clock.sleep(for: .seconds(3))
        try await clock.sleep(until: .init(offset: .seconds(1)), tolerance: nil)
        #expect(clock.elapsed == .seconds(3))
        #expect(clock.sleeps == [.seconds(3), .seconds(-2)])
    }

    @Test("manual sleepers wake in deadline order when time passes them")
    func manual() async throws {
        let clock = ManualClock()
        let woke = Collector<Int>()
        let first = Task { try await clock.sleep(for: .seconds(5)); woke.append(5) }
        let second = Task { try await clock.sleep(for: .seconds(1)); woke.append(1) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(1))
        try await second.value
        #expect(woke.values == [1])
        #expect(clock.sleeperCount == 1)
        clock.advance(to: .init(offset: .seconds(10)))
        try await first.value
        #expect(woke.values == [1, 5])
        #expect(clock.elapsed == .seconds(10))
        // A deadline already passed returns at once.
        try await clock.sleep(until: .init(offset: .seconds(2)), tolerance: nil)
    }

    @Test("a task cancelled before it sleeps throws at once")
    func cancelledBeforeSleeping() async {
        let clock = ManualClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(1))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }
}
