@testable import CADSandbox
import CADTransport
import Foundation
import Testing

/// Makistry's endpoints through the real transport, on a manual clock at speed 1: jobs are queued 5 s,
/// then processing 60 s (standard), 180 s (pro) or 480 s (assembly).
@Suite("Makistry sandbox")
struct MakistrySandboxTests {
    @Test(arguments: [("STEP", "standard", 65.0), ("STL", "pro", 185.0), ("GLB", "assembly", 485.0), ("3MF", "standard", 65.0)])
    func textJobRunsToSuccessAndDownloads(format: String, mode: String, duration: Double) async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let created = try await sandbox.makistry(
                .post, "/text-to-cad",
                json: SandboxHarness.jsonObject([
                    "prompt": "A 40x20x10mm rectangular box", "output_format": format, "design_mode": mode,
                    "metadata": ["order": 7, "tags": ["a"]], "callback_url": "https://example.com/hook",
                ]))
            #expect(created.status == 202)
            #expect(created.json.keys == ["job_id", "status"])
            let id = try #require(created.json["job_id"].string)
            #expect(id.hasPrefix("pub_") && created.json["status"].string == "queued")

            var snapshot = try await sandbox.makistry(.get, "/jobs/\(id)")
            #expect(snapshot.json.keys == ["job_id", "status", "download_url", "error_code", "error_message", "metadata", "tokens_used", "latency_ms"])
            #expect(snapshot.json["status"].string == "queued" && snapshot.json["download_url"].isNull)
            #expect(snapshot.json["tokens_used"].isNull)
            sandbox.advance(seconds: 5)
            #expect(try await sandbox.makistry(.get, "/jobs/\(id)").json["status"].string == "processing")
            sandbox.advance(seconds: duration - 5.5)
            #expect(try await sandbox.makistry(.get, "/jobs/\(id)").json["status"].string == "processing")
            sandbox.advance(seconds: 0.5)
            snapshot = try await sandbox.makistry(.get, "/jobs/\(id)")
            #expect(snapshot.json["status"].string == "success")
            #expect(snapshot.json["metadata"]["order"].int == 7)
            #expect(snapshot.json["error_code"].isNull && snapshot.json["error_message"].isNull)
            #expect((snapshot.json["tokens_used"].int ?? 0) > 0)
            #expect(snapshot.json["latency_ms"].int == Int(duration * 1000))
            let url = try #require(snapshot.json["download_url"].string)
            #expect(url.hasPrefix(sandbox.server.storageBaseURL + "/objects/"))

