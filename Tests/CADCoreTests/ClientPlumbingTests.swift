import CADCore
import Synchronization
import Testing
import CADTestSupport

/// URL building, endpoint templates, the service table and the per-job request window.
@Suite("Client plumbing")
struct ClientPlumbingTests {
    @Test("percent-encoding keeps only RFC 3986 unreserved characters")
    func percentEncoding() {
        #expect(URLEncoding.percentEncoded("a-b._~Z9") == "a-b._~Z9")
        #expect(URLEncoding.pathSegment("a/b c") == "a%2Fb%20c")
        #expect(URLEncoding.percentEncoded("x+y&z=é") == "x%2By%26z%3D%C3%A9")
        #expect(URLEncoding.query([("q", "a b"), ("limit", "5")]) == "q=a%20b&limit=5")
        #expect(URLEncoding.join("https://h/v1/", "/jobs") == "https://h/v1/jobs")
        #expect(URLEncoding.join("https://h", "jobs") == "https://h/jobs")
    }

    @Test("an endpoint path keeps its template and fills the concrete path")
    func endpointPath() {
        let path = EndpointPath("/api/v1/tasks/{taskID}/result/{format}", "t/1", "glb")
        #expect(path.template == "/api/v1/tasks/{taskID}/result/{format}")
        #expect(path.path == "/api/v1/tasks/t%2F1/result/glb")
        let literal: EndpointPath = "/api/v1/models"
        #expect(literal.path == literal.template)
    }

    @Test("output paths join once and directories are created")
    func outputPaths() throws {
        #expect(OutputPaths.path("a.step", in: "out/") == "out/a.step")
        #expect(OutputPaths.path("a.step", in: "") == "./a.step")
        #expect(OutputPaths.path("a.step", in: "/") == "/a.step")
        let base = try TestScratch.directory("cadcore-output").path
        try OutputPaths.prepareDirectory(base + "/x/y")
        try OutputPaths.prepareDirectory(base + "/x/y")
        #expect(throws: CADError.self) { try OutputPaths.prepareDirectory("/dev/null") }
    }

    @Test("multipart names are quoted per RFC 7578; file parts stream from disk")
    func multipart() {
        #expect(MultipartFormWriter.quoted("a\"b\r\nc.png") == "a%22b%0D%0Ac.png")
        var form = MultipartFormWriter(boundaryPrefix: "b-")
        form.field("prompt", "hi", contentType: "text/plain; charset=utf-8")
        form.file("image", path: "/tmp/x.png", fileName: "x\".png", contentType: "image/png")
        #expect(form.contentType == "multipart/form-data; boundary=\(form.boundary)")
        let parts = form.body().parts
        #expect(parts.count == 3)
        guard case .bytes(let head) = parts[0], case .file(let path) = parts[1], case .bytes(let tail) = parts[2] else {
            Issue.record("expected bytes, a file, bytes")
            return
        }
        let text = String(decoding: head, as: UTF8.self)
        #expect(text.hasPrefix("--\(form.boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nhi\r\n"))
        #expect(text.hasSuffix("filename=\"x%22.png\"\r\nContent-Type: image/png\r\n\r\n"))
        #expect(path == "/tmp/x.png")
        #expect(String(decoding: tail, as: UTF8.self) == "\r\n--\(form.boundary)--\r\n")
    }

    @Test("the service table gives each provider's documented URL and variables")
    func serviceTable() throws {
        #expect(CADService.all.map(\.name) == ["bitbybit", "orville", "makistry"])
        #expect(CADService.makistry.apiKeyVariable == "MAKISTRY_API_KEY")
        #expect(try CADService.orville.defaultURL().absoluteString == "https://www.ballistalabs.ai")
        #expect(throws: ClientSetupError.invalidBaseURL(service: "orville", value: "not a url")) {
            _ = try CADService.orville.baseURL("not a url")
        }
        #expect(throws: ClientSetupError.emptyAPIKey(service: "bitbybit")) {
            _ = try CADService.bitbybit.settings(from: ["BITBYBIT_API_KEY": ""])
        }
    }

    @Test("a request window lets `limit` requests through per window, then waits for the oldest to leave")
    func requestWindow() async throws {
        let clock = ManualClock(autoAdvance: true)
        let window = RequestWindow(limit: 3, per: .seconds(10), clock: clock)
        let start = clock.elapsed
        for _ in 0..<3 { try await window.acquire() }
        #expect(clock.elapsed - start == .zero)
        #expect(window.delayUntilFree == .seconds(10))
        try await window.acquire()
        #expect(clock.elapsed - start == .seconds(10))
        #expect(window.delayUntilFree == .zero)
    }
}

