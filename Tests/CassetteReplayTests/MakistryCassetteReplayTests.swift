import CADCore
import CADRecording
import Foundation
import Makistry
import Testing

/// Every Makistry cassette (`Recordings/makistry/`) replayed through `MakistryClient` over `ReplayTransport`:
/// exactly the recorded requests (multipart bodies compared by digest), the documented values decoded.
/// Polls, the rate limiter and retries run on a self-advancing `ManualClock`, so nothing sleeps.
@Suite("Makistry cassettes replayed through MakistryClient")
struct MakistryCassetteReplayTests {
    /// The cassettes this suite replays (the coverage test compares them with `Recordings/makistry/`).
    static let scenarios = [
        "text-to-cad", "text-to-cad-all-fields", "image-to-cad", "job-failed",
        "error-401-invalid-api-key", "error-402-payment-required", "error-404-empty-body", "error-410-output-expired",
        "error-422-invalid-input", "error-422-image-parse-failed", "error-429-quota-exceeded",
    ]

    static let quickStartPrompt = "A 40x20x10mm rectangular box with a 5mm through-hole centered on the top face"

    /// One cassette, one client: the documented base URL, no retries, its own rate limiter, a clock that
    /// never sleeps.
    struct Replay {
        let transport: ReplayTransport
        let clock = ManualClock(autoAdvance: true)
        let client: MakistryClient

        init(_ scenario: String) throws {
            transport = try Cassettes.replay("makistry", scenario)
            var client = try MakistryClient(
                apiKey: "replay_makistry_key",
                configuration: ClientConfiguration(transport: transport, retryPolicy: .never, clock: clock))
            client.rateLimiter = MakistryRateLimiter(clock: clock)
            self.client = client
        }
    }

    @Test("replays", arguments: scenarios)
    func replays(_ scenario: String) async throws {
        let replay = try Replay(scenario)
        switch scenario {
        case "text-to-cad": try await textToCAD(replay)
        case "text-to-cad-all-fields": try await textToCADAllFields(replay)
        case "image-to-cad": try await imageToCAD(replay)
        case "job-failed": try await jobFailed(replay)
        case let name where name.hasPrefix("error-"): try await failure(name, replay)
        default: Issue.record("no replay written for makistry/\(scenario)")
        }
        #expect(replay.transport.unusedCount == 0, "makistry/\(scenario): recorded exchanges the client never made")
    }

    func textToCAD(_ replay: Replay) async throws {
        let folder = try Cassettes.scratchFolder()
        let submission = try await replay.client.jobs.create(TextToCADRequest(prompt: Self.quickStartPrompt, outputFormat: .step))
        #expect(submission.jobID == "pub_7f3a9c2e41b84d5f9e1a" && submission.status == .queued)
        #expect(submission.idempotencyKey != nil && !submission.replayed)
        let log = PollStatusLog()
        let job = try await replay.client.jobs.wait(submission.jobID, timeout: DesignMode.standard.defaultWaitTimeout, observer: log.observer)
        #expect(log.seen == ["queued", "processing", "success"])
        #expect(job.status == .success && job.tokensUsed == 1840 && job.latencyMilliseconds == 41230)
        #expect(job.downloadURL?.host == "storage.makistry.ai" && job.downloadURL?.lastPathComponent == "output.step")
        #expect(job.errorCode == nil && job.errorMessage == nil && job.metadata == nil)
        // The download reads the job once more for a freshly signed URL, then fetches it.
        let file = try await replay.client.jobs.download(submission.jobID, into: folder, format: .step)
        #expect(file.path == folder + "/pub_7f3a9c2e41b84d5f9e1a.step")
        #expect(try Cassettes.contents(of: file.path) == Cassettes.responseBody("makistry", "text-to-cad", entry: 5))
    }