            let file = try await sandbox.send(.get, url)
            #expect(file.status == 200)
            #expect(file.headers["content-disposition"]?.contains("\(id).\(format.lowercased())") == true)
            switch format {
            case "STEP": _ = CADFileValidation.checkSTEP(file.body)
            case "STL": #expect(CADFileValidation.checkSTL(file.body) == 12)
            case "GLB": _ = try CADFileValidation.checkGLB(file.body)
            default: _ = try CADFileValidation.check3MF(file.body)
            }
        }
    }

    @Test func downloadURLIsSignedAfreshOnEveryRead() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createMakistryJob(["prompt": "box"])
            sandbox.advance(seconds: 65)
            let first = try #require(try await sandbox.makistry(.get, "/jobs/\(id)").json["download_url"].string)
            sandbox.advance(seconds: 1)
            let second = try #require(try await sandbox.makistry(.get, "/jobs/\(id)").json["download_url"].string)
            #expect(first != second)
            #expect(try await sandbox.send(.get, first).status == 200)
            #expect(try await sandbox.send(.get, second).status == 200)
        }
    }

    @Test func imageJobsAcceptOneToThreeImages() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            var form = MultipartBody()
            form.file("image", filename: "front.png", contentType: "image/png", Fixtures.png)
            form.file("image", filename: "side.webp", contentType: "image/webp", Fixtures.webp)
            form.field("prompt", "a bracket like this")
            form.field("design_mode", "assembly")
            form.field("output_format", "STL")
            form.field("metadata_json", #"{"customer":"acme"}"#)
            let created = try await sandbox.makistry(.post, "/image-to-cad", form: form)
            #expect(created.status == 202)
            let id = try #require(created.json["job_id"].string)
            sandbox.advance(seconds: 485)
            let snapshot = try await sandbox.makistry(.get, "/jobs/\(id)")
            #expect(snapshot.json["status"].string == "success")
            #expect(snapshot.json["metadata"]["customer"].string == "acme")
            let file = try await sandbox.send(.get, try #require(snapshot.json["download_url"].string))
            #expect(CADFileValidation.checkSTL(file.body) == 12)

            func attempt(_ build: (inout MultipartBody) -> Void) async throws -> Reply {
                var form = MultipartBody()
                build(&form)
                return try await sandbox.makistry(.post, "/image-to-cad", form: form)
            }
            let none = try await attempt { $0.field("prompt", "x") }
            let four = try await attempt { form in for index in 0..<4 { form.file("image", filename: "\(index).png", Fixtures.png) } }
            let wrongField = try await attempt { $0.file("images", filename: "a.png", Fixtures.png) }
            let pro = try await attempt { $0.file("image", filename: "a.png", Fixtures.png); $0.field("design_mode", "pro") }
            let badMetadata = try await attempt { $0.file("image", filename: "a.png", Fixtures.png); $0.field("metadata_json", "[1]") }
            let big = try await attempt { $0.file("image", filename: "a.png", Fixtures.png + Data(count: 10 * 1024 * 1024)) }
            for reply in [none, four, wrongField, pro, badMetadata, big] {
                #expect(reply.status == 422 && reply.errorCode == "invalid_input", "\(reply.status) \(reply.text)")
            }
            for bytes in [Fixtures.text, Fixtures.heic] {
                let unparsable = try await attempt { $0.file("image", filename: "a.png", bytes) }
                #expect(unparsable.status == 422 && unparsable.errorCode == "image_parse_failed")
            }
            let notMultipart = try await sandbox.makistry(.post, "/image-to-cad", json: #"{"prompt":"x"}"#)
            #expect(notMultipart.status == 422 && notMultipart.errorCode == "invalid_input")
        }
    }

    @Test(arguments: [
        #"{"output_format":"STEP"}"#,
        #"{"prompt":""}"#,
        #"{"prompt":42}"#,
        #"{"prompt":"x","design_mode":"deluxe"}"#,
        #"{"prompt":"x","output_format":"step"}"#,
        #"{"prompt":"x","output_format":"OBJ"}"#,
        #"{"prompt":"x","callback_url":"http://example.com/hook"}"#,
        #"{"prompt":"x","callback_url":"not a url"}"#,
        #"{"prompt":"x","metadata":"text"}"#,
        "{broken",
        "[]",
    ])
    func invalidTextInputIs422(body: String) async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let reply = try await sandbox.makistry(.post, "/text-to-cad", json: body)
            #expect(reply.status == 422)
            #expect(reply.json.keys == ["error_code", "message"])
            #expect(reply.errorCode == "invalid_input")
            #expect(sandbox.server.inspector.jobsCreated(.makistry) == 0)
        }
    }

    @Test func promptLengthLimitIs5000() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let ok = try await sandbox.makistry(.post, "/text-to-cad", json: SandboxHarness.jsonObject(["prompt": String(repeating: "é", count: 5000)]))
            #expect(ok.status == 202)
            let long = try await sandbox.makistry(.post, "/text-to-cad", json: SandboxHarness.jsonObject(["prompt": String(repeating: "a", count: 5001)]))
            #expect(long.status == 422 && long.errorCode == "invalid_input")
        }
    }

    @Test func failedJobsCarryAnErrorCode() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createMakistryJob(["prompt": "[fail] impossible"])
            sandbox.advance(seconds: 65)
            let snapshot = try await sandbox.makistry(.get, "/jobs/\(id)")
            #expect(snapshot.json["status"].string == "failed")
            #expect(snapshot.json["error_code"].string == "generation_failed")
            #expect(snapshot.json["error_message"].string?.isEmpty == false)
            #expect(snapshot.json["download_url"].isNull)
        }
    }

    @Test func unknownAndForeignJobsAre404WithAnEmptyBody() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createMakistryJob(["prompt": "mine"])
            for (path, key) in [("/jobs/pub_unknown", SandboxHarness.makistryKey), ("/jobs/\(id)", SandboxKey.makistrySecond.key)] {
                let reply = try await sandbox.makistry(.get, path, key: key)
                #expect(reply.status == 404 && reply.body.isEmpty)
            }
        }
    }

    @Test func authErrors() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            for key in [nil, "mk_pub_wrong", SandboxHarness.orvilleKey] as [String?] {
                let reply = try await sandbox.makistry(.post, "/text-to-cad", key: key, json: #"{"prompt":"x"}"#)
                #expect(reply.status == 401 && reply.errorCode == "invalid_api_key")
            }
            let noScope = try await sandbox.makistry(.get, "/jobs/pub_x", key: SandboxKey.makistryNoScopes.key)
            #expect(noScope.status == 403)
        }
    }

    @Test func creditsRunOutWith402() async throws {
        try await SandboxHarness.with({ $0.makistry.credits = 1 }) { (sandbox) async throws in
            _ = try await sandbox.createMakistryJob(["prompt": "one"])
            let second = try await sandbox.makistry(.post, "/text-to-cad", json: #"{"prompt":"two"}"#)
            #expect(second.status == 402 && second.errorCode == "payment_required")
        }
    }

    @Test func outputsExpireWith410() async throws {
        try await SandboxHarness.with({ $0.makistry.outputRetentionSeconds = 600 }) { (sandbox) async throws in
            let id = try await sandbox.createMakistryJob(["prompt": "box"])
            sandbox.advance(seconds: 65 + 600)
            #expect(try await sandbox.makistry(.get, "/jobs/\(id)").status == 200)
            sandbox.advance(seconds: 1)
            let expired = try await sandbox.makistry(.get, "/jobs/\(id)")
            #expect(expired.status == 410 && expired.errorCode == "output_expired")
        }
    }

    @Test func idempotencyKeyReturnsTheOriginalJob() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let first = try await sandbox.makistry(.post, "/text-to-cad", idempotencyKey: "i-1", json: #"{"prompt":"box","output_format":"STL"}"#)
            sandbox.advance(seconds: 10)
            let again = try await sandbox.makistry(.post, "/text-to-cad", idempotencyKey: "i-1", json: #"{"output_format":"STL","prompt":"box"}"#)
            #expect(again.status == 202 && again.json["job_id"].string == first.json["job_id"].string)
            #expect(again.json["status"].string == "processing")
            let conflict = try await sandbox.makistry(.post, "/text-to-cad", idempotencyKey: "i-1", json: #"{"prompt":"other"}"#)
            #expect(conflict.status == 409 && conflict.errorCode == "idempotency_key_conflict")
            #expect(sandbox.server.inspector.jobsCreated(.makistry) == 1)
            // The same key on another account is independent.
            let other = try await sandbox.makistry(
                .post, "/text-to-cad", key: SandboxKey.makistrySecond.key, idempotencyKey: "i-1", json: #"{"prompt":"other"}"#)
            #expect(other.status == 202)
        }
    }

    @Test func listingPagesWithCursors() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            var ids: [String] = []
            for index in 0..<5 { ids.append(try await sandbox.createMakistryJob(["prompt": "part \(index)"])) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let query = "/jobs?limit=2" + (cursor.map { "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
                let page = try await sandbox.makistry(.get, query)
                #expect(page.status == 200 && page.json["jobs"].array.count <= 2)
                seen += page.json["jobs"].array.compactMap { $0["job_id"].string }
                cursor = page.json["next_cursor"].string
            } while cursor != nil
            #expect(seen == ids.reversed())
            #expect(try await sandbox.makistry(.get, "/jobs", key: SandboxKey.makistrySecond.key).json["jobs"].array.isEmpty)
            #expect(try await sandbox.makistry(.get, "/jobs?limit=0").status == 422)
        }
    }
}
