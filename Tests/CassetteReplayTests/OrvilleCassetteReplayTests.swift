import CADCore
import CADRecording
import Foundation
import Orville
import Testing

/// Every Orville cassette (`Recordings/orville/`) replayed through `OrvilleClient` over `ReplayTransport`:
/// the client must make exactly the recorded requests (every exchange used, none unmatched) and decode the
/// documented example values. Waits run on a self-advancing `ManualClock`, so nothing sleeps.
@Suite("Orville cassettes replayed through OrvilleClient")
struct OrvilleCassetteReplayTests {
    /// The cassettes this suite replays (the coverage test compares them with `Recordings/orville/`).
    static let scenarios = [
        "list-jobs", "list-jobs-next-page", "create-job-multipart", "create-job-json", "poll-job",
        "create-wait-download", "send-message-multipart", "send-message-json", "review", "review-snapshot",
        "message-history", "list-artifacts", "download-artifact", "download-artifact-url", "billing-balance",
        "error-400-idempotency-key-required", "error-401-invalid-api-key", "error-402-insufficient-balance",
        "error-403-insufficient-scope", "error-404-job-not-found", "error-409-job-already-running",
        "error-429-rate-limited",
    ]

    static let mountingPlateJob = "cadjob_385f3130-1ebc-40b7-85d9-6ded5ecc8a0f"
    static let bracketJob = "cadjob_9b2e4c71-3d8a-4f6e-a1b5-7c0d2e8f4a63"
    static let mountingPlateArtifact = "art_pW89wqwr67T7O00Ri_8ThA"
    static let mountingPlateRevision = "rev_4FIoIk2zfzNGakNvYMXDAA"
    static let bracketPrompt = "Create a simple flat rectangular bracket with two through holes."

    static func requestID(_ suffix: String) -> String { "req_8f3c2d0e98ab4e53981f481d661d00" + suffix }

    /// One cassette, one client: the recorded origin as base URL, no retries, a clock that never sleeps.
    struct Replay {
        let transport: ReplayTransport
        let clock = ManualClock(autoAdvance: true)
        let client: OrvilleClient

        init(_ scenario: String) throws {
            transport = try Cassettes.replay("orville", scenario)
            client = try OrvilleClient(
                apiKey: "replay_orville_key",
                configuration: ClientConfiguration(transport: transport, retryPolicy: .never, clock: clock))
        }
    }

    @Test("replays", arguments: scenarios)
    func replays(_ scenario: String) async throws {
        let replay = try Replay(scenario)
        switch scenario {
        case "list-jobs": try await listJobs(replay)
        case "list-jobs-next-page": try await listJobsNextPage(replay)
        case "create-job-multipart": try await createJobMultipart(replay)
        case "create-job-json": try await createJobJSON(replay)
        case "poll-job": try await pollJob(replay)
        case "create-wait-download": try await createWaitDownload(replay)
        case "send-message-multipart": try await sendMessageMultipart(replay)
        case "send-message-json": try await sendMessageJSON(replay)
        case "review": try await review(replay)
        case "review-snapshot": try await reviewSnapshot(replay)
        case "message-history": try await messageHistory(replay)
        case "list-artifacts": try await listArtifacts(replay)
        case "download-artifact": try await downloadArtifact(replay)
        case "download-artifact-url": try await downloadArtifactURL(replay)
        case "billing-balance": try await billingBalance(replay)
        case let name where name.hasPrefix("error-"): try await failure(name, replay)
        default: Issue.record("no replay written for orville/\(scenario)")
        }
        #expect(replay.transport.unusedCount == 0, "orville/\(scenario): recorded exchanges the client never made")
    }

    // MARK: - Jobs

    func listJobs(_ replay: Replay) async throws {
        let page = try await replay.client.jobs.page(limit: 20, query: "mounting plate")
        #expect(page.jobs.map(\.jobID) == [Self.mountingPlateJob])
        let job = try #require(page.jobs.first)
        #expect(job.status == .completed && job.source == "webapp" && job.title == "Mounting plate")
        #expect(job.promptPreview == "Create a mounting plate with rounded corners.")
        #expect(job.lastMessage == "Increase the thickness to 8 mm.")
        #expect(job.latestRevisionID == Self.mountingPlateRevision)
        #expect(job.createdAt == "2026-05-20T14:00:00.000Z" && job.updatedAt == "2026-05-20T14:04:12.000Z")
        #expect(page.nextCursor == nil)
        #expect(page.requestID == Self.requestID("01"))
    }

