@testable import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Fault plan over the wire")
struct FaultPlanSandboxTests {
    static let createRoute = "POST /orville/api/v1/cad/jobs"

    @Test func injectedStatusesCarryRetryAfterInBothForms() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            sandbox.server.faults.inject(.status(503, retryAfter: .seconds(7)), on: "/makistry/v1/jobs/{job_id}", count: 2)
            for _ in 0..<2 {
                let reply = try await sandbox.makistry(.get, "/jobs/pub_x")
                #expect(reply.status == 503 && reply.headers["retry-after"] == "7")
                #expect(reply.errorCode == "service_unavailable")
            }
            #expect(try await sandbox.makistry(.get, "/jobs/pub_x").status == 404)

            sandbox.server.faults.inject(.status(429, retryAfter: .httpDate(secondsFromNow: 30)), on: "GET /orville/api/v1/cad/jobs")
            let limited = try await sandbox.orville(.get, "/api/v1/cad/jobs")
            #expect(limited.status == 429 && limited.errorCode == "rate_limited")
            let header = try #require(limited.headers["retry-after"])
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let date = try #require(formatter.date(from: header), "Retry-After \(header) is not an HTTP-date")
            #expect(abs(date.timeIntervalSinceNow - 30) < 5)
            #expect(sandbox.server.inspector.faultsApplied == 3)
        }
    }

    @Test func closeBeforeProcessingDoesNothing() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            sandbox.server.faults.inject(.closeBeforeProcessing, on: Self.createRoute)
            await #expect(throws: TransportError.self) {
                _ = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "c1", json: #"{"prompt":"x"}"#)
            }
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 0)
            let record = sandbox.server.inspector.requests.last
            #expect(record?.status == 0 && record?.route == Self.createRoute && record?.keyName == "orville-default")
        }
    }

    @Test func closeAfterProcessingCreatesTheJobAndARetryFindsIt() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            sandbox.server.faults.inject(.closeAfterProcessing, on: Self.createRoute)
            let body = #"{"prompt":"fate unknown"}"#
            await #expect(throws: TransportError.self) {
                _ = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "fate", json: body)
            }
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 1)
            let retry = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "fate", json: body)
            #expect(retry.status == 202 && retry.headers["idempotent-replayed"] == "true")
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 1)
            let listed = try await sandbox.orville(.get, "/api/v1/cad/jobs?q=fate")
            #expect(listed.json["jobs"].array.map { $0["id"].string } == [retry.json["id"].string])
        }
    }

    @Test func truncatedBodiesFailTheTransfer() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            sandbox.server.faults.inject(.truncateBody(keepBytes: 10), on: "GET /orville/api/v1/cad/jobs")
            do {
                _ = try await sandbox.orville(.get, "/api/v1/cad/jobs")
                Issue.record("a truncated body must fail")
            } catch let error as TransportError {
                #expect(error.kind == .truncatedBody || error.kind == .connectionReset)
            }
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs").status == 200)
        }
    }

    @Test func invalidJSONKeepsStatusAndHeaders() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            sandbox.server.faults.inject(.invalidJSON, on: "/makistry/v1/text-to-cad")
            let reply = try await sandbox.makistry(.post, "/text-to-cad", json: #"{"prompt":"x"}"#)
            #expect(reply.status == 202 && reply.headers["content-type"] == "application/json")
            #expect((try? JSONSerialization.jsonObject(with: reply.body)) == nil)
            #expect(sandbox.server.inspector.jobsCreated(.makistry) == 1)
        }
    }

    @Test func delaysHoldTheResponse() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            sandbox.server.faults.inject(.delay(seconds: 0.3), on: "*")
            let start = ContinuousClock.now
            let reply = try await sandbox.orville(.get, "/api/v1/billing/balance")
            #expect(reply.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }

    @Test func faultsFromTheConfigurationApplyFromTheStart() async throws {
        let rules = try FaultPlan.rules(fromJSON: Data(#"[{"route":"GET /bitbybit/health","action":"status","status":500}]"#.utf8))
        let configure: (inout SandboxConfiguration) -> Void = { $0.faults = rules }
        try await SandboxHarness.with(configure) { (sandbox) async throws in
            let first = try await sandbox.send(.get, sandbox.server.bitbybitBaseURL + "/health")
            let second = try await sandbox.send(.get, sandbox.server.bitbybitBaseURL + "/health")
            #expect(first.status == 500 && second.status == 200)
            #expect(sandbox.server.faults.pending.isEmpty)
        }
    }
}
