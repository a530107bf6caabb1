@_exported import CADCore
import CoreMetrics
import Synchronization
import Tracing

/// Metrics (swift-metrics) and tracing (swift-distributed-tracing) for every HTTP attempt and every poll of
/// the cadctl clients: an implementation of `RequestInstrumentation` to put in a client's configuration.
///
/// Per attempt it starts a client span named after the endpoint template (`GET /api/v1/cad/jobs/{jobID}`),
/// child of the task's current `InstrumentationContext`, and asks the tracer to inject that span's context
/// into the request's headers (a W3C tracer such as swift-otel writes `traceparent`). When the attempt ends
/// it sets the span's status and attributes and records:
///
/// | metric | kind | dimensions |
/// | --- | --- | --- |
/// | `cadctl_requests_total` | counter, one per attempt | provider, endpoint, status |
/// | `cadctl_retries_total` | counter, one per attempt after the first | provider, endpoint |
/// | `cadctl_rate_limited_total` | counter, one per 429 | provider, endpoint |
/// | `cadctl_request_duration` | timer (nanoseconds) | provider, endpoint, status |
/// | `cadctl_bytes_sent_total`, `cadctl_bytes_received_total` | counters (bytes) | provider, endpoint |
/// | `cadctl_polls_total` | counter, one per status read while waiting | provider, status |
/// | `cadctl_polls_per_job` | recorder, once per job that reaches a final status | provider |
///
/// `endpoint` is the template the client names the call by and `status` the HTTP status, or `error` when
/// no response arrived, so every dimension has few values. Job ids never become dimensions.
///
/// ```swift
/// let instrumentation = RequestMetricsAndTracing()   // MetricsSystem.factory, InstrumentationSystem.tracer
/// ```
public struct RequestMetricsAndTracing: RequestInstrumentation {
    /// Where metrics go.
    public let metricsFactory: any MetricsFactory
    /// Where spans go.
    public let tracer: any Tracer
    /// The start of every metric's label (`cadctl` gives `cadctl_requests_total`).
    public let labelPrefix: String
    private let pollCounts: PollCounts

    /// Instrumentation reporting to `metricsFactory` and `tracer`.
    ///
    /// - Parameters:
    ///   - metricsFactory: the process's `MetricsSystem.factory` unless given (a test passes `TestMetrics`).
    ///   - tracer: the process's `InstrumentationSystem.tracer` unless given.
    ///   - labelPrefix: the start of every metric's label.
    ///   - trackedJobs: how many unfinished jobs' poll counts are kept at once (the oldest is dropped beyond).
    public init(
        metricsFactory: (any MetricsFactory)? = nil,
        tracer: (any Tracer)? = nil,
        labelPrefix: String = "cadctl",
        trackedJobs: Int = 10_000
    ) {
        self.metricsFactory = metricsFactory ?? MetricsSystem.factory
        self.tracer = tracer ?? InstrumentationSystem.tracer
        self.labelPrefix = labelPrefix
        self.pollCounts = PollCounts(limit: max(1, trackedJobs))
    }

    /// Starts a span for `attempt` and injects its context into `headers`.
    public func startAttempt(_ attempt: RequestAttempt, headers: inout HTTPHeaders) -> any RequestAttemptSpan {
        let span = tracer.startAnySpan(attempt.endpoint, context: InstrumentationContext.current ?? .topLevel,
                                       ofKind: .client)
        span.attributes["http.request.method"] = attempt.method.rawValue
        span.attributes["url.path"] = attempt.path
        span.attributes["url.template"] = attempt.endpoint
        span.attributes["cad.provider"] = attempt.provider
        if attempt.retry > 0 {
            span.attributes["http.request.resend_count"] = attempt.retry
            counter("retries_total", attempt.provider, attempt.endpoint).increment()
        }
        tracer.inject(span.context, into: &headers, using: HTTPHeadersInjector())
        return AttemptSpan(instrumentation: self, attempt: attempt, span: span)
    }

