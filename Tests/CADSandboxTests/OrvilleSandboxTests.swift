@testable import CADSandbox
import CADTransport
import Foundation
import Testing

/// Orville's endpoints through the real transport, on a manual clock at speed 1: a job is queued 30 s,
/// then running 240 s.
@Suite("Orville sandbox")
struct OrvilleSandboxTests {
    static let lifetime = 271.0

    @Test func createPollCompleteAndDownload() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let created = try await sandbox.orville(
                .post, "/api/v1/cad/jobs", idempotencyKey: "k-1", json: #"{"prompt":"A 30x20x5 mounting plate"}"#)
            #expect(created.status == 202)
            let id = try #require(created.json["id"].string)
            #expect(id.hasPrefix("cadjob_"))
            #expect(created.json["status"].string == "queued")
            #expect(created.json["poll_after_seconds"].int == 270)
            #expect(created.headers["x-request-id"] == created.json["request_id"].string)
            #expect(created.headers["cache-control"] == "no-store")

            var job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.json["status"].string == "queued")
            #expect(job.json["artifacts"].array.isEmpty && job.json["latest_revision_id"].isNull)
            sandbox.advance(seconds: 30)
            job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.json["status"].string == "running")
            #expect(job.json["poll_after_seconds"].int == 240)
            sandbox.advance(seconds: 240)
            job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.json["status"].string == "completed")
            #expect(job.json["poll_after_seconds"].isNull)
            #expect(job.json["cost"]["charged_cents"].int == 200 && job.json["cost"]["currency"].string == "usd")
            #expect(job.json["explanation"].string?.isEmpty == false)
            let artifact = job.json["artifacts"][0]
            let artifactID = try #require(artifact["id"].string)
            #expect(artifact["kind"].string == "step")
            #expect(artifact["download_url"].string == "/api/v1/artifacts/\(artifactID)/download")
            #expect(job.json["assembly_tree"]["artifact_id"].string == artifactID)
            #expect(job.json["latest_revision_id"].string?.hasPrefix("rev_") == true)

            // 302 to the storage port; following it (as a download does) yields the STEP file, and the
            // transport leaves the Authorization header behind.
            let redirect = try await sandbox.orville(.get, "/api/v1/artifacts/\(artifactID)/download")
            #expect(redirect.status == 302)
            #expect(redirect.headers["x-request-id"]?.hasPrefix("req_") == true)
            #expect(redirect.headers["cache-control"] == "no-store")
            #expect(redirect.headers["location"]?.hasPrefix(sandbox.server.storageBaseURL + "/objects/") == true)
            let file = try await sandbox.orville(.get, "/api/v1/artifacts/\(artifactID)/download", follow: true)
            #expect(file.status == 200)
            let entities = CADFileValidation.checkSTEP(file.body)
            #expect(entities.contains { $0.contains("CARTESIAN_POINT('',(30.,20.,5.))") })
            #expect(sandbox.server.inspector.storageCredentialSightings.isEmpty)

            let signed = try await sandbox.orville(.get, "/api/v1/artifacts/\(artifactID)/download?redirect=false")
            #expect(signed.status == 200)
            #expect(signed.json["artifact_id"].string == artifactID)
            #expect(signed.json["expires_in_seconds"].int == 900)
            #expect(signed.json["filename"].string?.hasSuffix(".step") == true)
            let direct = try await sandbox.send(.get, try #require(signed.json["url"].string))
            #expect(direct.body == file.body)
        }
    }

    @Test func multipartCreateKeepsImageMetadataInHistory() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            var form = MultipartBody()
            form.field("prompt", "Create a mounting plate from this sketch.")
            form.file("images", filename: "sketch.png", contentType: "image/png", Fixtures.png)
            form.file("images", filename: "photo.jpg", contentType: "image/jpeg", Fixtures.jpeg)
            let created = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "form-1", form: form)
            #expect(created.status == 202)
            let id = try #require(created.json["id"].string)
            sandbox.advance(seconds: Self.lifetime)
            let history = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)/messages")
            #expect(history.status == 200 && history.json["job_id"].string == id)
            let messages = history.json["messages"].array
            #expect(messages.map { $0["role"].string } == ["user", "assistant"])
            let images = messages[0]["images"].array
            #expect(images.map { $0["filename"].string } == ["sketch.png", "photo.jpg"])
            #expect(images.map { $0["content_type"].string } == ["image/png", "image/jpeg"])
            #expect(images[0]["size_bytes"].int == Fixtures.png.count)
            #expect(images[0]["id"].string?.hasPrefix("file_") == true)
            #expect(images[0].keys == ["id", "filename", "content_type", "size_bytes"])
            #expect(messages[1]["revision"].string == "A")
            #expect(messages[1]["artifacts"].array.count == 1)
            #expect(messages[0]["review"].isNull)
        }
    }

    @Test func listJobsPagesWithCursorsAndSearches() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            for prompt in ["Bracket one", "Bracket two", "Hinge three"] { _ = try await sandbox.createOrvilleJob(prompt) }
            let all = try await sandbox.orville(.get, "/api/v1/cad/jobs")
            #expect(all.json["jobs"].array.count == 4)  // three plus the seeded webapp job
            #expect(all.json["jobs"].array.map { $0["source"].string }.last == "webapp")
            #expect(all.json["next_cursor"].isNull)

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await sandbox.orville(
                    .get, "/api/v1/cad/jobs?limit=3" + (cursor.map { "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""))
                #expect(page.status == 200)
                seen += page.json["jobs"].array.compactMap { $0["id"].string }
                cursor = page.json["next_cursor"].string
            } while cursor != nil
            #expect(seen == all.json["jobs"].array.compactMap { $0["id"].string })

            let search = try await sandbox.orville(.get, "/api/v1/cad/jobs?q=bracket")
            #expect(search.json["jobs"].array.map { $0["prompt_preview"].string } == ["Bracket two", "Bracket one"])
            let summary = search.json["jobs"][0]
            #expect(summary.keys == [
                "id", "status", "source", "title", "prompt_preview", "last_message", "latest_revision_id", "created_at", "updated_at",
            ])
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs?limit=101").errorCode == "invalid_limit")
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs?cursor=zzz").errorCode == "invalid_cursor")
        }
    }

    @Test func followUpsAreRefusedWhileRunningAndMakeANewRevision() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("A flat bracket")
            let early = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/messages", idempotencyKey: "f-0", json: #"{"prompt":"thicker"}"#)
            #expect(early.status == 409 && early.errorCode == "job_already_running")
            sandbox.advance(seconds: Self.lifetime)
            let first = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            let followUp = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/messages", idempotencyKey: "f-1", json: #"{"prompt":"Make the plate 8 mm thick."}"#)
            #expect(followUp.status == 202)
            #expect(followUp.json["id"].string == id && followUp.json["status"].string == "queued")
            #expect(followUp.json["message_id"].string?.isEmpty == false)
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)").json["status"].string == "queued")
            sandbox.advance(seconds: Self.lifetime)
            let second = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(second.json["status"].string == "completed")
            #expect(second.json["latest_revision_id"].string != first.json["latest_revision_id"].string)
            #expect(second.json["cost"]["charged_cents"].int == 400)
            let history = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)/messages").json["messages"].array
            #expect(history.map { $0["revision"].string } == [nil, "A", nil, "B"])
            let listed = try await sandbox.orville(.get, "/api/v1/cad/jobs?q=flat").json["jobs"][0]
            #expect(listed["last_message"].string == "Make the plate 8 mm thick.")
        }
    }

    @Test func reviewAnswersAndIsPersisted() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("A bracket")
            let early = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", idempotencyKey: "r-0", json: #"{"prompt":"Review it"}"#)
            #expect(early.status == 409 && early.errorCode == "job_not_completed")
            sandbox.advance(seconds: Self.lifetime)
            let job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            let revision = try #require(job.json["latest_revision_id"].string)
            let review = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", idempotencyKey: "r-1",
                json: #"{"prompt":"Review for manufacturability","revision_id":"\#(revision)","viewer_state":{"camera":{"position":[1,2,3]}}}"#)
            #expect(review.status == 200)
            #expect(review.json["job_id"].string == id && review.json["revision_id"].string == revision)
            #expect(review.json["review"]["mode"].string == "review" && review.json["review"]["model"].string == "review-agent")
            #expect(review.json["review"]["iteration_proposal"].isNull)
            #expect(review.json["review"]["viewer_actions"].array.isEmpty)
            #expect(review.json["assistant_message_id"].string != review.json["message_id"].string)
            let history = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)/messages").json["messages"].array
            #expect(history.last?["review"]["message"].string == review.json["review"]["message"].string)
            #expect(history.last?["id"].string == review.json["assistant_message_id"].string)

            let unknown = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", idempotencyKey: "r-2", json: #"{"prompt":"x","revision_id":"rev_nope"}"#)
            #expect(unknown.status == 404)
            let failed = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", idempotencyKey: "r-3", json: #"{"prompt":"[review-fail] please"}"#)
            #expect(failed.status == 502 && failed.errorCode == "review_agent_failed")
            sandbox.server.faults.inject(
                .status(503, retryAfter: .seconds(3), code: "review_agent_unavailable", message: "later"),
                on: "POST /orville/api/v1/cad/jobs/{job_id}/review")
            let unavailable = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", idempotencyKey: "r-4", json: #"{"prompt":"again"}"#)
            #expect(unavailable.status == 503 && unavailable.errorCode == "review_agent_unavailable")
            #expect(unavailable.headers["retry-after"] == "3")
            #expect(unavailable.json["request_id"].string == unavailable.headers["x-request-id"])

            let readOnly = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", key: SandboxKey.orvilleReadOnly.key, idempotencyKey: "r-5",
                json: #"{"prompt":"x"}"#)
            #expect(readOnly.status == 403)
        }
    }

    @Test func failedJobsReportAnErrorAndCannotBeReviewed() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("[fail] an impossible part")
            sandbox.advance(seconds: Self.lifetime)
            let job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.json["status"].string == "failed")
            #expect(job.json["error"]["code"].string == "generation_failed")
            #expect(job.json["cost"].isNull && job.json["artifacts"].array.isEmpty)
            let review = try await sandbox.orville(
                .post, "/api/v1/cad/jobs/\(id)/review", idempotencyKey: "r", json: #"{"prompt":"why?"}"#)
            #expect(review.status == 409 && review.errorCode == "cad_revision_required")
            let balance = try await sandbox.orville(.get, "/api/v1/billing/balance")
            #expect(balance.json["available_balance_cents"].int == 2500)
        }
    }

    @Test func assemblyPromptsYieldSeveralArtifacts() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("A two-part enclosure assembly")
            let before = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)/artifacts")
            #expect(before.status == 200 && before.json["artifacts"].array.isEmpty && before.json["revision_id"].isNull)
            sandbox.advance(seconds: Self.lifetime)
            let artifacts = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)/artifacts")
            #expect(artifacts.json["job_id"].string == id)
            #expect(artifacts.json["artifacts"].array.count == 2)
            #expect(artifacts.json["assembly_tree"]["kind"].string == "assembly")
            #expect(artifacts.json["assembly_tree"]["children"].array.map { $0["artifact_id"].string }
                == artifacts.json["artifacts"].array.map { $0["id"].string })
            for artifact in artifacts.json["artifacts"].array {
                let file = try await sandbox.orville(.get, try #require(artifact["download_url"].string), follow: true)
                _ = CADFileValidation.checkSTEP(file.body)
            }
        }
    }

    @Test func balanceDecreasesAsJobsComplete() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let start = try await sandbox.orville(.get, "/api/v1/billing/balance")
            #expect(start.status == 200)
            #expect(start.json["currency"].string == "usd")
            #expect(start.json["available_balance_cents"].int == 2500 && start.json["cad_job_hold_cents"].int == 200)
            _ = try await sandbox.createOrvilleJob("part")
            #expect(try await sandbox.orville(.get, "/api/v1/billing/balance").json["available_balance_cents"].int == 2300)
            sandbox.advance(seconds: Self.lifetime)
            #expect(try await sandbox.orville(.get, "/api/v1/billing/balance").json["available_balance_cents"].int == 2300)
            let noScope = try await sandbox.orville(.get, "/api/v1/billing/balance", key: SandboxKey.orvilleReadOnly.key)
            #expect(noScope.status == 403 && noScope.errorCode == "insufficient_scope")
        }
    }

    @Test func idempotentCreatesReplayAndConflict() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let body = #"{"prompt":"same part"}"#
            let first = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "idem", json: body)
            let again = try await sandbox.orville(
                .post, "/api/v1/cad/jobs", idempotencyKey: "idem", json: #"{ "prompt" : "same part" }"#)
            #expect(again.status == 202 && again.json["id"].string == first.json["id"].string)
            #expect(again.headers["idempotent-replayed"] == "true")
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 1)
            let other = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "idem", json: #"{"prompt":"other"}"#)
            #expect(other.status == 409 && other.errorCode == "idempotency_key_conflict")
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 1)
        }
    }

    @Test func validationErrorsUseTheDocumentedCodes() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            func create(json: String? = nil, form: MultipartBody? = nil, key: String? = "v") async throws -> Reply {
                try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: key, json: json, form: form)
            }
            func formWith(_ build: (inout MultipartBody) -> Void) -> MultipartBody {
                var form = MultipartBody()
                build(&form)
                return form
            }
            var cases: [(Reply, String)] = []
            cases.append((try await create(json: #"{"prompt":"x"}"#, key: nil), "idempotency_key_required"))
            cases.append((try await create(json: "{}"), "missing_prompt"))
            cases.append((try await create(json: #"{"prompt":"   "}"#), "missing_prompt"))
            cases.append((try await create(json: SandboxHarness.jsonObject(["prompt": String(repeating: "a", count: 60_001)])), "prompt_too_long"))
            cases.append((try await create(json: "{not json"), "invalid_json"))
            cases.append((try await create(json: #"{"prompt":"x","images":["data:..."]}"#), "json_images_unsupported"))
            cases.append((try await create(form: formWith { $0.field("prompt", "x"); $0.file("image", filename: "a.png", Fixtures.png) }), "unsupported_image_field"))
            cases.append((try await create(form: formWith { $0.field("prompt", "x"); $0.file("images", filename: "a.png", Fixtures.text) }), "invalid_file_type"))
            cases.append((try await create(form: formWith {
                $0.field("prompt", "x")
                $0.file("images", filename: "big.png", Fixtures.png + Data(count: 10 * 1024 * 1024))
            }), "file_too_large"))
            cases.append((try await create(form: formWith { form in
                form.field("prompt", "x")
                for index in 0..<6 { form.file("images", filename: "\(index).png", Fixtures.png) }
            }), "too_many_images"))
            cases.append((try await create(form: formWith { $0.file("images", filename: "a.png", Fixtures.png) }), "missing_prompt"))
            var broken = MultipartBody()
            broken.data = Data("--nope\r\n garbage".utf8)
            let brokenReply = try await sandbox.send(
                .post, sandbox.server.orvilleBaseURL + "/api/v1/cad/jobs",
                headers: [("Authorization", "Bearer \(SandboxHarness.orvilleKey)"), ("Idempotency-Key", "b"), ("Content-Type", broken.contentType)],
                body: broken.data)
            cases.append((brokenReply, "invalid_form_data"))
            let tooLongKey = try await sandbox.orville(
                .post, "/api/v1/cad/jobs", idempotencyKey: String(repeating: "k", count: 161), json: #"{"prompt":"x"}"#)
            #expect(tooLongKey.status == 400)
            for (reply, code) in cases {
                #expect(reply.status == 400 && reply.errorCode == code, "expected \(code), got \(reply.status) \(reply.text.prefix(200))")
                #expect(reply.json["request_id"].string == reply.headers["x-request-id"])
            }
            // Every accepted image type goes through, HEIC included.
            let images = try await create(
                form: formWith { form in
                    form.field("prompt", "x")
                    for (index, image) in [Fixtures.png, Fixtures.jpeg, Fixtures.gif, Fixtures.webp, Fixtures.heic].enumerated() {
                        form.file("images", filename: "\(index)", image)
                    }
                }, key: "ok")
            #expect(images.status == 202)
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 1)
        }
    }

    @Test func authenticationAndScopes() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            for key in [nil, "gcad_live_wrong", SandboxKey.makistryDefault.key] as [String?] {
                let reply = try await sandbox.orville(.get, "/api/v1/cad/jobs", key: key)
                #expect(reply.status == 401 && reply.json["error"]["code"].exists && reply.json["request_id"].exists)
            }
            let none = try await sandbox.orville(.get, "/api/v1/cad/jobs", key: SandboxKey.orvilleNoScopes.key)
            #expect(none.status == 403)
            let readOnly = try await sandbox.orville(
                .post, "/api/v1/cad/jobs", key: SandboxKey.orvilleReadOnly.key, idempotencyKey: "a", json: #"{"prompt":"x"}"#)
            #expect(readOnly.status == 403)
            sandbox.server.revokeKey(SandboxHarness.orvilleKey)
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs").status == 401)
        }
    }

    @Test func jobsOfAnotherWorkspaceAreNotFound() async throws {
        try await SandboxHarness.with({ configuration in
            configuration.keys.append(
                SandboxKey(provider: .orville, key: "gcad_live_other", scopes: ["cad:read", "cad:write"], name: "other", workspace: "elsewhere"))
        }) { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("mine")
            sandbox.advance(seconds: Self.lifetime)
            for path in ["/api/v1/cad/jobs/\(id)", "/api/v1/cad/jobs/\(id)/messages", "/api/v1/cad/jobs/\(id)/artifacts"] {
                let reply = try await sandbox.orville(.get, path, key: "gcad_live_other")
                #expect(reply.status == 404 && reply.errorCode == "not_found")
            }
            let artifact = try #require(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)").json["artifacts"][0]["id"].string)
            #expect(try await sandbox.orville(.get, "/api/v1/artifacts/\(artifact)/download", key: "gcad_live_other").status == 404)
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/cadjob_unknown").status == 404)
            let others = try await sandbox.orville(.get, "/api/v1/cad/jobs", key: "gcad_live_other")
            #expect(!others.json["jobs"].array.contains { $0["id"].string == id })
        }
    }

    @Test(arguments: [
        (OrvilleSettings.BillingState.billingRequired, 402, "billing_required"),
        (.needsReview, 402, "billing_needs_review"),
        (.unavailable, 503, "billing_unavailable"),
    ])
    func billingStatesRefuseCreates(state: OrvilleSettings.BillingState, status: Int, code: String) async throws {
        try await SandboxHarness.with({ $0.orville.billingState = state }) { (sandbox) async throws in
            let reply = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "b", json: #"{"prompt":"x"}"#)
            #expect(reply.status == status && reply.errorCode == code)
            #expect(sandbox.server.inspector.jobsCreated(.orville) == 0)
        }
    }

    @Test func lowBalancesRefuseCreates() async throws {
        try await SandboxHarness.with({ $0.orville.balanceCents = 300 }) { (sandbox) async throws in
            _ = try await sandbox.createOrvilleJob("first")
            let projected = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "2", json: #"{"prompt":"second"}"#)
            #expect(projected.status == 429 && projected.errorCode == "projected_balance_exceeded")
            #expect(projected.headers["retry-after"] == "270")
            sandbox.advance(seconds: Self.lifetime)
            let empty = try await sandbox.orville(.post, "/api/v1/cad/jobs", idempotencyKey: "3", json: #"{"prompt":"third"}"#)
            #expect(empty.status == 402 && empty.errorCode == "insufficient_balance")
        }
    }

    @Test func unknownPathsAndMethodsAnswerWithOrvilleErrors() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let missing = try await sandbox.orville(.get, "/api/v1/nothing")
            #expect(missing.status == 404 && missing.errorCode == "not_found" && missing.headers["x-request-id"] != nil)
            let method = try await sandbox.orville(.delete, "/api/v1/cad/jobs")
            #expect(method.status == 405 && method.headers["allow"] == "GET, POST")
        }
    }
}
