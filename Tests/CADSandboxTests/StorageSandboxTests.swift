@testable import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Storage listener: signed URLs, ranges, credential recording")
struct StorageSandboxTests {
    /// Stores `data` and returns a signed download URL for it.
    private func stored(_ sandbox: SandboxHarness, _ data: Data, lifetime: Int = 900) -> String {
        let storage = sandbox.server.environment.storage
        return storage.downloadURL(for: storage.store(data, contentType: "model/step", filename: "part.step"), lifetime: lifetime)
    }

    @Test func signedDownloadsExpireAndRefuseTampering() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let body = CADFiles.step()
            let url = stored(sandbox, body, lifetime: 60)
            let ok = try await sandbox.send(.get, url)
            #expect(ok.status == 200 && ok.body == body)
            #expect(ok.headers["accept-ranges"] == "bytes")
            #expect(ok.headers["content-disposition"] == "attachment; filename=\"part.step\"")

            let tampered = url.replacingOccurrences(of: "signature=", with: "signature=00")
            let badSignature = try await sandbox.send(.get, tampered)
            #expect(badSignature.status == 403 && badSignature.text.contains("SignatureDoesNotMatch"))
            let otherObject = url.replacingOccurrences(of: "/objects/obj_", with: "/objects/obj_X")
            #expect(try await sandbox.send(.get, otherObject).status == 403)
            let unsigned = String(url.prefix { $0 != "?" })
            #expect(try await sandbox.send(.get, unsigned).status == 403)
            let longer = url.replacingOccurrences(of: "expires=", with: "expires=9")
            #expect(try await sandbox.send(.get, longer).status == 403)

            sandbox.advance(seconds: 61)
            let expired = try await sandbox.send(.get, url)
            #expect(expired.status == 403 && expired.text.contains("expired"))
        }
    }

    @Test func rangeRequestsAnswer206AndIgnoreRangeFaultAnswers200() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let body = Data((0..<1000).map { UInt8($0 % 251) })
            let url = stored(sandbox, body)
            let part = try await sandbox.send(.get, url, headers: [("Range", "bytes=100-199")])
            #expect(part.status == 206 && part.body == body.subdata(in: 100..<200))
            #expect(part.headers["content-range"] == "bytes 100-199/1000")
            let tail = try await sandbox.send(.get, url, headers: [("Range", "bytes=900-")])
            #expect(tail.status == 206 && tail.body == body.subdata(in: 900..<1000))
            let etag = try #require(part.headers["etag"])
            let matching = try await sandbox.send(.get, url, headers: [("Range", "bytes=0-9"), ("If-Range", etag)])
            #expect(matching.status == 206)
            let stale = try await sandbox.send(.get, url, headers: [("Range", "bytes=0-9"), ("If-Range", "\"other\"")])
            #expect(stale.status == 200 && stale.body == body)
            let beyond = try await sandbox.send(.get, url, headers: [("Range", "bytes=5000-")])
            #expect(beyond.status == 416 && beyond.headers["content-range"] == "bytes */1000")

            sandbox.server.faults.inject(.ignoreRange, on: "GET /objects/{object_id}")
            let ignored = try await sandbox.send(.get, url, headers: [("Range", "bytes=100-199")])
            #expect(ignored.status == 200 && ignored.body == body)
            #expect(try await sandbox.send(.get, url, headers: [("Range", "bytes=100-199")]).status == 206)
        }
    }

    @Test func resumingADownloadAfterATruncatedBodyYieldsTheWholeFile() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let body = CADFiles.glb()
            let url = stored(sandbox, body)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-resume-\(UUID().uuidString).glb").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            sandbox.server.faults.inject(.truncateBody(keepBytes: 100), on: "GET /objects/{object_id}")
            let target = try #require(URL(string: url))
            await #expect(throws: TransportError.self) {
                _ = try await sandbox.transport.send(HTTPRequest(url: target, destination: .file(path: path, append: false)))
            }
            let partial = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(partial.count == 100)
            let rest = try await sandbox.transport.send(
                HTTPRequest(url: target, headers: ["Range": "bytes=\(partial.count)-"], destination: .file(path: path, append: true)))
            #expect(rest.status == 206)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == body)
        }
    }

    @Test func credentialHeadersReachingStorageAreRecordedMasked() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let url = stored(sandbox, Data("x".utf8))
            _ = try await sandbox.send(.get, url)
            #expect(sandbox.server.inspector.storageCredentialSightings.isEmpty)
            _ = try await sandbox.send(
                .get, url, headers: [("Authorization", "Bearer gcad_live_sandbox_1"), ("x-api-key", "bbk_sandbox_key_1"), ("Cookie", "session=abcdefghijk")])
            let seen = sandbox.server.inspector.storageCredentialSightings
            #expect(Set(seen.map(\.header)) == ["authorization", "x-api-key", "cookie"])
            #expect(seen.allSatisfy { $0.method == "GET" && $0.path.hasPrefix("/objects/") })
            #expect(!seen.contains { $0.maskedValue.contains("sandbox") })
        }
    }

    @Test func signedUploadsStoreTheBody() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let storage = sandbox.server.environment.storage
            let upload = storage.uploadURL(for: "obj_upload", lifetime: 60)
            let bytes = CADFiles.stl()
            let put = try await sandbox.send(.put, upload, headers: [("Content-Type", "model/stl")], body: bytes)
            #expect(put.status == 200 && put.headers["etag"] != nil)
            #expect(storage.object("obj_upload")?.data == bytes)
            #expect(storage.object("obj_upload")?.contentType == "model/stl")
            // A download signature does not authorise an upload, nor the reverse.
            let downloadURL = storage.downloadURL(for: "obj_upload", lifetime: 60)
            let crossed = downloadURL.replacingOccurrences(of: "/objects/", with: "/uploads/")
            #expect(try await sandbox.send(.put, crossed, body: bytes).status == 403)
            #expect(try await sandbox.send(.get, downloadURL).body == bytes)
            sandbox.advance(seconds: 61)
            #expect(try await sandbox.send(.put, upload, body: bytes).status == 403)
        }
    }

    @Test func missingObjectsAre404() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let url = sandbox.server.environment.storage.downloadURL(for: "obj_missing", lifetime: 60)
            let reply = try await sandbox.send(.get, url)
            #expect(reply.status == 404 && reply.text.contains("NoSuchKey"))
            #expect(try await sandbox.send(.get, sandbox.server.storageBaseURL + "/elsewhere").status == 404)
        }
    }
}