    /// Counts one poll, and the job's polls when `status` is final.
    public func recordPoll(provider: String, jobID: String, status: String) {
        Counter(label: label("polls_total"), dimensions: [("provider", provider), ("status", status)],
                factory: metricsFactory).increment()
        let key = provider + "\u{0}" + jobID
        if Self.finalStatuses.contains(status.lowercased()) {
            let polls = pollCounts.finish(key)
            Recorder(label: label("polls_per_job"), dimensions: [("provider", provider)], aggregate: true,
                     factory: metricsFactory).record(polls)
        } else {
            pollCounts.count(key)
        }
    }

    /// The statuses after which a job is no longer polled, across the three providers.
    static let finalStatuses: Set<String> = [
        "completed", "complete", "succeeded", "success", "failed", "failure", "error", "errored",
        "cancelled", "canceled", "expired", "rejected",
    ]

    func label(_ name: String) -> String { labelPrefix.isEmpty ? name : labelPrefix + "_" + name }

    func counter(_ name: String, _ provider: String, _ endpoint: String) -> Counter {
        Counter(label: label(name), dimensions: [("provider", provider), ("endpoint", endpoint)],
                factory: metricsFactory)
    }

    /// Records the metrics of an ended attempt.
    func record(_ attempt: RequestAttempt, _ outcome: RequestAttemptOutcome) {
        let status = outcome.status.map(String.init) ?? "error"
        let dimensions = [("provider", attempt.provider), ("endpoint", attempt.endpoint), ("status", status)]
        Counter(label: label("requests_total"), dimensions: dimensions, factory: metricsFactory).increment()
        Timer(label: label("request_duration"), dimensions: dimensions, factory: metricsFactory)
            .recordNanoseconds(Self.nanoseconds(outcome.duration))
        if outcome.status == 429 { counter("rate_limited_total", attempt.provider, attempt.endpoint).increment() }
        if let sent = outcome.bytesSent, sent > 0 {
            counter("bytes_sent_total", attempt.provider, attempt.endpoint).increment(by: sent)
        }
        if let received = outcome.bytesReceived, received > 0 {
            counter("bytes_received_total", attempt.provider, attempt.endpoint).increment(by: received)
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

/// The span of one attempt: ends the tracing span and records the attempt's metrics.
struct AttemptSpan: RequestAttemptSpan {
    let instrumentation: RequestMetricsAndTracing
    let attempt: RequestAttempt
    let span: any Span

    func end(_ outcome: RequestAttemptOutcome) {
        if let status = outcome.status {
            span.attributes["http.response.status_code"] = status
        }
        if let sent = outcome.bytesSent { span.attributes["http.request.body.size"] = sent }
        if let received = outcome.bytesReceived { span.attributes["http.response.body.size"] = received }
        if outcome.willRetry { span.attributes["cad.will_retry"] = true }
        if outcome.status.map({ $0 >= 400 }) ?? true {
            span.setStatus(SpanStatus(code: .error, message: outcome.failure))
        }
        span.end()
        instrumentation.record(attempt, outcome)
    }
}

/// Writes propagation headers into `HTTPHeaders` (replacing a value of the same name).
public struct HTTPHeadersInjector: Injector {
    /// An injector.
    public init() {}

    /// Sets `key` to `value` in `carrier`.
    public func inject(_ value: String, forKey key: String, into carrier: inout HTTPHeaders) {
        carrier[key] = value
    }
}

/// Polls counted per unfinished job, at most `limit` jobs (the oldest dropped beyond).
final class PollCounts: Sendable {
    private struct State {
        var counts: [String: Int] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// One more poll of `key`.
    func count(_ key: String) {
        state.withLock { state in
            if state.counts[key] == nil {
                state.order.append(key)
                if state.order.count > limit {
                    let dropped = state.order.removeFirst()
                    state.counts[dropped] = nil
                }
            }
            state.counts[key, default: 0] += 1
        }
    }

    /// The polls of `key` including this final one; forgets `key`.
    func finish(_ key: String) -> Int {
        state.withLock { state in
            let polls = (state.counts.removeValue(forKey: key) ?? 0) + 1
            state.order.removeAll { $0 == key }
            return polls
        }
    }
}
