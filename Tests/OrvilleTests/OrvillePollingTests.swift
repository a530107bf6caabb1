import CADSandbox
import Foundation
import Orville
import Testing

/// `jobs.wait` honours `poll_after_seconds`, falls back to 60 s, and keeps under 3 polls per 10 s per job,
/// counted by the sandbox.
@Suite("Orville polling")
struct OrvillePollingTests {
    @Test func withoutAHintItPollsEverySixtySeconds() async throws {
        try await OrvilleTestSandbox.with({ $0.orville.pollAfterHint = .absent }) { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            #expect(accepted.pollAfterSeconds == nil)
            let started = sandbox.clock.elapsed
            let job = try await orville.jobs.wait(accepted.jobID)
            #expect(job.status == .completed)
            // Polls at 0, 60, 120, 180, 240 and 300 s: the job (270 s) is done at the sixth.
            #expect(sandbox.statusPolls(accepted.jobID) == 6)
            #expect(sandbox.clock.elapsed - started == .seconds(300))
        }
    }

    @Test func aShortHintIsCappedAtThreePollsPerTenSeconds() async throws {
        try await OrvilleTestSandbox.with({ $0.orville.pollAfterHint = .fixed(1) }) { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            #expect(accepted.pollAfterSeconds == 1)
            let job = try await orville.jobs.wait(accepted)
            #expect(job.status == .completed)
            let polls = sandbox.statusPolls(accepted.jobID)
            // 270 s of work at 3 polls per 10 s: about 81 polls, and never one the sandbox refused.
            #expect(polls >= 75 && polls <= 84)
            #expect(sandbox.inspector.rateLimitRejections["orville.job_poll", default: 0] == 0)
            #expect(sandbox.inspector.requests.allSatisfy { $0.status != 429 })
        }
    }

    /// Orville counts every status request against "3 per 10 s per job", a retry after a 429 included. Here
    /// the workspace's read limit (squeezed to 1 per 1.5 s) refuses every other status request after the job
    /// limit has counted it, and the 1 s hint would put a fourth request in the window: the wait must wait for
    /// the window instead, so the sandbox's per-job limiter never refuses one.
    @Test func retriesAfterA429CountTowardsThePerJobLimit() async throws {
        try await OrvilleTestSandbox.with({
            $0.orville.pollAfterHint = .fixed(1)
            $0.rateLimits["orville.reads"] = SandboxRateLimit(limit: 1, windowSeconds: 1.5)
        }) { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            let job = try await orville.jobs.wait(accepted)
            #expect(job.status == .completed)
            // The scenario happened: reads were refused with 429 and retried …
            #expect(sandbox.inspector.rateLimitRejections["orville.reads", default: 0] > 0)
            // … and no status request, retries included, went over the per-job limit.
            #expect(sandbox.inspector.rateLimitRejections["orville.job_poll", default: 0] == 0)
        }
    }

    @Test func theHintIsAFloorBetweenPolls() async throws {
        try await OrvilleTestSandbox.with({ $0.orville.pollAfterHint = .fixed(45) }) { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            let started = sandbox.clock.elapsed
            _ = try await orville.jobs.wait(accepted)
            // 45, 90, …, 270: six polls, 45 s apart.
            #expect(sandbox.statusPolls(accepted.jobID) == 6)
            #expect(sandbox.clock.elapsed - started == .seconds(270))
        }
    }

    @Test func aFailedJobThrowsItsErrorAndATimeoutNamesTheJob() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let failing = try await orville.jobs.create(prompt: "A plate [fail]")
            let failure = await caught(JobFailedError.self) {
                _ = try await orville.jobs.wait(failing)
            }
            #expect(failure?.jobID == failing.jobID && failure?.code == "generation_failed")
            #expect(failure.map { CADError($0).category } == .jobFailed)

            let slow = try await orville.jobs.create(prompt: "A plate [slow]")
            let timeout = await caught(WaitTimeoutError.self) {
                _ = try await orville.jobs.wait(slow.jobID, timeout: .seconds(100))
            }
            #expect(timeout?.jobID == slow.jobID)
            #expect(timeout.map { CADError($0).category } == .waitTimedOut)
        }
    }
}