    func listJobsNextPage(_ replay: Replay) async throws {
        var jobs: [OrvilleJobSummary] = []
        for try await job in replay.client.jobs.list(limit: 1) { jobs.append(job) }
        #expect(jobs.map(\.jobID) == [Self.bracketJob, Self.mountingPlateJob])
        #expect(jobs.map(\.title) == ["Rectangular bracket", "Mounting plate"])
        #expect(jobs.map(\.source) == ["api", "webapp"])
    }

    func createJobMultipart(_ replay: Replay) async throws {
        let sketch = try OrvilleImage(path: Cassettes.exampleImage("mounting-plate-sketch.png"))
        let accepted = try await replay.client.jobs.create(
            prompt: "Create a mounting plate with rounded corners and two through holes.", images: [sketch],
            idempotencyKey: try IdempotencyKey(validating: "87b5972d-05b9-4f0a-9b68-97c53fd4f840"))
        #expect(accepted.jobID == Self.mountingPlateJob)
        #expect(accepted.status == .queued && accepted.pollAfterSeconds == 30 && accepted.messageID == nil)
        #expect(accepted.requestID == Self.requestID("04"))
    }

    func createJobJSON(_ replay: Replay) async throws {
        let accepted = try await replay.client.jobs.create(prompt: Self.bracketPrompt)
        #expect(accepted.jobID == Self.bracketJob)
        #expect(accepted.status == .queued && accepted.pollAfterSeconds == 30)
        #expect(accepted.requestID == Self.requestID("05"))
    }

    func pollJob(_ replay: Replay) async throws {
        let log = PollStatusLog()
        let job = try await replay.client.jobs.wait(Self.mountingPlateJob, observer: log.observer)
        #expect(log.seen == ["queued", "running", "completed"])
        // The recorded hints (30 s after queued, 60 s after running) were honoured, on the manual clock.
        #expect(replay.clock.now.offset >= .seconds(90))
        #expect(job.status == .completed && job.latestRevisionID == Self.mountingPlateRevision)
        #expect(job.cost?.currency == "usd" && job.cost?.chargedCents == 200)
        #expect(job.explanation == "The mounting plate features a flat rectangular profile...")
        #expect(job.artifacts.map(\.id) == [Self.mountingPlateArtifact])
        #expect(job.artifacts.first?.filename == "449_mounting_plate.step")
        #expect(job.artifacts.first?.downloadURL == "/api/v1/artifacts/\(Self.mountingPlateArtifact)/download")
        #expect(job.assemblyTree?.artifactID == Self.mountingPlateArtifact && job.assemblyTree?.label == "mounting_plate")
        #expect(job.pollAfterSeconds == nil)
        #expect(job.requestID == Self.requestID("08"))
    }

    func createWaitDownload(_ replay: Replay) async throws {
        let folder = try Cassettes.scratchFolder()
        let accepted = try await replay.client.jobs.create(prompt: Self.bracketPrompt)
        #expect(accepted.jobID == Self.bracketJob && accepted.pollAfterSeconds == 30)
        let log = PollStatusLog()
        let job = try await replay.client.jobs.wait(
            accepted, observer: log.observer)
        #expect(log.seen == ["running", "completed"])
        #expect(replay.clock.now.offset >= .seconds(90))
        #expect(job.status == .completed && job.latestRevisionID == "rev_Q2xvY2tCcmFja2V0UmV2QQ")
        #expect(job.artifacts.map(\.filename) == ["450_bracket.step"])
        let files = try await replay.client.artifacts.download(job.artifacts, into: folder)
        #expect(files.map(\.path) == [folder + "/450_bracket.step"])
        let expected = try Cassettes.responseBody("orville", "create-wait-download", entry: 4)
        #expect(try Cassettes.contents(of: folder + "/450_bracket.step") == expected)
        #expect(files.first?.size == Int64(expected.count))
    }

    func sendMessageMultipart(_ replay: Replay) async throws {
        let markup = try OrvilleImage(path: Cassettes.exampleImage("markup.png"))
        let accepted = try await replay.client.jobs.sendMessage(
            Self.mountingPlateJob, prompt: "Increase the thickness to 8 mm and move the holes farther apart.",
            images: [markup])
        #expect(accepted.jobID == Self.mountingPlateJob && accepted.status == .queued)
        #expect(accepted.messageID == "3b6b1e3a-5a40-475b-bef0-6d52e2fdd16c")
        #expect(accepted.pollAfterSeconds == 30 && accepted.requestID == Self.requestID("0d"))
    }

