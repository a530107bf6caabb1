@testable import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Rate limits on the scalable clock")
struct RateLimitSandboxTests {
    @Test func orvillePollingIsLimitedPerJobAndKey() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let first = try await sandbox.createOrvilleJob("one")
            let second = try await sandbox.createOrvilleJob("two")
            for _ in 0..<3 { #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(first)").status == 200) }
            let limited = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(first)")
            #expect(limited.status == 429 && limited.errorCode == "rate_limited")
            #expect(limited.headers["retry-after"] == "10")
            // Another job has its own budget.
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(second)").status == 200)
            sandbox.advance(seconds: 4)
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(first)").headers["retry-after"] == "6")
            sandbox.advance(seconds: 6)
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(first)").status == 200)
            let inspector = sandbox.server.inspector
            #expect(inspector.rateLimitRejections["orville.job_poll"] == 2)
            #expect(inspector.rateLimitChecks["orville.job_poll"] == 7)
            #expect(inspector.requestCount(route: "GET /orville/api/v1/cad/jobs/{job_id}") == 7)
            #expect(inspector.requestCount(path: "/orville/api/v1/cad/jobs/\(first)") == 6)
            #expect(inspector.requestsByKey["orville-default"] == 9)
        }
    }

    @Test func orvilleCADWritesAreLimitedPerWorkspace() async throws {
        try await SandboxHarness.with({ $0.orville.balanceCents = 1_000_000 }) { (sandbox) async throws in
            for index in 0..<10 { _ = try await sandbox.createOrvilleJob("job \(index)") }
            let limited = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "eleven", json: #"{"prompt":"x"}"#)
            #expect(limited.status == 429 && limited.errorCode == "rate_limited" && limited.headers["retry-after"] == "60")
        }
    }

    @Test func makistryQuotaIs20PerMinuteAnd100PerHour() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            for index in 0..<20 { _ = try await sandbox.createMakistryJob(["prompt": "p\(index)"]) }
            let limited = try await sandbox.makistry(.post, "/text-to-cad", json: #"{"prompt":"x"}"#)
            #expect(limited.status == 429 && limited.errorCode == "quota_exceeded")
            #expect(limited.headers["retry-after"] == "60")
            // Reads are not counted.
            #expect(try await sandbox.makistry(.get, "/jobs").status == 200)
            for minute in 1...4 {
                sandbox.advance(seconds: 60)
                for index in 0..<20 { _ = try await sandbox.createMakistryJob(["prompt": "m\(minute)-\(index)"]) }
            }
            sandbox.advance(seconds: 60)
            let hourly = try await sandbox.makistry(.post, "/text-to-cad", json: #"{"prompt":"x"}"#)
            #expect(hourly.status == 429 && hourly.errorCode == "quota_exceeded")
            #expect(Int(hourly.headers["retry-after"] ?? "") == 3600 - 300)
            #expect(sandbox.server.inspector.jobsCreated(.makistry) == 100)
        }
    }

    @Test func limitsCanBeChangedOrTurnedOff() async throws {
        try await SandboxHarness.with({ $0.rateLimits["makistry.per_minute"] = SandboxRateLimit(limit: 2, windowSeconds: 5) }) { (sandbox) async throws in
            for _ in 0..<2 { _ = try await sandbox.createMakistryJob(["prompt": "x"]) }
            let limited = try await sandbox.makistry(.post, "/text-to-cad", json: #"{"prompt":"x"}"#)
            #expect(limited.status == 429 && limited.headers["retry-after"] == "5")
        }
        try await SandboxHarness.with({ $0.rateLimitsEnabled = false }) { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("x")
            for _ in 0..<5 { #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)").status == 200) }
            #expect(sandbox.server.inspector.rateLimitChecks.isEmpty)
        }
    }

    @Test func windowsShrinkWithTheSpeedFactor() async throws {
        // At speed 10, the 10 s polling window is one clock second.
        try await SandboxHarness.with({ $0.speed = 10 }) { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("x")
            for _ in 0..<3 { _ = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)") }
            let limited = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(limited.status == 429 && limited.headers["retry-after"] == "1")
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)").status == 429)
            sandbox.advance(seconds: 1)
            let job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.status == 200 && job.json["poll_after_seconds"].int == 26)
        }
    }
}
