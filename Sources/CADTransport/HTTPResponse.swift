/// A response as received.
public struct HTTPResponse: Sendable {
    /// The final status code (after any redirects that were followed).
    public var status: Int
    /// The final response's headers (of the last hop when redirects were followed).
    public var headers: HTTPHeaders
    /// The body when collected in memory, or an error status's body when the destination was a file or
    /// stream; empty otherwise.
    public var body: Data
    /// The URL that produced this response (the last one when redirects were followed).
    public var url: URL
    /// Body bytes received for the final response (after content decoding).
    public var bodyBytesReceived: Int64
    /// How many redirects were followed to get here.
    public var redirectCount: Int
    /// How the exchange went on the wire.
    public var metrics: TransferMetrics

    /// A response, as a transport (or a test double) builds it.
    public init(
        status: Int,
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        url: URL,
        bodyBytesReceived: Int64? = nil,
        redirectCount: Int = 0,
        metrics: TransferMetrics = TransferMetrics()
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.bodyBytesReceived = bodyBytesReceived ?? Int64(body.count)
        self.redirectCount = redirectCount
        self.metrics = metrics
    }

    /// 200–299.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Facts about one exchange on the wire.
public struct TransferMetrics: Sendable, Hashable {
    /// New connections this transfer opened (0 means a kept-alive connection was reused).
    public var newConnections: Int
    /// Whole-transfer time, including redirects that were followed.
    public var totalTime: Duration
    /// Bytes of request headers and body handed to the socket; 0 means the request never left.
    public var requestBytesSent: Int64
    /// The HTTP version the response came in: "1.0", "1.1", "2", or "" when none arrived.
    public var httpVersion: String

    /// Metrics of one exchange.
    public init(newConnections: Int = 0, totalTime: Duration = .zero, requestBytesSent: Int64 = 0, httpVersion: String = "") {
        self.newConnections = newConnections
        self.totalTime = totalTime
        self.requestBytesSent = requestBytesSent
        self.httpVersion = httpVersion
    }
}
