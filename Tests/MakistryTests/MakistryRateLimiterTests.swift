import CADSandbox
import Foundation
import Makistry
import Testing

@Suite("Makistry client-side rate limiter")
struct MakistryRateLimiterTests {
    @Test("sliding windows: slots wait for the per-minute and the per-hour window")
    func windows() async throws {
        let clock = CADCore.ManualClock(autoAdvance: true)
        let limiter = MakistryRateLimiter(
            windows: [.init(limit: 2, per: .seconds(10)), .init(limit: 3, per: .seconds(100))], margin: .zero, clock: clock)
        var waits: [Duration] = []
        for _ in 0..<6 { waits.append(try await limiter.acquire()) }
        // Slots: 0, 0, 10 (the 10 s window is full), 100 and 100 (the 100 s window lets both t=0 slots go),
        // 110 (both windows full again until the t=10 slot leaves the 100 s window).
        #expect(waits == [.zero, .zero, .seconds(10), .seconds(90), .zero, .seconds(10)])
        #expect(clock.elapsed == .seconds(110))
        #expect(await limiter.waitCount == 3)
    }

    @Test("the documented windows are 20 per minute and 100 per hour")
    func documented() {
        #expect(MakistryRateLimiter.documentedWindows == [.init(limit: 20, per: .seconds(60)), .init(limit: 100, per: .seconds(3600))])
    }

    @Test("a cancelled waiter gives its slot back")
    func cancellation() async throws {
        let clock = CADCore.ManualClock()
        let limiter = MakistryRateLimiter(windows: [.init(limit: 1, per: .seconds(60))], margin: .zero, clock: clock)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        await clock.waitForSleepers(1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        let next = Task { try await limiter.acquire() }
        await clock.waitForSleepers(1)
        #expect(clock.nextDeadline == .init(offset: .seconds(60)), "the next caller gets the freed slot at 60 s")
        clock.advance(by: .seconds(60))
        #expect(try await next.value == .seconds(60))
    }

    @Test("a sequential batch of 25 submissions meets no 429: the 21st waits a minute (counted server-side)")
    func sequentialBatch() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            for index in 0..<25 { _ = try await client.jobs.create(TextToCADRequest(prompt: "box \(index)")) }
            #expect(harness.server.inspector.jobsCreated(.makistry) == 25)
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 25)
            #expect(harness.server.inspector.rateLimitRejections.isEmpty)
            #expect(harness.clock.sleeps == [.seconds(60)])
        }
    }

    @Test("without the limiter the same batch collects a 429 from the server (the test can fail)")
    func withoutLimiter() async throws {
        try await MakistryHarness.with { harness in
            let open = MakistryRateLimiter(windows: [.init(limit: 1_000, per: .seconds(60))], margin: .zero, clock: harness.clock)
            let client = try harness.client(limiter: open)
            for index in 0..<21 { _ = try await client.jobs.create(TextToCADRequest(prompt: "box \(index)")) }
            #expect(harness.server.inspector.rateLimitRejections["makistry.per_minute"] == 1)
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 22, "the 429 was retried after Retry-After")
        }
    }

    @Test("25 concurrent submissions through one limiter: 20 go at once, 5 wait for the window, none rejected")
    func concurrentBatch() async throws {
        try await MakistryHarness.with(autoAdvance: false) { harness in
            let client = try harness.client()
            try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<25 {
                    group.addTask { try await client.jobs.create(TextToCADRequest(prompt: "box \(index)")).jobID }
                }
                var ids: [String] = []
                for _ in 0..<20 { if let id = try await group.next() { ids.append(id) } }
                await harness.clock.waitForSleepers(5)
                #expect(harness.server.inspector.jobsCreated(.makistry) == 20)
                #expect(harness.clock.sleeperCount == 5)
                harness.clock.advance(by: .seconds(60))
                for try await id in group { ids.append(id) }
                #expect(Set(ids).count == 25)
            }
            #expect(harness.server.inspector.jobsCreated(.makistry) == 25)
            #expect(harness.server.inspector.rateLimitRejections.isEmpty)
        }
    }

    @Test("one limiter per key in the process")
    func sharedPerKey() {
        #expect(MakistryRateLimiter.shared(forKey: "mk_pub_a") === MakistryRateLimiter.shared(forKey: "mk_pub_a"))
        #expect(MakistryRateLimiter.shared(forKey: "mk_pub_a") !== MakistryRateLimiter.shared(forKey: "mk_pub_b"))
    }
}

@Suite("Makistry rate limiter margin")
struct MakistryRateLimiterMarginTests {
    @Test("a slot opens the margin after the window frees it, so a request arriving a little late still fits")
    func margin() async throws {
        let clock = CADCore.ManualClock(autoAdvance: true)
        let limiter = MakistryRateLimiter(windows: [.init(limit: 1, per: .seconds(60))], margin: .milliseconds(250), clock: clock)
        #expect(try await limiter.acquire() == .zero)
        #expect(try await limiter.acquire() == .milliseconds(60_250))
    }
}