/// The instrumentation hook: one span per attempt with the endpoint template, propagation headers on the
/// wire, the outcome ended once; a poll recorded per status read.
@Suite("Request instrumentation")
struct RequestInstrumentationTests {
    final class Recorder: RequestInstrumentation {
        struct Span: RequestAttemptSpan {
            let recorder: Recorder
            let attempt: RequestAttempt
            func end(_ outcome: RequestAttemptOutcome) { recorder.ended.append((attempt, outcome)) }
        }

        let started = Collector<RequestAttempt>()
        let ended = Collector<(RequestAttempt, RequestAttemptOutcome)>()
        let polls = Collector<String>()

        func startAttempt(_ attempt: RequestAttempt, headers: inout HTTPHeaders) -> any RequestAttemptSpan {
            started.append(attempt)
            headers["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0\(attempt.retry)"
            return Span(recorder: self, attempt: attempt)
        }

        func recordPoll(provider: String, jobID: String, status: String) { polls.append("\(jobID):\(status)") }
    }

    @Test("each attempt is a span named by the template; traceparent goes on the request")
    func spansPerAttempt() async throws {
        let count = Mutex(0)
        let server = try await TestHTTPServer.start { _ in
            let attempt = count.withLock { value in
                value += 1
                return value
            }
            return attempt == 1
                ? .respond(status: 503, headers: [("Retry-After", "0")])
                : .respond(status: 200, body: Array(#"{"ok":true}"#.utf8))
        }
        defer { Task { await server.stop() } }
        let recorder = Recorder()
        var core = APIClientCore(provider: "orville", baseURL: server.baseURL, credential: .bearer(secretKey),
                                 transport: CurlTransport.shared, retryPolicy: RetryPolicy(jitter: .constant(0)),
                                 clock: ManualClock(autoAdvance: true))
        core.instrumentation = recorder
        let path = EndpointPath("/api/v1/cad/jobs/{jobID}", "cadjob_1")
        _ = try await core.send(try core.request(.get, path.path), endpoint: "GET " + path.template)
        #expect(recorder.started.values.map(\.endpoint) == ["GET /api/v1/cad/jobs/{jobID}", "GET /api/v1/cad/jobs/{jobID}"])
        #expect(recorder.started.values.map(\.path).allSatisfy { $0.hasSuffix("/api/v1/cad/jobs/cadjob_1") })
        #expect(recorder.started.values.map(\.retry) == [0, 1])
        #expect(server.requests.map { $0.header("traceparent")?.suffix(2) } == ["00", "01"])
        let outcomes = recorder.ended.values.map(\.1)
        #expect(outcomes.map(\.status) == [503, 200])
        #expect(outcomes.map(\.willRetry) == [true, false])
    }

    @Test("the poller records every status read")
    func pollsRecorded() async throws {
        let recorder = Recorder()
        let clock = ManualClock(autoAdvance: true)
        let script = JobScript(clock: clock, steps: steps("queued", "running", "completed"))
        let poller = Poller(provider: "orville", timeout: .seconds(600), schedule: .fixed(.seconds(2)), clock: clock,
                            instrumentation: recorder)
        _ = try await poller.wait(jobID: "cadjob_1") { try script.poll() }
        #expect(recorder.polls.values == ["cadjob_1:queued", "cadjob_1:running", "cadjob_1:completed"])
    }
}
