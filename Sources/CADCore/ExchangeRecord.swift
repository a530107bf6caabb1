/// One HTTP exchange as `--verbose` shows it: method, redacted URL, status, duration, request id and retry
/// number. Holds no secret: the URL is redacted before it is stored.
public struct ExchangeRecord: Sendable, Hashable, CustomStringConvertible {
    /// The provider's name.
    public var provider: String
    /// The request method.
    public var method: String
    /// The request URL with signed-URL parameters and secrets masked.
    public var url: String
    /// The response status, or `nil` when the exchange failed below HTTP.
    public var status: Int?
    /// How long the exchange took.
    public var duration: Duration
    /// The provider's request id, when the response carried one.
    public var requestID: String?
    /// 0 for the first attempt, 1 for the first retry, …
    public var retry: Int
    /// What went wrong below HTTP (redacted), when `status` is `nil`.
    public var failure: String?

    /// A record.
    public init(provider: String, method: String, url: String, status: Int?, duration: Duration,
                requestID: String?, retry: Int, failure: String? = nil) {
        self.provider = provider
        self.method = method
        self.url = url
        self.status = status
        self.duration = duration
        self.requestID = requestID
        self.retry = retry
        self.failure = failure
    }

    /// `POST https://host/api/v1/cad/jobs -> 201 (0.42s, request req_1, retry 1)`.
    public var description: String {
        let outcome = status.map { String($0) } ?? "failed: \(failure ?? "no response")"
        var facts = [Self.seconds(duration)]
        if let requestID { facts.append("request \(requestID)") }
        if retry > 0 { facts.append("retry \(retry)") }
        return "\(method) \(url) -> \(outcome) (\(facts.joined(separator: ", ")))"
    }

    /// `0.42s`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let whole = milliseconds / 1000
        let fraction = (milliseconds % 1000) / 10
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)s"
    }
}

/// Receives a record of every exchange (each attempt, retries included); must return quickly.
public typealias ExchangeObserver = @Sendable (ExchangeRecord) -> Void
