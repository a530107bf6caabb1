import CADSandbox
import Foundation
import Makistry
import Synchronization
import Testing

@Suite("Makistry endpoints against the sandbox")
struct MakistryEndpointTests {
    @Test("text-to-CAD: 202 queued, a UUID v4 idempotency key, fields sent as documented and echoed back")
    func textToCAD() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(
                prompt: "A 40x20x10mm box", designMode: .pro, outputFormat: .glb,
                callbackURL: "https://example.com/hook", metadata: .object(["order": .string("A-17"), "n": .number(3)])))
            #expect(submission.jobID.hasPrefix("pub_"))
            #expect(submission.status == .queued)
            let key = try #require(submission.idempotencyKey)
            #expect(try MakistryValidator.idempotencyKey(key).value == key)
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 1)

            let job = try await client.jobs.get(submission.jobID)
            #expect(job.jobID == submission.jobID)
            #expect(job.status == .queued)
            #expect(job.downloadURL == nil)
            #expect(job.metadata == .object(["order": .string("A-17"), "n": .number(3)]))
        }
    }

    @Test("image-to-CAD: multipart with image files streamed from disk, prompt, mode and metadata_json")
    func imageToCAD() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png = try ImageFixtures.write(ImageFixtures.png, named: "front.png", in: directory)
        let jpeg = try ImageFixtures.write(ImageFixtures.jpeg, named: "side.jpg", in: directory)
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let sent = Mutex<[TransferProgress]>([])
            let submission = try await client.jobs.create(ImageToCADRequest(
                images: [png, jpeg], prompt: "a bracket", designMode: .assembly, outputFormat: .stl,
                metadata: .object(["batch": .string("b1")])), progress: { progress in sent.withLock { $0.append(progress) } })
            #expect(submission.jobID.hasPrefix("pub_"))
            // The progress observer saw the whole multipart body go out (both images and the framing).
            let last = try #require(sent.withLock { $0.last })
            let imageBytes = Int64(ImageFixtures.png.count + ImageFixtures.jpeg.count)
            #expect(last.totalBytesToSend.map { $0 > imageBytes } == true && last.bytesSent == last.totalBytesToSend)
            #expect(harness.count("POST", "/makistry/v1/image-to-cad") == 1)
            harness.clock.advance(by: .seconds(600))
            let job = try await client.jobs.get(submission.jobID)
            #expect(job.status == .success)
            #expect(job.metadata == .object(["batch": .string("b1")]))
            #expect((job.tokensUsed ?? 0) > 3_000, "two images count in tokens_used")
        }
    }

    @Test("jobs.get on a finished job: download_url signed anew on every read, tokens_used, latency_ms")
    func getFinished() async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a cube 10x10x10mm", outputFormat: .stl))
            harness.clock.advance(by: .seconds(66))
            let first = try await client.jobs.get(submission.jobID)
            harness.clock.advance(by: .seconds(1))
            let second = try await client.jobs.get(submission.jobID)
            #expect(first.status == .success)
            #expect(first.latencyMilliseconds == 65_000)
            #expect(first.tokensUsed != nil)
            let url = try #require(first.downloadURL)
            #expect(url.absoluteString.hasPrefix(harness.server.storageBaseURL))
            #expect(second.downloadURL != nil && second.downloadURL != first.downloadURL, "each read signs a new URL")
        }
    }

    @Test("download writes a valid STL of the requested size, atomically, without sending the key to storage")
    func downloadSTL() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "A 40x20x10mm box", outputFormat: .stl))
            let job = try await client.jobs.wait(submission.jobID, timeout: DesignMode.standard.defaultWaitTimeout)
            let result = try await client.jobs.download(job.jobID, into: directory, format: .stl)
            #expect(result.path == directory + "/" + job.jobID + ".stl")
            let stl = try STLCheck.parse(try Data(contentsOf: URL(fileURLWithPath: result.path)))
            #expect(stl.triangles >= 12)
            let size = stl.size.sorted()
            #expect(abs(size[0] - 10) < 0.001 && abs(size[1] - 20) < 0.001 && abs(size[2] - 40) < 0.001)
            #expect(harness.server.inspector.storageCredentialSightings.isEmpty)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(leftovers == [job.jobID + ".stl"], "no temporary file is left behind")

            // An existing file is kept unless overwrite is asked for.
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: result.path))
            await #expect(throws: OutputFileExistsError.self) {
                _ = try await client.jobs.download(job.jobID, into: directory, format: .stl)
            }
            #expect(try String(contentsOfFile: result.path, encoding: .utf8) == "keep me")
            let replaced = try await client.jobs.download(job.jobID, into: directory, format: .stl, overwrite: true)
            #expect(try STLCheck.parse(try Data(contentsOf: URL(fileURLWithPath: replaced.path))).triangles == stl.triangles)
        }
    }

    @Test("download without a known format names the file from the storage response (GLB → .glb)")
    func downloadProbesFormat() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a plate", outputFormat: .glb))
            _ = try await client.jobs.wait(submission.jobID)
            let result = try await client.jobs.download(submission.jobID, into: directory)
            #expect(result.path.hasSuffix(".glb"))
            let data = try Data(contentsOf: URL(fileURLWithPath: result.path))
            #expect(data.prefix(4) == Data("glTF".utf8))
        }
    }

    @Test("download reads the job again and retries once when storage refuses a stale signed URL")
    func downloadRefreshesURL() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box", outputFormat: .step))
            _ = try await client.jobs.wait(submission.jobID)
            let readsBefore = harness.jobReads
            harness.server.faults.inject(.status(403, code: "expired", message: "signature expired"), on: "GET /objects/{object_id}")
            let result = try await client.jobs.download(submission.jobID, into: directory, format: .step)
            #expect(harness.jobReads == readsBefore + 2, "one read, then a fresh one")
            let text = try String(contentsOfFile: result.path, encoding: .utf8)
            #expect(text.hasPrefix("ISO-10303-21;"))
        }
    }

    @Test("downloading an unfinished job says to wait; a failed one reports its error")
    func downloadUnfinished() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let queued = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            await #expect { _ = try await client.jobs.download(queued.jobID, into: directory) } throws: { error in
                "\(error)".contains("still queued") && "\(error)".contains("jobs wait")
            }
            let failing = try await client.jobs.create(TextToCADRequest(prompt: "a box [fail]"))
            harness.clock.advance(by: .seconds(70))
            await #expect(throws: JobFailedError.self) { _ = try await client.jobs.download(failing.jobID, into: directory) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }
}
