import CADSandbox
import Foundation
import Makistry
import Testing

@Suite("Makistry errors, retries and exit codes against the sandbox")
struct MakistryErrorTests {
    @Test("401 invalid_api_key: authentication, exit 3, the key never in the message")
    func invalidKey() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client(key: "mk_pub_wrong")
            let error = try await #require(throws: APIError.self) {
                _ = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            }
            #expect(error.status == 401)
            #expect(error.code == "invalid_api_key")
            #expect(CADError(error).exitCode == 3)
            #expect(!error.description.contains("mk_pub_wrong"))
        }
    }

    @Test("402 payment_required: exit 8, never retried, no job queued")
    func paymentRequired() async throws {
        try await MakistryHarness.with({ $0.makistry.credits = 0 }) { harness in
            let client = try harness.client()
            let error = try await #require(throws: APIError.self) {
                _ = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            }
            #expect(error.status == 402 && error.code == "payment_required")
            #expect(CADError(error).exitCode == 8)
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 1)
            #expect(harness.server.inspector.jobsCreated(.makistry) == 0)
        }
    }

    @Test("404 with an empty body: not found, naming the id, exit 1; another key's job is 404 too")
    func notFound() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let error = try await #require(throws: APIError.self) { _ = try await client.jobs.get("pub_doesnotexist") }
            #expect(error.status == 404)
            #expect(error.classification == .notFound)
            #expect(error.message.contains("not found") && error.message.contains("pub_doesnotexist"))
            #expect(CADError(error).exitCode == 1)

            let mine = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            let other = try harness.client(key: SandboxKey.makistrySecond.key)
            let foreign = try await #require(throws: APIError.self) { _ = try await other.jobs.get(mine.jobID) }
            #expect(foreign.status == 404 && foreign.message.contains(mine.jobID))
        }
    }

    @Test("410 output_expired once the output is older than its retention")
    func outputExpired() async throws {
        try await MakistryHarness.with({ $0.makistry.outputRetentionSeconds = 100 }) { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            harness.clock.advance(by: .seconds(65 + 101))
            let error = try await #require(throws: APIError.self) { _ = try await client.jobs.get(submission.jobID) }
            #expect(error.status == 410 && error.code == "output_expired")
            #expect(CADError(error).exitCode == 1)
        }
    }

    @Test("by default outputs stay downloadable for 30 days, as documented, then 410")
    func thirtyDayRetention() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            harness.clock.advance(by: .seconds(65 + 29 * 86_400))
            #expect(try await client.jobs.get(submission.jobID).downloadURL != nil)
            harness.clock.advance(by: .seconds(86_400 + 1))
            let error = try await #require(throws: APIError.self) { _ = try await client.jobs.get(submission.jobID) }
            #expect(error.status == 410 && error.code == "output_expired")
        }
    }

    @Test("422 invalid_input from the server decodes with its message (sent around local validation)")
    func invalidInput() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let request = try client.core.request(
                .post, "/text-to-cad", headers: ["Content-Type": "application/json"],
                body: .bytes(Data(#"{"prompt":"a box","design_mode":"turbo"}"#.utf8)))
            let error = try await #require(throws: APIError.self) {
                _ = try await client.core.send(request, idempotencyKey: IdempotencyKey())
            }
            #expect(error.status == 422 && error.code == "invalid_input")
            #expect(error.message.contains("design_mode"))
        }
    }

    @Test("422 image_parse_failed from the server for bytes that are no image (sent around local validation)")
    func imageParseFailed() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let boundary = "test-boundary-1"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n".utf8)
            body.append(Data("Content-Type: image/png\r\n\r\nthis is not a png\r\n--\(boundary)--\r\n".utf8))
            let request = try client.core.request(
                .post, "/image-to-cad", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"],
                body: .bytes(body))
            let error = try await #require(throws: APIError.self) {
                _ = try await client.core.send(request, idempotencyKey: IdempotencyKey())
            }
            #expect(error.status == 422 && error.code == "image_parse_failed")
            #expect(CADError(error).exitCode == 1)
        }
    }

    @Test("403 for a key without the scope: exit 3")
    func forbidden() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client(key: SandboxKey.makistryNoScopes.key)
            let error = try await #require(throws: APIError.self) { _ = try await client.jobs.get("pub_x") }
            #expect(error.status == 403 && CADError(error).exitCode == 3)
        }
    }

    @Test("5xx is retried after 2, 4 and 8 s with the same idempotency key")
    func serverErrorsRetried() async throws {
        try await MakistryHarness.with { harness in
            harness.server.faults.inject(.status(500), on: "POST /makistry/v1/text-to-cad", count: 3)
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            #expect(submission.jobID.hasPrefix("pub_"))
            #expect(harness.clock.sleeps == [.seconds(2), .seconds(4), .seconds(8)])
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 4)
        }
    }

    @Test("429 honours Retry-After; without it the client backs off at least 60 s")
    func rateLimitedRetried() async throws {
        try await MakistryHarness.with { harness in
            harness.server.faults.inject(
                .status(429, retryAfter: .seconds(7), code: "quota_exceeded"), on: "POST /makistry/v1/text-to-cad")
            harness.server.faults.inject(.status(429, code: "quota_exceeded"), on: "POST /makistry/v1/text-to-cad")
            let client = try harness.client()
            _ = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            let sleeps = harness.clock.sleeps
            #expect(sleeps.count == 2)
            #expect(sleeps.first == .seconds(7))
            #expect((sleeps.last ?? .zero) >= .seconds(60))
        }
    }

    @Test("429 after every retry: rate limited, exit 6")
    func rateLimitedExhausted() async throws {
        try await MakistryHarness.with { harness in
            harness.server.faults.inject(
                .status(429, retryAfter: .seconds(1), code: "quota_exceeded"), on: "POST /makistry/v1/text-to-cad", count: 10)
            let client = try harness.client()
            let error = try await #require(throws: APIError.self) {
                _ = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            }
            #expect(error.code == "quota_exceeded" && error.classification == .rateLimited)
            #expect(CADError(error).exitCode == 6)
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 4, "the first attempt and three retries")
        }
    }
}
