@testable import CADRecording
import CADSandbox
import CADTransport
import Foundation
import Testing
import CADTestSupport

/// Records real exchanges with the sandbox through `CurlTransport`, then replays them.
@Suite("Recording and replaying through the real transport")
struct RecordReplayTests {
    static let key = SandboxKey.orvilleDefault.key

    /// Creates an Orville job, lets it finish, reads it, and downloads its artifact through the 302.
    static func orvilleSession(
        transport: any HTTPTransport, baseURL: String, clock: ManualClock?, downloadTo path: String
    ) async throws -> (create: HTTPResponse, job: HTTPResponse, download: HTTPResponse) {
        let auth: HTTPHeaders = ["Authorization": "Bearer \(key)"]
        var createHeaders = auth
        createHeaders["Content-Type"] = "application/json"
        createHeaders["Idempotency-Key"] = "0b7f5a52-8f0e-4a39-9b4e-6f3f0f1c2d3e"
        let create = try await transport.send(HTTPRequest(
            method: .post, url: try #require(URL(string: baseURL + "/api/v1/cad/jobs")), headers: createHeaders,
            body: .bytes(Data(#"{"prompt":"A 40x20x10 mm box"}"#.utf8))))
        let created = try #require(try JSONSerialization.jsonObject(with: create.body) as? [String: Any])
        let id = try #require(created["id"] as? String)
        clock?.advance(by: .seconds(300))
        let job = try await transport.send(HTTPRequest(
            url: try #require(URL(string: baseURL + "/api/v1/cad/jobs/\(id)")), headers: auth))
        let artifacts = try #require(try JSONSerialization.jsonObject(with: job.body) as? [String: Any])["artifacts"] as? [[String: Any]]
        let artifactID = try #require(artifacts?.first?["id"] as? String)
        let download = try await transport.send(HTTPRequest(
            url: try #require(URL(string: baseURL + "/api/v1/artifacts/\(artifactID)/download")), headers: auth,
            destination: .file(path: path, append: false), followRedirects: true))
        return (create, job, download)
    }

    @Test("a recorded session replays byte for byte, keeps no key, and follows the redirect hop by hop")
    func recordThenReplay() async throws {
        let directory = try temporaryDirectory()
        let cassettePath = directory.appendingPathComponent("orville/session.har").path
        let clock = ManualClock()
        let server = try await SandboxServer.start(SandboxConfiguration(speed: 1, clock: clock))
        let recorder = RecordingTransport(
            upstream: CurlTransport(), path: cassettePath,
            metadata: CassetteMetadata(provider: "orville", apiVersion: "v1", source: .sandbox, recordedAt: "2026-11-24T00:00:00Z", how: "test"),
            scrubber: CassetteScrubber(secrets: [Self.key]))
        let recordedFile = directory.appendingPathComponent("recorded.step").path
        let live: (create: HTTPResponse, job: HTTPResponse, download: HTTPResponse)
        do {
            live = try await Self.orvilleSession(transport: recorder, baseURL: server.orvilleBaseURL, clock: clock, downloadTo: recordedFile)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
        #expect(live.download.status == 200 && live.download.redirectCount == 1)

        // The file on disk: HAR 1.2, four hops (create, get, 302, storage GET), no key anywhere.
        let text = try String(contentsOfFile: cassettePath, encoding: .utf8)
        #expect(!text.contains(Self.key))
        #expect(text.contains("Bearer ***"))
        let cassette = try Cassette.load(from: cassettePath)
        #expect(cassette.document.log.version == "1.2")
        #expect(cassette.entries.map(\.response.status) == [202, 200, 302, 200])
        let storageHop = cassette.entries[3]
        #expect(storageHop.request.url.contains("signature=***"))
        #expect(!storageHop.request.headers.contains { $0.name.lowercased() == "authorization" })
        #expect(cassette.entries[2].response.redirectURL.contains("signature=***"))
        #expect(cassette.entries[3].response.content.encoding == nil)  // STEP is text

        // Replay: same statuses and bodies, the file written, the redirect followed, nothing unused.
        let replay = try ReplayTransport(path: cassettePath)
        let replayedFile = directory.appendingPathComponent("replayed.step").path
        let replayed = try await Self.orvilleSession(
            transport: replay, baseURL: server.orvilleBaseURL, clock: nil, downloadTo: replayedFile)
        #expect(replayed.create.status == 202 && replayed.create.body == live.create.body)
        #expect(replayed.job.body == live.job.body)
        #expect(replayed.download.redirectCount == 1)
        #expect(FileManager.default.contents(atPath: replayedFile) == FileManager.default.contents(atPath: recordedFile))
        #expect(replay.unusedCount == 0)
    }

    @Test("a request the cassette does not hold fails loudly, naming it and the nearest recorded one")
    func mismatchNamesNearest() async throws {
        var cassette = Cassette(metadata: nil)
        cassette.entries = [
            Self.entry("GET", "https://api.example/api/v1/cad/jobs/cadjob_1", status: 200, body: "{}"),
            Self.entry("POST", "https://api.example/api/v1/cad/jobs", status: 202, body: "{}", requestBody: #"{"prompt":"a box"}"#),
        ]
        let replay = ReplayTransport(cassette: cassette, source: "orville/jobs.har")
        let wrongBody = HTTPRequest(
            method: .post, url: try #require(URL(string: "https://api.example/api/v1/cad/jobs")),
            headers: ["Content-Type": "application/json"], body: .bytes(Data(#"{"prompt":"a cylinder"}"#.utf8)))
        let error = try await #require(throws: ReplayMismatchError.self) { try await replay.send(wrongBody) }
        #expect(error.request.hasPrefix("POST /api/v1/cad/jobs"))
        #expect(error.nearest?.hasPrefix("#2 POST /api/v1/cad/jobs") == true)
        #expect(error.description.contains(#"recorded as {"prompt":"a box"}"#))

        // Same JSON, other key order and spacing: matches.
        let sameJSON = HTTPRequest(
            method: .post, url: try #require(URL(string: "http://127.0.0.1:9/api/v1/cad/jobs")),
            headers: ["Content-Type": "application/json"], body: .bytes(Data(#"{ "prompt" : "a box" }"#.utf8)))
        #expect(try await replay.send(sameJSON).status == 202)

        // Served once; a second identical request is refused without allowRepeats.
        let again = try await #require(throws: ReplayMismatchError.self) { try await replay.send(sameJSON) }
        #expect(again.description.contains("already been served"))
        let repeating = ReplayTransport(cassette: cassette, allowRepeats: true)
        for _ in 0..<3 { #expect(try await repeating.send(sameJSON).status == 202) }

        let wrongPath = HTTPRequest(url: try #require(URL(string: "https://api.example/api/v1/cad/jobs/cadjob_2")))
        let pathError = try await #require(throws: ReplayMismatchError.self) { try await replay.send(wrongPath) }
        #expect(pathError.nearest?.contains("/api/v1/cad/jobs/cadjob_1") == true)
        #expect(pathError.differences == ["path /api/v1/cad/jobs/cadjob_1"])
    }

    @Test("polls replay in recorded order")
    func orderedPolls() async throws {
        var cassette = Cassette(metadata: nil)
        cassette.entries = ["queued", "running", "completed"].map {
            Self.entry("GET", "https://api.example/api/v1/cad/jobs/cadjob_1", status: 200, body: #"{"status":"\#($0)"}"#)
        }
        let replay = ReplayTransport(cassette: cassette)
        let poll = HTTPRequest(url: try #require(URL(string: "https://api.example/api/v1/cad/jobs/cadjob_1")))
        var seen: [String] = []
        for _ in 0..<3 { seen.append(String(decoding: try await replay.send(poll).body, as: UTF8.self)) }
        #expect(seen == [#"{"status":"queued"}"#, #"{"status":"running"}"#, #"{"status":"completed"}"#])
    }

    @Test("record modes: once records a missing cassette, none refuses one")
    func recordModes() async throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("missing.har").path
        let metadata = CassetteMetadata(provider: "orville", apiVersion: nil, source: .sandbox, recordedAt: "", how: "test")
        #expect(try CassetteTransport.make(path: path, mode: .once, upstream: CurlTransport(), metadata: metadata) is RecordingTransport)
        let error = try #require(throws: CassetteError.self) {
            try CassetteTransport.make(path: path, mode: .none, upstream: CurlTransport(), metadata: metadata)
        }
        #expect(error.description.contains("replay only"))
        try Cassette(metadata: metadata).save(to: path)
        #expect(try CassetteTransport.make(path: path, mode: .once, upstream: CurlTransport(), metadata: metadata) is ReplayTransport)
        #expect(try CassetteTransport.make(path: path, mode: .all, upstream: CurlTransport(), metadata: metadata) is RecordingTransport)
    }

    static func entry(_ method: String, _ url: String, status: Int, body: String, requestBody: String? = nil) -> HAR.Entry {
        HAR.Entry(
            startedDateTime: "2026-11-24T00:00:00Z", time: 1,
            request: HAR.Request(
                method: method, url: url, headers: [], queryString: [],
                postData: requestBody.map {
                    HAR.PostData(mimeType: "application/json", text: $0,
                                 sha256: BodyFingerprint.of(Data($0.utf8), contentType: nil).sha256, omitted: nil)
                },
                bodySize: requestBody?.utf8.count ?? 0),
            response: HAR.Response(
                status: status, headers: [HAR.Header(name: "Content-Type", value: "application/json")],
                content: HAR.Content(size: body.utf8.count, mimeType: "application/json", text: body, encoding: nil, sha256: nil, omitted: nil),
                redirectURL: ""))
    }
}

func temporaryDirectory() throws -> URL {
    try TestScratch.directory("cadctl-recording")
}

@Suite("Serving a cassette over HTTP (cad-sandbox --replay)")
struct CassetteServerTests {
    @Test("a recorded session replays over loopback, signed URLs rewritten to the replay server")
    func serveRecordedSession() async throws {
        let directory = try temporaryDirectory()
        let cassettePath = directory.appendingPathComponent("session.har").path
        let clock = ManualClock()
        let sandbox = try await SandboxServer.start(SandboxConfiguration(speed: 1, clock: clock))
        let recorder = RecordingTransport(
            upstream: CurlTransport(), path: cassettePath,
            metadata: CassetteMetadata(provider: "orville", apiVersion: "v1", source: .sandbox, recordedAt: "", how: "test"),
            scrubber: CassetteScrubber(secrets: [RecordReplayTests.key]))
        let recordedFile = directory.appendingPathComponent("recorded.step").path
        do {
            _ = try await RecordReplayTests.orvilleSession(
                transport: recorder, baseURL: sandbox.orvilleBaseURL, clock: clock, downloadTo: recordedFile)
            try await sandbox.shutdown()
        } catch {
            try? await sandbox.shutdown()
            throw error
        }

        let server = try await CassetteServer.start(cassettePath: cassettePath, logMismatches: false)
        do {
            let base = try #require(server.baseURL(for: .orville))
            #expect(base == server.baseURL + "/orville")
            let replayedFile = directory.appendingPathComponent("replayed.step").path
            let replayed = try await RecordReplayTests.orvilleSession(
                transport: CurlTransport(), baseURL: base, clock: nil, downloadTo: replayedFile)
            #expect(replayed.download.status == 200)
            #expect(replayed.download.url.absoluteString.hasPrefix(server.baseURL + "/objects/"))
            #expect(FileManager.default.contents(atPath: replayedFile) == FileManager.default.contents(atPath: recordedFile))

            let unknown = try await CurlTransport().send(HTTPRequest(url: try #require(URL(string: base + "/api/v1/billing/nothing"))))
            #expect(unknown.status == CassetteServer.mismatchStatus)
            #expect(String(decoding: unknown.body, as: UTF8.self).contains("nearest"))
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