    func sendMessageJSON(_ replay: Replay) async throws {
        let accepted = try await replay.client.jobs.sendMessage(Self.mountingPlateJob, prompt: "Make the plate 8 mm thick.")
        #expect(accepted.jobID == Self.mountingPlateJob && accepted.status == .queued)
        #expect(accepted.messageID == "5d0c7a9e-2b1f-4c83-9e6a-0f4b8d2c7e15")
        #expect(accepted.requestID == Self.requestID("0e"))
    }

    // MARK: - Review and history

    func review(_ replay: Replay) async throws {
        let camera = try JSONValue(parsing: #"{"camera":{"position":[120,80,90],"target":[0,0,0],"up":[0,0,1]}}"#)
        let result = try await replay.client.jobs.review(
            Self.mountingPlateJob, prompt: "Review the current model for manufacturability and assembly risks.",
            revisionID: Self.mountingPlateRevision, viewerState: camera)
        #expect(result.jobID == Self.mountingPlateJob && result.revisionID == Self.mountingPlateRevision)
        #expect(result.messageID == "2df6c964-bf0b-4e9a-998b-1c2ad907fcb6")
        #expect(result.assistantMessageID == "77f52fe8-d731-48b8-85fb-1748ef7409ea")
        #expect(result.review.mode == "review" && result.review.model == "review-agent")
        #expect(result.review.message == "The bracket is generally straightforward to manufacture...")
        #expect(result.review.iterationProposal == nil && result.review.viewerActions.isEmpty)
        #expect(result.requestID == Self.requestID("0f"))
    }

    func reviewSnapshot(_ replay: Replay) async throws {
        let png = try Cassettes.contents(of: Cassettes.exampleImage("markup.png")).base64EncodedString()
        let snapshot = JSONValue.object([
            "snapshots": .array([.object([
                "label": .string("Marked area"), "mime_type": .string("image/png"), "data_base64": .string(png),
                "source": .string("viewer_snapshot"),
            ])]),
        ])
        let result = try await replay.client.jobs.review(
            Self.mountingPlateJob, prompt: "Review this marked-up area.", viewerState: snapshot)
        #expect(result.messageID == "a41e6f0b-93c2-4d7a-8b15-6e2f9c0d3a84")
        #expect(result.assistantMessageID == "c8d27b3e-1f64-4a09-b5e7-2d9a0c6f4b13")
        #expect(result.review.message == "The marked area has a 1 mm web between the hole and the edge...")
        #expect(result.requestID == Self.requestID("10"))
    }

    func messageHistory(_ replay: Replay) async throws {
        let history = try await replay.client.jobs.messages(Self.mountingPlateJob)
        #expect(history.jobID == Self.mountingPlateJob)
        #expect(history.messages.map(\.role) == ["user", "assistant", "assistant"])
        let question = try #require(history.messages.first)
        #expect(question.content == "Create a mounting plate from this sketch.")
        #expect(question.images.map(\.filename) == ["mounting-plate-sketch.png"])
        #expect(question.images.first?.contentType == "image/png" && question.images.first?.sizeBytes == 184221)
        #expect(history.messages[1].revision == "A" && history.messages[1].revisionID == Self.mountingPlateRevision)
        #expect(history.messages[1].artifacts.map(\.id) == [Self.mountingPlateArtifact])
        #expect(history.messages[2].review?.model == "review-agent")
        #expect(history.requestID == Self.requestID("11"))
    }

    // MARK: - Artifacts and billing

    func listArtifacts(_ replay: Replay) async throws {
        let list = try await replay.client.artifacts.list(jobID: Self.mountingPlateJob)
        #expect(list.jobID == Self.mountingPlateJob && list.revisionID == Self.mountingPlateRevision)
        #expect(list.artifacts.map(\.id) == [Self.mountingPlateArtifact])
        #expect(list.artifacts.map(\.filename) == ["449_mounting_plate.step"])
        #expect(list.assemblyTree?.filename == "449_mounting_plate.step" && list.assemblyTree?.children == [])
        #expect(list.requestID == Self.requestID("12"))
    }

    func downloadArtifact(_ replay: Replay) async throws {
        let target = try Cassettes.scratchFolder() + "/449_mounting_plate.step"
        let result = try await replay.client.artifacts.download(artifactID: Self.mountingPlateArtifact, to: target)
        let expected = try Cassettes.responseBody("orville", "download-artifact", entry: 1)
        #expect(result.path == target && result.size == Int64(expected.count))
        #expect(try Cassettes.contents(of: target) == expected)
    }

    func downloadArtifactURL(_ replay: Replay) async throws {
        let signed = try await replay.client.artifacts.signedURL(Self.mountingPlateArtifact)
        #expect(signed.artifactID == Self.mountingPlateArtifact && signed.filename == "449_mounting_plate.step")
        #expect(signed.url == "https://storage.example.com/signed-step-url" && signed.expiresInSeconds == 900)
        #expect(signed.requestID == Self.requestID("14"))
        // Then the signed URL itself, as a caller holding it would fetch it.
        let target = try Cassettes.scratchFolder() + "/" + (signed.filename ?? "artifact.step")
        let artifact = OrvilleArtifact(id: signed.artifactID, filename: signed.filename, downloadURL: signed.url)
        _ = try await replay.client.artifacts.download(artifact, to: target)
        #expect(try Cassettes.contents(of: target) == Cassettes.responseBody("orville", "download-artifact-url", entry: 1))
    }

    func billingBalance(_ replay: Replay) async throws {
        let balance = try await replay.client.billing.balance()
        #expect(balance.currency == "usd" && balance.availableBalanceCents == 2500 && balance.cadJobHoldCents == 200)
        #expect(balance.requestID == Self.requestID("15"))
    }

    // MARK: - Refusals

    /// The documented refusal of each error cassette: code, status, request id, class and CLI exit code.
    struct Refusal {
        var status: Int
        var code: OrvilleErrorCode?
        var rawCode: String
        var requestSuffix: String
        var classification: APIError.Classification
        var category: CADError.Category
        var retryAfter: Duration? = nil
    }

    static let refusals: [String: Refusal] = [
        "error-400-idempotency-key-required": Refusal(
            status: 400, code: .idempotencyKeyRequired, rawCode: "idempotency_key_required", requestSuffix: "16",
            classification: .invalidRequest, category: .other),
        "error-401-invalid-api-key": Refusal(
            status: 401, code: nil, rawCode: "invalid_api_key", requestSuffix: "17", classification: .authentication,
            category: .authentication),
        "error-402-insufficient-balance": Refusal(
            status: 402, code: .insufficientBalance, rawCode: "insufficient_balance", requestSuffix: "18",
            classification: .payment, category: .payment),
        "error-403-insufficient-scope": Refusal(
            status: 403, code: nil, rawCode: "insufficient_scope", requestSuffix: "19", classification: .authentication,
            category: .authentication),
        "error-404-job-not-found": Refusal(
            status: 404, code: nil, rawCode: "not_found", requestSuffix: "1a", classification: .notFound, category: .other),
        "error-409-job-already-running": Refusal(
            status: 409, code: .jobAlreadyRunning, rawCode: "job_already_running", requestSuffix: "1b",
            classification: .invalidRequest, category: .other),
        "error-429-rate-limited": Refusal(
            status: 429, code: .rateLimited, rawCode: "rate_limited", requestSuffix: "1c", classification: .rateLimited,
            category: .rateLimited, retryAfter: .seconds(10)),
    ]

    func failure(_ scenario: String, _ replay: Replay) async throws {
        let expected = try #require(Self.refusals[scenario], "no documented refusal for orville/\(scenario)")
        let jobs = replay.client.jobs
        let error = try await Cassettes.apiError {
            switch scenario {
            // The 400 was recorded without an Idempotency-Key, which this client always sends: it replays
            // because matching ignores headers; it shows how the refusal decodes, not that the client provokes it.
            case "error-400-idempotency-key-required", "error-402-insufficient-balance":
                _ = try await jobs.create(prompt: Self.bracketPrompt)
            case "error-401-invalid-api-key": _ = try await jobs.page(limit: 20)
            case "error-403-insufficient-scope": _ = try await replay.client.billing.balance()
            case "error-404-job-not-found": _ = try await jobs.get("cadjob_00000000-0000-4000-8000-000000000000")
            case "error-409-job-already-running":
                _ = try await jobs.sendMessage(Self.mountingPlateJob, prompt: "Make the plate 8 mm thick.")
            default: _ = try await jobs.get(Self.mountingPlateJob)
            }
        }
        #expect(error.provider == "orville")
        #expect(error.status == expected.status)
        #expect(error.code == expected.rawCode)
        #expect(error.orvilleCode == expected.code)
        #expect(error.requestID == Self.requestID(expected.requestSuffix))
        #expect(error.classification == expected.classification)
        #expect(CADError(error).category == expected.category)
        #expect(error.retryAfter == expected.retryAfter)
        #expect(error.attempts == 1)
        #expect(!error.message.isEmpty)
    }
}
