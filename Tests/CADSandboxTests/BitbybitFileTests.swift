import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Bitbybit sandbox: files")
struct BitbybitFileTests {
    @Test("upload → PUT to the storage port → confirm; details carry a download URL serving the same bytes")
    func roundTrip() async throws {
        try await BitbybitHarness.with { h in
            let content = Data("ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n".utf8)
            let digest = try sha256Hex(content)
            let upload = try await h.call(
                .post, "/api/v1/files/upload",
                json: #"{"filename":"bracket.step","contentType":"application/step","bytes":\#(content.count),"sha256":"\#(digest)"}"#)
            #expect(upload.status == 201)
            let id = try #require(upload.data?["fileId"]?.string)
            let uploadURL = try #require(upload.data?["uploadUrl"]?.string)
            #expect(uploadURL.hasPrefix(h.server.storageBaseURL + "/"))
            #expect(upload.data?["expiresIn"]?.int == 3_600)
            #expect(upload.data?["status"]?.string == "pending")

            var detail = try await h.call(.get, "/api/v1/files/{fileId}", parameters: ["fileId": id])
            #expect(detail.data?["status"]?.string == "pending")
            #expect(detail.data?["bytes"] == .null)
            #expect(detail.data?["downloadUrl"] == nil)

            let early = try await h.call(.post, "/api/v1/files/{fileId}/confirm", parameters: ["fileId": id])
            #expect(early.status == 404)
            #expect(try await h.put(content, to: uploadURL).status == 200)
            let confirm = try await h.call(.post, "/api/v1/files/{fileId}/confirm", parameters: ["fileId": id])
            #expect(confirm.status == 200)
            #expect(confirm.data?["bytes"]?.int == content.count)
            #expect(confirm.data?["status"]?.string == "confirmed")

            detail = try await h.call(.get, "/api/v1/files/{fileId}", parameters: ["fileId": id])
            #expect(detail.data?["sha256"]?.string == digest)
            #expect(detail.data?["filename"]?.string == "bracket.step")
            #expect(detail.data?["confirmedAt"]?.string != nil)
            let download = try await h.download(try #require(detail.data?["downloadUrl"]?.string))
            #expect(download.body == content)
            #expect(download.headers["content-disposition"]?.contains("bracket.step") == true)
            // Credentials never travel to the storage port.
            #expect(h.server.inspector.storageCredentialSightings.isEmpty)

            // The same digest again is deduplicated to the confirmed file.
            let again = try await h.call(
                .post, "/api/v1/files/upload",
                json: #"{"filename":"copy.step","contentType":"application/step","bytes":\#(content.count),"sha256":"\#(digest)"}"#)
            #expect(again.data?["fileId"]?.string == id)

            let list = try await h.call(.get, "/api/v1/files", query: "status=confirmed")
            #expect(list.data?["files"]?.array?.compactMap { $0["fileId"]?.string } == [id])
            #expect(try await h.call(.get, "/api/v1/files", query: "status=pending").data?["total"]?.int == 0)
            #expect(try await h.call(.get, "/api/v1/files", query: "status=gone").status == 400)

            // Files belong to their workspace.
            let other = BitbybitHarness.otherWorkspaceKey.key
            #expect(try await h.call(.get, "/api/v1/files/{fileId}", parameters: ["fileId": id], key: other).status == 404)
            #expect(try await h.call(.delete, "/api/v1/files/{fileId}", parameters: ["fileId": id], key: other).status == 404)

            #expect(try await h.call(.delete, "/api/v1/files/{fileId}", parameters: ["fileId": id]).status == 200)
            #expect(try await h.call(.get, "/api/v1/files/{fileId}", parameters: ["fileId": id]).status == 404)
            #expect(try await h.download(try #require(detail.data?["downloadUrl"]?.string)).status == 404)
        }
    }

    @Test("confirmation checks the announced size and SHA-256 against the bytes PUT")
    func integrityChecks() async throws {
        try await BitbybitHarness.with { h in
            let content = Data(repeating: 0x41, count: 100)
            let short = try await h.call(.post, "/api/v1/files/upload",
                                         json: #"{"filename":"a.bin","contentType":"application/octet-stream","bytes":101}"#)
            let shortID = try #require(short.data?["fileId"]?.string)
            _ = try await h.put(content, to: try #require(short.data?["uploadUrl"]?.string))
            let sizeRefusal = try await h.call(.post, "/api/v1/files/{fileId}/confirm", parameters: ["fileId": shortID])
            #expect(sizeRefusal.status == 400)
            #expect(sizeRefusal.errorCode == "UPLOAD_SIZE_MISMATCH")

            let wrongDigest = String(repeating: "0", count: 64)
            let hashed = try await h.call(
                .post, "/api/v1/files/upload",
                json: #"{"filename":"a.bin","contentType":"application/octet-stream","bytes":100,"sha256":"\#(wrongDigest)"}"#)
            let hashedID = try #require(hashed.data?["fileId"]?.string)
            _ = try await h.put(content, to: try #require(hashed.data?["uploadUrl"]?.string))
            let digestRefusal = try await h.call(.post, "/api/v1/files/{fileId}/confirm", parameters: ["fileId": hashedID])
            #expect(digestRefusal.status == 400)
            #expect(digestRefusal.errorCode == "CHECKSUM_MISMATCH")
            #expect(digestRefusal.json["error"]?["details"]?["storedSha256"]?.string == (try sha256Hex(content)))

            let notHex = try await h.call(.post, "/api/v1/files/upload",
                                          json: #"{"filename":"a.bin","contentType":"x/y","bytes":1,"sha256":"xyz"}"#)
            #expect(notHex.status == 400)
            let tooLarge = try await h.call(.post, "/api/v1/files/upload",
                                            json: #"{"filename":"a.bin","contentType":"x/y","bytes":1073741824}"#)
            #expect(tooLarge.status == 400)
            #expect(tooLarge.errorCode == "FILE_TOO_LARGE")
            let overSchema = try await h.call(.post, "/api/v1/files/upload",
                                              json: #"{"filename":"a.bin","contentType":"x/y","bytes":1073741825}"#)
            #expect(overSchema.errorCode == "VALIDATION_ERROR")
        }
    }

    @Test("an upload not confirmed within its URL's lifetime expires")
    func uploadExpiry() async throws {
        try await BitbybitHarness.with { h in
            let upload = try await h.call(.post, "/api/v1/files/upload",
                                          json: #"{"filename":"late.step","contentType":"application/step","bytes":4}"#)
            let id = try #require(upload.data?["fileId"]?.string)
            h.advance(by: .seconds(3_601))
            #expect(try await h.put(Data("abcd".utf8), to: try #require(upload.data?["uploadUrl"]?.string)).status == 403)
            #expect(try await h.call(.get, "/api/v1/files/{fileId}", parameters: ["fileId": id]).data?["status"]?.string == "expired")
            #expect(try await h.call(.post, "/api/v1/files/{fileId}/confirm", parameters: ["fileId": id]).status == 404)
            let convert = try await h.call(.post, "/api/v1/convert/step-to-gltf", json: #"{"stepFileId":"\#(id)"}"#)
            #expect(convert.errorCode == "FILE_EXPIRED")
        }
    }

    @Test("conversions and unfolds need a confirmed STEP file of the caller; other files fail the task")
    func inputFiles() async throws {
        try await BitbybitHarness.with { h in
            let unknown = try await h.call(.post, "/api/v1/convert/step-to-gltf",
                                           json: #"{"stepFileId":"00000000-0000-4000-8000-000000000000"}"#)
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "FILE_NOT_FOUND")
            let pending = try await h.call(.post, "/api/v1/files/upload",
                                           json: #"{"filename":"p.step","contentType":"application/step","bytes":4}"#)
            let pendingID = try #require(pending.data?["fileId"]?.string)
            let notConfirmed = try await h.call(.post, "/api/v1/cad/pro/unfold/solid", json: #"{"stepFileId":"\#(pendingID)"}"#)
            #expect(notConfirmed.errorCode == "FILE_NOT_CONFIRMED")
            let pipeline = try await h.call(
                .post, "/api/v1/cad/pipeline",
                json: #"{"steps":[{"operation":"occt.io.loadSTEPorIGES","params":{"filetext":"$file:0"}}],"inputFiles":[{"fileId":"\#(pendingID)","role":"m"}]}"#)
            #expect(pipeline.errorCode == "FILE_NOT_CONFIRMED")

            let text = try await h.uploadFile(Data("hello, not a STEP file".utf8), filename: "notes.txt", contentType: "text/plain")
            let convert = try await h.submit("/api/v1/convert/step-to-gltf", json: #"{"stepFileId":"\#(text)"}"#)
            let step = try await h.uploadFile(try await h.sampleSTEP())
            let faceTooFar = try await h.submit("/api/v1/cad/pro/unfold/face-to-flat", json: #"{"stepFileId":"\#(step)","faceIndex":6}"#)
            let reportTooFar = try await h.submit("/api/v1/cad/pro/unfold/face-report", json: #"{"stepFileId":"\#(step)","faceIndex":6}"#)
            let otherKey = BitbybitHarness.otherWorkspaceKey.key
            let foreign = try await h.call(.post, "/api/v1/convert/step-to-gltf", json: #"{"stepFileId":"\#(step)"}"#, key: otherKey)
            #expect(foreign.errorCode == "FILE_NOT_FOUND")
            h.finishTasks()

            let failed = try await h.task(convert)
            #expect(failed["status"]?.string == "failed")
            #expect(failed["kind"]?.string == "convert-simple")
            #expect(failed["error"]?.string?.contains("not a STEP file") == true)
            #expect(try await h.task(faceTooFar)["error"]?.string?.contains("out of range") == true)
            let report = try await h.task(reportTooFar)
            #expect(report["status"]?.string == "completed")
            #expect(report["metadata"]?["report"]?["ok"]?.bool == false)
        }
    }
}
