import CADSandbox
import Foundation
import Makistry
import Synchronization
import Testing

@Suite("Waiting for Makistry jobs")
struct MakistryWaitTests {
    @Test("poll schedule: every 5–10 s for the first 30 s, then every 15 s (test clock, counted server-side)")
    func schedule() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            let events = Mutex<[PollEvent]>([])
            let job = try await client.jobs.wait(submission.jobID) { event in events.withLock { $0.append(event) } }
            #expect(job.status == .success)
            let seen = events.withLock { $0 }
            // Polls at 0, 5, 10, 15, 20, 25, 30, then 45, 60, 75; the job (5 s queued + 60 s) ends at 65.
            #expect(seen.map(\.elapsed) == [0, 5, 10, 15, 20, 25, 30, 45, 60, 75].map { Duration.seconds($0) })
            #expect(seen.map(\.status) == ["queued"] + Array(repeating: "processing", count: 8) + ["success"])
            #expect(harness.jobReads == 10)
        }
    }

    @Test("jitter keeps early polls within 5–10 s")
    func jitterRange() async throws {
        try await MakistryHarness.with { harness in
            var client = try harness.client()
            client.pollJitter = .constant(0.999)
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            let events = Mutex<[PollEvent]>([])
            _ = try await client.jobs.wait(submission.jobID) { event in events.withLock { $0.append(event) } }
            let gaps = events.withLock { $0 }.compactMap(\.nextPollIn)
            #expect(gaps.prefix(3).allSatisfy { $0 > .seconds(9) && $0 <= .seconds(10) })
            #expect(gaps.last == .seconds(15))
        }
    }

    @Test("the default timeout follows the design mode: 5 min standard; the timeout names the job")
    func timeoutByMode() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let slow = try await client.jobs.create(TextToCADRequest(prompt: "a box [slow]"))
            let error = try await #require(throws: WaitTimeoutError.self) {
                _ = try await client.jobs.wait(slow.jobID, timeout: DesignMode.standard.defaultWaitTimeout)
            }
            #expect(error.jobID == slow.jobID && error.timeout == .seconds(300))
            #expect(error.description.contains(slow.jobID))
            #expect(CADError(error).exitCode == 5)
        }
    }

    @Test("an assembly job (≈8 min here) finishes within assembly's 20-minute default")
    func assemblyDefault() async throws {
        #expect(DesignMode.assembly.defaultWaitTimeout == .seconds(1200))
        #expect(DesignMode.pro.defaultWaitTimeout == .seconds(600))
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a gearbox", designMode: .assembly))
            let job = try await client.jobs.wait(submission.jobID, timeout: DesignMode.assembly.defaultWaitTimeout)
            #expect(job.status == .success)
            #expect(harness.clock.elapsed >= .seconds(485) && harness.clock.elapsed < .seconds(1200))
        }
    }

    @Test("a failed job throws JobFailedError with error_code and error_message (exit 4)")
    func failed() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box [fail]"))
            let error = try await #require(throws: JobFailedError.self) { _ = try await client.jobs.wait(submission.jobID) }
            #expect(error.code == "generation_failed")
            #expect(error.message?.isEmpty == false)
            #expect(error.jobID == submission.jobID)
            #expect(CADError(error).exitCode == 4)
        }
    }
}
