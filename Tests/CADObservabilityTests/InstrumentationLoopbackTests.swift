import CADObservability
import Foundation
import MetricsTestKit
import Synchronization
import Testing

/// Records the header names each attempt's instrumentation was shown, and adds one header.
private final class HeaderNameRecorder: RequestInstrumentation {
    struct Ended: RequestAttemptSpan { func end(_ outcome: RequestAttemptOutcome) {} }
    let shown = Mutex<[[String]]>([])

    func startAttempt(_ attempt: RequestAttempt, headers: inout HTTPHeaders) -> any RequestAttemptSpan {
        let names = headers.map { $0.name.lowercased() }
        shown.withLock { $0.append(names) }
        headers["x-probe"] = "attempt-\(attempt.retry)"
        return Ended()
    }

    func recordPoll(provider: String, jobID: String, status: String) {}
}

/// A real request through `APIClientCore` and the libcurl transport, instrumented, to a loopback server
/// that echoes the headers it received.
@Suite("CADObservability over loopback")
struct InstrumentationLoopbackTests {
    @Test("every attempt carries a valid W3C traceparent of its own span; the counters moved")
    func traceparentArrives() async throws {
        let server = try await HeaderEchoServer.start(rateLimitedFirst: 1)
        defer { Task { await server.stop() } }
        let metrics = TestMetrics()
        let tracer = W3CTestTracer()
        var core = APIClientCore(
            provider: "orville", baseURL: try server.baseURL, credential: .bearer("sk_test_observability"),
            transport: CurlTransport.shared, retryPolicy: RetryPolicy(jitter: .constant(0)),
            clock: ManualClock(autoAdvance: true))
        core.instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: tracer)

        let request = try core.request(.get, "/api/v1/cad/jobs/cadjob_42")
        let response = try await core.send(request, endpoint: "GET /api/v1/cad/jobs/{jobID}")
        #expect(response.status == 200)

        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: String])
        let traceparent = try #require(echoed["traceparent"], "the server received no traceparent: \(echoed.keys.sorted())")
        #expect(traceparent.wholeMatch(of: #/00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]/#) != nil, "\(traceparent)")
        #expect(!traceparent.contains("00000000000000000000000000000000"))
        #expect(echoed["authorization"] == "Bearer sk_test_observability")

        // Two attempts (the 429, then its retry), two client spans; the second one's context reached the server.
        let spans = tracer.recorder.finishedSpans
        #expect(spans.count == 2)
        #expect(spans.allSatisfy { $0.operationName == "GET /api/v1/cad/jobs/{jobID}" })
        let last = try #require(spans.last)
        #expect(traceparent == "00-\(last.traceID)-\(last.spanID)-01")
        #expect(last.attributes["url.path"]?.toSpanAttribute() == .string("/api/v1/cad/jobs/cadjob_42"))

        let endpoint = [("provider", "orville"), ("endpoint", "GET /api/v1/cad/jobs/{jobID}")]
        #expect(try metrics.expectCounter("cadctl_requests_total", endpoint + [("status", "429")]).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_requests_total", endpoint + [("status", "200")]).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_retries_total", endpoint).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_rate_limited_total", endpoint).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_bytes_received_total", endpoint).totalValue == Int64(response.body.count))
        #expect(try metrics.expectTimer("cadctl_request_duration", endpoint + [("status", "200")]).values.count == 1)
    }

    @Test("without instrumentation nothing is added to the request")
    func nothingWhenUnused() async throws {
        let server = try await HeaderEchoServer.start()
        defer { Task { await server.stop() } }
        let core = APIClientCore(provider: "orville", baseURL: try server.baseURL, credential: .bearer("sk_test_plain"),
                                 transport: CurlTransport.shared)
        let response = try await core.send(try core.request(.get, "/ping"))
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: String])
        #expect(echoed["traceparent"] == nil)
    }

    @Test("the instrumentation never sees the credential header; what it adds is sent")
    func credentialHidden() async throws {
        let server = try await HeaderEchoServer.start()
        defer { Task { await server.stop() } }
        let recorder = HeaderNameRecorder()
        var core = APIClientCore(provider: "orville", baseURL: try server.baseURL, credential: .bearer("sk_test_hidden"),
                                 transport: CurlTransport.shared)
        core.instrumentation = recorder
        let response = try await core.send(try core.request(.get, "/ping", headers: ["Accept": "application/json"]))
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: String])
        #expect(echoed["x-probe"] == "attempt-0")
        #expect(echoed["authorization"] == "Bearer sk_test_hidden")
        let shown = recorder.shown.withLock { $0 }
        #expect(shown.count == 1)
        #expect(shown.first?.contains("accept") == true)
        #expect(shown.first?.contains("authorization") == false)
    }
}
