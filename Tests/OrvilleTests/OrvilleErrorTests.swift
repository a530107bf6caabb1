import CADSandbox
import Foundation
import Orville
import Testing

/// Every documented error code arrives as a typed `APIError` with the right class and exit code.
@Suite("Orville errors")
struct OrvilleErrorTests {
    /// Sends a raw request past the client's own checks and returns the error it got.
    static func rawError(
        _ orville: OrvilleClient, _ method: HTTPMethod = .post, _ path: String = "/api/v1/cad/jobs",
        headers: HTTPHeaders = [:], body: Data, key: Bool = true
    ) async -> APIError? {
        await caught(APIError.self) {
            let request = try orville.core.request(method, path, headers: headers, body: .bytes(body))
            _ = try await orville.core.send(request, idempotencyKey: key ? IdempotencyKey() : nil)
        }
    }

    static func form(_ parts: [(name: String, filename: String?, data: Data)]) -> (HTTPHeaders, Data) {
        let boundary = "b\(UUID().uuidString.prefix(8))"
        var body = Data()
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            body += Data((head + "\r\n\r\n").utf8) + part.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], body)
    }

    @Test func inputCodesTheServerReportsAreTyped() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client(retryPolicy: .never)
            let json: HTTPHeaders = ["Content-Type": "application/json"]
            let cases: [(OrvilleErrorCode, APIError?)] = [
                (.missingPrompt, await Self.rawError(orville, headers: json, body: Data(#"{"prompt":" "}"#.utf8))),
                (.promptTooLong, await Self.rawError(
                    orville, headers: json, body: Data(("{\"prompt\":\"" + String(repeating: "x", count: 60_001) + "\"}").utf8))),
                (.invalidJSON, await Self.rawError(orville, headers: json, body: Data("{nope".utf8))),
                (.jsonImagesUnsupported, await Self.rawError(
                    orville, headers: json, body: Data(#"{"prompt":"p","images":["x"]}"#.utf8))),
                (.idempotencyKeyRequired, await Self.rawError(
                    orville, headers: json, body: Data(#"{"prompt":"p"}"#.utf8), key: false)),
                (.invalidFormData, await Self.rawError(
                    orville, headers: ["Content-Type": "multipart/form-data; boundary=zz"], body: Data("garbage".utf8))),
            ]
            var formCases: [(OrvilleErrorCode, [(name: String, filename: String?, data: Data)])] = [
                (.unsupportedImageField, [("prompt", nil, Data("p".utf8)), ("image", "a.png", OrvilleFixtures.png)]),
                (.invalidFileType, [("prompt", nil, Data("p".utf8)), ("images", "a.png", OrvilleFixtures.text)]),
                (.fileTooLarge, [("prompt", nil, Data("p".utf8)),
                                 ("images", "a.png", OrvilleFixtures.png + Data(count: 10 * 1024 * 1024))]),
            ]
            formCases.append((.tooManyImages, [("prompt", nil, Data("p".utf8))]
                + (1...6).map { (name: "images", filename: "a\($0).png", data: OrvilleFixtures.png) }))
            var all = cases
            for (code, parts) in formCases {
                let (headers, body) = Self.form(parts)
                all.append((code, await Self.rawError(orville, headers: headers, body: body)))
            }
            for (code, error) in all {
                #expect(error?.orvilleCode == code, "expected \(code.rawValue), got \(String(describing: error))")
                #expect(error?.status == 400)
                #expect(error?.requestID?.hasPrefix("req_") == true)
                #expect(error.map { CADError($0).category } == .other)
            }
            #expect(sandbox.inspector.jobsCreated(.orville) == 0)
        }
    }

    @Test func authenticationRefusalsExitThree() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let unknown = await caught(APIError.self) { _ = try await sandbox.client(key: "gcad_live_nobody").billing.balance() }
            #expect(unknown?.status == 401 && unknown?.classification == .authentication)
            let readOnly = await caught(APIError.self) {
                _ = try await sandbox.client(key: OrvilleTestSandbox.readOnlyKey).jobs.create(prompt: "A plate")
            }
            #expect(readOnly?.status == 403 && readOnly.map { CADError($0).category } == .authentication)
            let noBilling = await caught(APIError.self) {
                _ = try await sandbox.client(key: OrvilleTestSandbox.noScopeKey).billing.balance()
            }
            #expect(noBilling?.status == 403 && noBilling?.requestID != nil)
        }
    }

    @Test(arguments: [
        (OrvilleSettings.BillingState.billingRequired, OrvilleErrorCode.billingRequired),
        (.needsReview, .billingNeedsReview),
    ])
    func billingStatesRefuseCreatesWithExitEight(state: OrvilleSettings.BillingState, code: OrvilleErrorCode) async throws {
        try await OrvilleTestSandbox.with({ $0.orville.billingState = state }) { sandbox in
            let error = await caught(APIError.self) { _ = try await sandbox.client().jobs.create(prompt: "A plate") }
            #expect(error?.orvilleCode == code && error?.status == 402)
            #expect(error.map { CADError($0).category } == .payment)
            // Money refusals are never retried.
            #expect(sandbox.inspector.requestCount(path: "/orville/api/v1/cad/jobs", method: "POST") == 1)
        }
    }

    @Test func emptyAndOverCommittedBalancesExitEight() async throws {
        try await OrvilleTestSandbox.with({ $0.orville.balanceCents = 0 }) { sandbox in
            let error = await caught(APIError.self) { _ = try await sandbox.client().jobs.create(prompt: "A plate") }
            #expect(error?.orvilleCode == .insufficientBalance && error?.status == 402)
            #expect(error.map { CADError($0).category } == .payment)
        }
        try await OrvilleTestSandbox.with({ $0.orville.balanceCents = 300 }) { sandbox in
            let orville = try sandbox.client()
            _ = try await orville.jobs.create(prompt: "A plate")
            let error = await caught(APIError.self) { _ = try await orville.jobs.create(prompt: "Another plate") }
            #expect(error?.orvilleCode == .projectedBalanceExceeded && error?.status == 429)
            #expect(error.map { CADError($0).category } == .payment)
            #expect(sandbox.inspector.requestCount(path: "/orville/api/v1/cad/jobs", method: "POST") == 2)
        }
    }

    @Test func rateLimitsAndUnavailableServicesExitSixAfterRetries() async throws {
        try await OrvilleTestSandbox.with({ $0.rateLimits["orville.billing"] = SandboxRateLimit(limit: 1, windowSeconds: 60) }) { sandbox in
            let impatient = try sandbox.client(retryPolicy: .never)
            _ = try await impatient.billing.balance()
            let limited = await caught(APIError.self) { _ = try await impatient.billing.balance() }
            #expect(limited?.orvilleCode == .rateLimited && limited?.status == 429 && limited?.retryAfter != nil)
            #expect(limited.map { CADError($0).category } == .rateLimited)
            // With retries, the client waits out Retry-After and gets through.
            let balance = try await sandbox.client().billing.balance()
            #expect(balance.availableBalanceCents == 2500)
        }
        try await OrvilleTestSandbox.with({ $0.orville.billingState = .unavailable }) { sandbox in
            let error = await caught(APIError.self) { _ = try await sandbox.client().jobs.create(prompt: "A plate") }
            #expect(error?.status == 503 && error.map { CADError($0).category } == .rateLimited)
            #expect((error?.attempts ?? 0) > 1)
            #expect(sandbox.inspector.requestCount(path: "/orville/api/v1/cad/jobs", method: "POST") == error?.attempts)
            #expect(sandbox.inspector.jobsCreated(.orville) == 0)
        }
    }

    @Test func conflictsOfRunningJobsAndReviews() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let running = try await orville.jobs.create(prompt: "A plate")
            let busy = await caught(APIError.self) { _ = try await orville.jobs.sendMessage(running.jobID, prompt: "Thicker") }
            #expect(busy?.orvilleCode == .jobAlreadyRunning && busy?.status == 409)
            let early = await caught(APIError.self) { _ = try await orville.jobs.review(running.jobID, prompt: "Risks?") }
            #expect(early?.orvilleCode == .jobNotCompleted)

            let failed = try await orville.jobs.create(prompt: "A plate [fail]")
            _ = await caught(JobFailedError.self) { _ = try await orville.jobs.wait(failed) }
            let noRevision = await caught(APIError.self) { _ = try await orville.jobs.review(failed.jobID, prompt: "Risks?") }
            #expect(noRevision?.orvilleCode == .cadRevisionRequired)

            _ = try await orville.jobs.wait(running.jobID)
            let agentFailed = await caught(APIError.self) {
                _ = try await sandbox.client(retryPolicy: .never).jobs.review(running.jobID, prompt: "[review-fail] risks?")
            }
            #expect(agentFailed?.orvilleCode == .reviewAgentFailed && agentFailed?.status == 502)
            sandbox.server.faults.inject(
                .status(503, code: "review_agent_unavailable"), on: "POST /orville/api/v1/cad/jobs/{job_id}/review", count: 10)
            let unavailable = await caught(APIError.self) { _ = try await orville.jobs.review(running.jobID, prompt: "Risks?") }
            #expect(unavailable?.orvilleCode == .reviewAgentUnavailable)
            #expect(unavailable.map { CADError($0).category } == .rateLimited)
            let missing = await caught(APIError.self) { _ = try await orville.jobs.get("cadjob_does-not-exist") }
            #expect(missing?.status == 404 && missing?.classification == .notFound)
        }
    }

    @Test func everyDocumentedCodeIsKnown() {
        let documented = [
            "missing_prompt", "prompt_too_long", "invalid_json", "invalid_form_data", "json_images_unsupported",
            "unsupported_image_field", "invalid_file_type", "file_too_large", "too_many_images",
            "idempotency_key_required", "idempotency_key_conflict", "job_already_running", "job_not_completed",
            "cad_revision_required", "review_agent_failed", "review_agent_unavailable", "billing_required",
            "billing_needs_review", "insufficient_balance", "projected_balance_exceeded", "rate_limited",
        ]
        #expect(Set(OrvilleErrorCode.allCases.map(\.rawValue)) == Set(documented))
        #expect(OrvilleErrorCode.projectedBalanceExceeded.classification(status: 429) == .payment)
        #expect(OrvilleErrorCode.rateLimited.classification(status: 429) == .rateLimited)
    }
}
