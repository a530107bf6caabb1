import CADTransport

/// What one attempt of an HTTP exchange is, told to a ``RequestInstrumentation`` before it is sent.
public struct RequestAttempt: Sendable {
    /// The provider's name (`orville`).
    public var provider: String
    /// The endpoint as a template, the same for every id (`GET /api/v1/cad/jobs/{jobID}`): a bounded label.
    public var endpoint: String
    /// The concrete path of this request (`/api/v1/cad/jobs/cadjob_123`).
    public var path: String
    /// The HTTP method.
    public var method: HTTPMethod
    /// 0 for the first attempt, 1 for the first retry, and so on.
    public var retry: Int

    /// An attempt of `method` on `endpoint` (`path` concretely) for `provider`.
    public init(provider: String, endpoint: String, path: String, method: HTTPMethod, retry: Int) {
        self.provider = provider
        self.endpoint = endpoint
        self.path = path
        self.method = method
        self.retry = retry
    }
}

/// How one attempt ended, told to the span ``RequestInstrumentation/startAttempt(_:headers:)`` returned.
public struct RequestAttemptOutcome: Sendable {
    /// The response status, or `nil` when no response arrived (a transport failure).
    public var status: Int?
    /// How long the attempt took, measured on the client's clock.
    public var duration: Duration
    /// Bytes of the request body sent, where known.
    public var bytesSent: Int64?
    /// Bytes of the response body received, where known.
    public var bytesReceived: Int64?
    /// Whether the client will retry after this attempt.
    public var willRetry: Bool
    /// A short description of the failure (redacted), or `nil` for a response below 400.
    public var failure: String?

    /// An outcome; see the properties.
    public init(
        status: Int?, duration: Duration, bytesSent: Int64? = nil, bytesReceived: Int64? = nil,
        willRetry: Bool, failure: String? = nil
    ) {
        self.status = status
        self.duration = duration
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.willRetry = willRetry
        self.failure = failure
    }
}

/// One attempt in flight; ended exactly once with its outcome.
public protocol RequestAttemptSpan: Sendable {
    /// Ends the attempt.
    func end(_ outcome: RequestAttemptOutcome)
}

/// Metrics and tracing hooks: the clients call these for every attempt and every poll, and do nothing at all
/// when no instrumentation is configured. CADCore depends on no metrics or tracing library; the
/// `CADObservability` product adapts these calls to swift-metrics and swift-distributed-tracing.
public protocol RequestInstrumentation: Sendable {
    /// Starts one attempt. `headers` are the request's: add propagation headers here (W3C `traceparent`).
    /// Never called with a credential header in `headers`; never put one there.
    func startAttempt(_ attempt: RequestAttempt, headers: inout HTTPHeaders) -> any RequestAttemptSpan

    /// A job's status was read while waiting for it (one call per poll).
    func recordPoll(provider: String, jobID: String, status: String)
}
