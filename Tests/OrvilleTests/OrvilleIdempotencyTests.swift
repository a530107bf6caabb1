import CADSandbox
import Foundation
import Orville
import Testing

/// Every write carries one Idempotency-Key reused by its retries: a retried create makes one job.
@Suite("Orville idempotency")
struct OrvilleIdempotencyTests {
    @Test func aCreateRetriedAfterA503MakesOneJob() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            sandbox.server.faults.inject(.status(503, retryAfter: .seconds(2)), on: "POST /orville/api/v1/cad/jobs")
            let accepted = try await sandbox.client().jobs.create(prompt: "A plate")
            #expect(sandbox.inspector.requestCount(path: "/orville/api/v1/cad/jobs", method: "POST") == 2)
            #expect(sandbox.inspector.jobsCreated(.orville) == 1)
            #expect(accepted.jobID.hasPrefix("cadjob_"))
        }
    }

    @Test func aCreateRetriedAfterADroppedConnectionMakesOneJob() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            // The sandbox really creates the job, then drops the connection without answering.
            sandbox.server.faults.inject(.closeAfterProcessing, on: "POST /orville/api/v1/cad/jobs")
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate after a dropped connection")
            #expect(sandbox.inspector.requestCount(path: "/orville/api/v1/cad/jobs", method: "POST") == 2)
            #expect(sandbox.inspector.jobsCreated(.orville) == 1)
            var apiJobs: [String] = []
            for try await job in orville.jobs.list() where job.source == "api" { apiJobs.append(job.jobID) }
            #expect(apiJobs == [accepted.jobID])
        }
    }

    @Test func aFollowUpAndAReviewRetriedAfterDropsAreAppliedOnce() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            _ = try await orville.jobs.wait(accepted)
            sandbox.server.faults.inject(.closeAfterProcessing, on: "POST /orville/api/v1/cad/jobs/{job_id}/messages")
            _ = try await orville.jobs.sendMessage(accepted.jobID, prompt: "Thicker")
            _ = try await orville.jobs.wait(accepted.jobID)
            sandbox.server.faults.inject(.closeAfterProcessing, on: "POST /orville/api/v1/cad/jobs/{job_id}/review")
            _ = try await orville.jobs.review(accepted.jobID, prompt: "Any risks?")
            let roles = try await orville.jobs.messages(accepted.jobID).messages.map(\.role)
            #expect(roles == ["user", "assistant", "user", "assistant", "user", "assistant"])
        }
    }

    @Test func aCallersKeyIsSentAndReusingItReplaysTheJob() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let key = try IdempotencyKey(validating: "my-script-run-42")
            let first = try await orville.jobs.create(prompt: "A plate", idempotencyKey: key)
            let again = try await orville.jobs.create(prompt: "A plate", idempotencyKey: key)
            #expect(first.jobID == again.jobID)
            #expect(sandbox.inspector.jobsCreated(.orville) == 1)
            let conflict = await caught(APIError.self) {
                _ = try await orville.jobs.create(prompt: "A different plate", idempotencyKey: key)
            }
            #expect(conflict?.orvilleCode == .idempotencyKeyConflict && conflict?.status == 409)
            #expect(conflict.map { CADError($0).category } == .other)
        }
    }
}