    func textToCADAllFields(_ replay: Replay) async throws {
        let request = TextToCADRequest(
            prompt: "A two-part hinge: a 30 mm leaf with three knuckles and a 3 mm pin", designMode: .assembly,
            outputFormat: .glb, callbackURL: "https://hooks.example.com/makistry",
            metadata: try JSONValue(parsing: #"{"order":"A-1042"}"#))
        let submission = try await replay.client.jobs.create(request)
        #expect(submission.jobID == "pub_9d3f1a7c5e2b48d6a0c4" && submission.status == .queued)
    }

    func imageToCAD(_ replay: Replay) async throws {
        let folder = try Cassettes.scratchFolder()
        let request = ImageToCADRequest(
            images: [Cassettes.exampleImage("front.png"), Cassettes.exampleImage("side.png")],
            prompt: "A wall bracket like the one in these photos, 3 mm steel", designMode: .standard,
            outputFormat: .stl, metadata: try JSONValue(parsing: #"{"ticket":"T-77"}"#))
        let submission = try await replay.client.jobs.create(request)
        #expect(submission.jobID == "pub_2c8e5b0d93f14a6b8c27" && submission.status == .queued)
        let log = PollStatusLog()
        let job = try await replay.client.jobs.wait(submission.jobID, timeout: DesignMode.standard.defaultWaitTimeout, observer: log.observer)
        #expect(log.seen == ["processing", "success"])
        #expect(job.metadata?.objectValue?["ticket"]?.stringValue == "T-77")
        #expect(job.tokensUsed == 3275 && job.latencyMilliseconds == 74410)
        // No format given: the file is named from the signed URL's extension.
        let file = try await replay.client.jobs.download(submission.jobID, into: folder)
        #expect(file.path == folder + "/pub_2c8e5b0d93f14a6b8c27.stl")
        #expect(try Cassettes.contents(of: file.path) == Cassettes.responseBody("makistry", "image-to-cad", entry: 4))
    }

    func jobFailed(_ replay: Replay) async throws {
        let jobID = "pub_5e1b7d3a08c24f9a6b3e"
        do {
            _ = try await replay.client.jobs.wait(jobID)
            Issue.record("waiting for a failed job returned")
        } catch let error as JobFailedError {
            #expect(error.provider == "makistry" && error.jobID == jobID && error.status == "failed")
            #expect(error.code == "generation_failed")
            #expect(error.message == "The model could not be generated from this prompt.")
            #expect(CADError(error).exitCode == 4)
        }
    }

    // MARK: - Refusals

    /// The documented refusal of each error cassette. Makistry sends no request id.
    struct Refusal {
        var status: Int
        var code: String?
        var classification: APIError.Classification
        var exitCode: Int32
        var retryAfter: Duration? = nil
    }

    static let refusals: [String: Refusal] = [
        "error-401-invalid-api-key": Refusal(status: 401, code: "invalid_api_key", classification: .authentication, exitCode: 3),
        "error-402-payment-required": Refusal(status: 402, code: "payment_required", classification: .payment, exitCode: 8),
        "error-404-empty-body": Refusal(status: 404, code: nil, classification: .notFound, exitCode: 1),
        "error-410-output-expired": Refusal(status: 410, code: "output_expired", classification: .invalidRequest, exitCode: 1),
        "error-422-invalid-input": Refusal(status: 422, code: "invalid_input", classification: .invalidRequest, exitCode: 1),
        "error-422-image-parse-failed": Refusal(
            status: 422, code: "image_parse_failed", classification: .invalidRequest, exitCode: 1),
        "error-429-quota-exceeded": Refusal(
            status: 429, code: "quota_exceeded", classification: .rateLimited, exitCode: 6, retryAfter: .seconds(30)),
    ]

    func failure(_ scenario: String, _ replay: Replay) async throws {
        let expected = try #require(Self.refusals[scenario], "no documented refusal for makistry/\(scenario)")
        let client = replay.client
        let error = try await Cassettes.apiError {
            switch scenario {
            case "error-404-empty-body": _ = try await client.jobs.get("pub_0000000000000000000a")
            case "error-410-output-expired": _ = try await client.jobs.get("pub_0a9d4c6e2b7f41e3a58d")
            case "error-422-invalid-input":
                _ = try await client.jobs.create(TextToCADRequest(
                    prompt: Self.quickStartPrompt, outputFormat: .step, callbackURL: "https://127.0.0.1/hooks/makistry"))
            case "error-422-image-parse-failed":
                _ = try await client.jobs.create(ImageToCADRequest(
                    images: [Cassettes.exampleImage("truncated.png")], prompt: "A bracket like this one",
                    outputFormat: .step))
            default:
                _ = try await client.jobs.create(TextToCADRequest(prompt: Self.quickStartPrompt, outputFormat: .step))
            }
        }
        #expect(error.provider == "makistry")
        #expect(error.status == expected.status)
        #expect(error.code == expected.code)
        #expect(error.requestID == nil)
        #expect(error.classification == expected.classification)
        #expect(CADError(error).exitCode == expected.exitCode)
        #expect(error.retryAfter == expected.retryAfter)
        #expect(error.attempts == 1)
        if scenario == "error-404-empty-body" {
            #expect(error.message.contains("pub_0000000000000000000a") && error.message.contains("not found"))
        }
    }
}
