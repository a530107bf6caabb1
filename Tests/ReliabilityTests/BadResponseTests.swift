import CADRecording
import CADSandbox
import Foundation
import Makistry
import Orville
import Testing

/// Responses no client should trust, served over loopback by a cassette (`CassetteServer`) so each arrives
/// byte for byte through the real transport: every one gives a clear error naming provider, endpoint,
/// status and request id, or (unknown enum values) decodes with the value kept. Nothing crashes and no
/// body is held beyond the memory cap.
@Suite("Bad responses")
struct BadResponseTests {
    static let orvilleJobPath = "/api/v1/cad/jobs/cadjob_bad"
    static let makistryJobPath = "/v1/jobs/pub_bad"

    /// A cassette answering GET `path` with `body` (status 200, `contentType`), served for `body`'s length.
    static func serving<T>(
        _ path: String, body: String, contentType: String = "application/json",
        _ run: (String) async throws -> T
    ) async throws -> T {
        var cassette = Cassette(metadata: CassetteMetadata(
            provider: "test", apiVersion: nil, source: .publishedExamples, recordedAt: "", how: "BadResponseTests"))
        cassette.entries = [HAR.Entry(
            startedDateTime: "2026-11-24T00:00:00Z", time: 1,
            request: HAR.Request(method: "GET", url: "https://api.example" + path, headers: [], queryString: [], postData: nil, bodySize: 0),
            response: HAR.Response(
                status: 200,
                headers: [HAR.Header(name: "Content-Type", value: contentType), HAR.Header(name: "X-Request-Id", value: "req_bad_1")],
                content: HAR.Content(size: body.utf8.count, mimeType: contentType, text: body, encoding: nil, sha256: nil, omitted: nil),
                redirectURL: ""))]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).har").path
        try cassette.save(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try await CassetteServer.start(cassettePath: path, logMismatches: false)
        do {
            let result = try await run(server.baseURL)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    static func orvilleGet(_ body: String, contentType: String = "application/json") async throws -> Result<OrvilleJob, any Error> {
        try await serving(orvilleJobPath, body: body, contentType: contentType) { base in
            let client = try OrvilleClient(
                apiKey: "gcad_live_sandbox_1", baseURL: try #require(URL(string: base)) as URL,
                configuration: ClientConfiguration(transport: CurlTransport(), retryPolicy: .never))
            do { return .success(try await client.jobs.get("cadjob_bad")) } catch { return .failure(error) }
        }
    }

    static func makistryGet(_ body: String, contentType: String = "application/json") async throws -> Result<MakistryJob, any Error> {
        try await serving(makistryJobPath, body: body, contentType: contentType) { base in
            let client = try MakistryClient(
                apiKey: "mk_pub_sandbox_1", baseURL: try #require(URL(string: base + "/v1")) as URL,
                configuration: ClientConfiguration(transport: CurlTransport(), retryPolicy: .never))
            do { return .success(try await client.jobs.get("pub_bad")) } catch { return .failure(error) }
        }
    }

    /// The error must be a decoding `APIError` naming provider, endpoint, status 200 and the request id.
    static func expectDecodingError<T>(_ result: Result<T, any Error>, provider: String, containing: String? = nil,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failure(let error) = result else {
            Issue.record("expected an error, got a value", sourceLocation: sourceLocation)
            return
        }
        guard let apiError = error as? APIError else {
            Issue.record("expected an APIError, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(apiError.classification == .decoding, sourceLocation: sourceLocation)
        let message = CADError(apiError).message
        #expect(apiError.provider == provider && apiError.status == 200, sourceLocation: sourceLocation)
        #expect(apiError.requestID == "req_bad_1", "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains("/jobs/"), "the message names the endpoint: \(message)", sourceLocation: sourceLocation)
        if let containing { #expect(message.lowercased().contains(containing), "\(message)", sourceLocation: sourceLocation) }
        #expect(CADError(apiError).category == .other, sourceLocation: sourceLocation)
    }

    static let cases: [(name: String, body: String, contentType: String, hint: String?)] = [
        ("invalid JSON", #"{"id": "cadjob_bad", "status": <html>Bad Gateway"#, "application/json", nil),
        ("an HTML error page with 200", "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>upstream</body></html>", "text/html", "html"),
        ("wrong types", #"{"id": 42, "job_id": 42, "status": ["queued"], "created_at": false}"#, "application/json", nil),
        ("missing fields", #"{"request_id": "req_bad_1"}"#, "application/json", nil),
        ("an empty body", "", "application/json", nil),
    ]

    @Test("Orville: invalid JSON, HTML, wrong types, missing fields, empty body", arguments: 0..<5)
    func orvilleBadBodies(index: Int) async throws {
        let bad = Self.cases[index]
        Self.expectDecodingError(try await Self.orvilleGet(bad.body, contentType: bad.contentType), provider: "orville", containing: bad.hint)
    }

    @Test("Makistry: invalid JSON, HTML, wrong types, missing fields, empty body", arguments: 0..<5)
    func makistryBadBodies(index: Int) async throws {
        let bad = Self.cases[index]
        Self.expectDecodingError(try await Self.makistryGet(bad.body, contentType: bad.contentType), provider: "makistry", containing: bad.hint)
    }

    @Test("an unknown status value is kept, not rejected")
    func unknownEnumValues() async throws {
        let orville = try await Self.orvilleGet(
            #"{"id":"cadjob_bad","status":"teleporting","poll_after_seconds":5,"artifacts":[],"request_id":"req_bad_1"}"#)
        #expect((try? orville.get())?.status.rawValue == "teleporting")
        let makistry = try await Self.makistryGet(#"{"job_id":"pub_bad","status":"teleporting"}"#)
        #expect((try? makistry.get())?.status.rawValue == "teleporting")
    }

    @Test("a 50 MB JSON body is refused at the memory cap with a clear error, not buffered whole")
    func hugeBody() async throws {
        let filler = String(repeating: "x", count: 50 << 20)
        let body = #"{"id":"cadjob_bad","status":"queued","note":""# + filler + #""}"#
        let result = try await Self.orvilleGet(body)
        guard case .failure(let error) = result else {
            Issue.record("a 50 MB body was accepted")
            return
        }
        let message = CADError(error).message
        #expect(message.contains("larger") || message.contains("limit"), "\(message)")
        print("50 MB body: \(message)")
        #expect(message.count < 2_000)
    }
}
