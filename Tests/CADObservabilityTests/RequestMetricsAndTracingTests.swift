import CADObservability
import InMemoryTracing
import MetricsTestKit
import Testing
import Tracing

/// `RequestMetricsAndTracing` driven through the `RequestInstrumentation` protocol, as `APIClientCore` calls it.
@Suite("CADObservability: metrics and spans per attempt and per poll")
struct RequestMetricsAndTracingTests {
    static let endpoint = "GET /api/v1/cad/jobs/{jobID}"

    func attempt(retry: Int = 0, endpoint: String = endpoint) -> RequestAttempt {
        RequestAttempt(provider: "orville", endpoint: endpoint, path: "/api/v1/cad/jobs/cadjob_1", method: .get,
                       retry: retry)
    }

    func dimensions(_ status: String) -> [(String, String)] {
        [("provider", "orville"), ("endpoint", Self.endpoint), ("status", status)]
    }

    var endpointDimensions: [(String, String)] { [("provider", "orville"), ("endpoint", Self.endpoint)] }

    @Test("a successful attempt: one request counted by template and status, bytes, latency, one client span")
    func success() throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: tracer)
        var headers: HTTPHeaders = ["Accept": "application/json"]
        let span = instrumentation.startAttempt(attempt(), headers: &headers)
        #expect(tracer.activeSpans.count == 1)
        // The tracer's injector wrote the span's context into the request's headers.
        let injected = try #require(tracer.performedContextInjections.first)
        #expect(headers[InMemoryTracer.traceIDKey] == injected.values[InMemoryTracer.traceIDKey])
        #expect(headers[InMemoryTracer.spanIDKey] == tracer.activeSpans.first?.spanID)
        #expect(headers["Accept"] == "application/json")

        span.end(RequestAttemptOutcome(status: 200, duration: .milliseconds(250), bytesSent: 120, bytesReceived: 2048,
                                       willRetry: false))
        #expect(try metrics.expectCounter("cadctl_requests_total", dimensions("200")).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_bytes_sent_total", endpointDimensions).totalValue == 120)
        #expect(try metrics.expectCounter("cadctl_bytes_received_total", endpointDimensions).totalValue == 2048)
        #expect(try metrics.expectTimer("cadctl_request_duration", dimensions("200")).values == [250_000_000])
        #expect(metrics.counters(label: "cadctl_retries_total").isEmpty)
        #expect(metrics.counters(label: "cadctl_rate_limited_total").isEmpty)

        let finished = try #require(tracer.finishedSpans.first)
        #expect(tracer.finishedSpans.count == 1 && tracer.activeSpans.isEmpty)
        #expect(finished.operationName == Self.endpoint)
        #expect(finished.kind == .client)
        #expect(finished.attributes["http.request.method"]?.toSpanAttribute() == .string("GET"))
        #expect(finished.attributes["url.path"]?.toSpanAttribute() == .string("/api/v1/cad/jobs/cadjob_1"))
        #expect(finished.attributes["http.response.status_code"]?.toSpanAttribute() == .int64(200))
        #expect(finished.status == nil)
    }

    @Test("a 429 then a retry: both attempts counted, one retry, one 429, two spans, the first an error")
    func rateLimitedThenRetried() throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: tracer)
        var headers = HTTPHeaders()
        instrumentation.startAttempt(attempt(), headers: &headers)
            .end(RequestAttemptOutcome(status: 429, duration: .milliseconds(5), willRetry: true, failure: "rate limited"))
        var retryHeaders = HTTPHeaders()
        instrumentation.startAttempt(attempt(retry: 1), headers: &retryHeaders)
            .end(RequestAttemptOutcome(status: 200, duration: .milliseconds(7), willRetry: false))

        #expect(try metrics.expectCounter("cadctl_requests_total", dimensions("429")).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_requests_total", dimensions("200")).totalValue == 1)
        #expect(metrics.counterTotal(label: "cadctl_requests_total") == 2)
        #expect(try metrics.expectCounter("cadctl_retries_total", endpointDimensions).totalValue == 1)
        #expect(try metrics.expectCounter("cadctl_rate_limited_total", endpointDimensions).totalValue == 1)

        let spans = tracer.finishedSpans
        #expect(spans.count == 2)
        #expect(spans.first?.status?.code == .error && spans.first?.status?.message == "rate limited")
        #expect(spans.first?.attributes["cad.will_retry"]?.toSpanAttribute() == .bool(true))
        #expect(spans.last?.attributes["http.request.resend_count"]?.toSpanAttribute() == .int64(1))
        #expect(spans.last?.status == nil)
        // Each attempt propagates its own span.
        #expect(headers[InMemoryTracer.spanIDKey] != retryHeaders[InMemoryTracer.spanIDKey])
    }

    @Test("no response: counted under status `error`, the span marked failed with the reason")
    func transportFailure() throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: tracer)
        var headers = HTTPHeaders()
        instrumentation.startAttempt(attempt(), headers: &headers)
            .end(RequestAttemptOutcome(status: nil, duration: .seconds(1), willRetry: false, failure: "connection refused"))
        #expect(try metrics.expectCounter("cadctl_requests_total", dimensions("error")).totalValue == 1)
        #expect(try metrics.expectTimer("cadctl_request_duration", dimensions("error")).values == [1_000_000_000])
        #expect(metrics.counters(label: "cadctl_bytes_received_total").isEmpty)
        #expect(tracer.finishedSpans.first?.status?.code == .error)
        #expect(tracer.finishedSpans.first?.status?.message == "connection refused")
    }

    @Test("an attempt inside a traced operation is a child span of it")
    func childOfCurrentContext() throws {
        let tracer = InMemoryTracer()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: TestMetrics(), tracer: tracer)
        tracer.withSpan("make a part") { parent in
            var headers = HTTPHeaders()
            instrumentation.startAttempt(attempt(), headers: &headers)
                .end(RequestAttemptOutcome(status: 200, duration: .zero, willRetry: false))
            #expect(headers[InMemoryTracer.traceIDKey] == parent.traceID)
        }
        let spans = tracer.finishedSpans
        let child = try #require(spans.first { $0.operationName == Self.endpoint })
        let parent = try #require(spans.first { $0.operationName == "make a part" })
        #expect(child.parentSpanID == parent.spanID && child.traceID == parent.traceID)
    }

    @Test("polls: counted per status; each finished job's poll count recorded once, without a job-id dimension")
    func polls() throws {
        let metrics = TestMetrics()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: InMemoryTracer())
        for status in ["queued", "running", "running", "completed"] {
            instrumentation.recordPoll(provider: "orville", jobID: "cadjob_1", status: status)
        }
        instrumentation.recordPoll(provider: "orville", jobID: "cadjob_2", status: "failed")
        #expect(try metrics.expectCounter("cadctl_polls_total", [("provider", "orville"), ("status", "running")])
            .totalValue == 2)
        #expect(metrics.counterTotal(label: "cadctl_polls_total") == 5)
        #expect(try metrics.expectRecorder("cadctl_polls_per_job", [("provider", "orville")]).values == [4, 1])
        #expect(metrics.recorders.allSatisfy { !$0.dimensions.contains { $0.0 == "job" || $0.1.hasPrefix("cadjob") } })
    }

    @Test("unfinished jobs are tracked up to the limit, the oldest dropped first")
    func trackedJobsAreBounded() throws {
        let metrics = TestMetrics()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: InMemoryTracer(), trackedJobs: 2)
        for job in ["a", "b", "c"] {
            instrumentation.recordPoll(provider: "makistry", jobID: job, status: "processing")
            instrumentation.recordPoll(provider: "makistry", jobID: job, status: "processing")
        }
        for job in ["a", "b", "c"] {
            instrumentation.recordPoll(provider: "makistry", jobID: job, status: "completed")
        }
        // "a" was dropped when "c" started: its final poll counts alone.
        #expect(try metrics.expectRecorder("cadctl_polls_per_job", [("provider", "makistry")]).values == [1, 3, 3])
    }

    @Test("the label prefix is configurable")
    func labelPrefix() throws {
        let metrics = TestMetrics()
        let instrumentation = RequestMetricsAndTracing(metricsFactory: metrics, tracer: InMemoryTracer(), labelPrefix: "svc")
        var headers = HTTPHeaders()
        instrumentation.startAttempt(attempt(), headers: &headers)
            .end(RequestAttemptOutcome(status: 204, duration: .zero, willRetry: false))
        #expect(metrics.counterTotal(label: "svc_requests_total") == 1)
    }
}
