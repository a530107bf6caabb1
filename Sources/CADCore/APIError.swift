/// A provider refused or failed a request with an HTTP error status, or sent a success response that could
/// not be decoded.
///
/// Every provider's error JSON decodes into this one type (see `APIErrorDecoder`). `classification` says
/// what kind of refusal it was, which decides retries (`RetryPolicy`) and the CLI's exit code (`exitCode`).
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, in the classes the CLI maps to exit codes.
    public enum Classification: String, Sendable, Hashable, CaseIterable {
        /// 401 or 403: the key is missing, invalid, revoked, or lacks a scope. Exit 3.
        case authentication
        /// Money: 402, or a billing code (`billing_required`, `billing_needs_review`, `insufficient_balance`,
        /// `projected_balance_exceeded`, …) whatever the status. Never retried. Exit 8.
        case payment
        /// 429 (other than money), 503, Makistry `quota_exceeded`, Orville `rate_limited`. Exit 6 once
        /// retries are exhausted.
        case rateLimited
        /// 404. Exit 1.
        case notFound
        /// Another 4xx (400, 409, 410, 422, …): the request itself was wrong. Exit 1.
        case invalidRequest
        /// 5xx other than 503. Exit 1.
        case server
        /// A success (2xx) body that could not be decoded. Exit 1.
        case decoding
        /// Any other status (408, an unexpected 3xx or 1xx). Exit 1.
        case unexpected
    }

    /// The provider's name as the CLI spells it: `orville`, `makistry`, `bitbybit`.
    public var provider: String
    /// The HTTP status of the response.
    public var status: Int
    /// The provider's machine-readable error code (`prompt_too_long`, `VALIDATION_ERROR`), if it sent one.
    public var code: String?
    /// A sentence for people: the provider's message, or ours when it sent none.
    public var message: String
    /// The provider's request id (`request_id`, `requestId` or `X-Request-Id`), for support tickets.
    public var requestID: String?
    /// The wait the server asked for in `Retry-After`, if any.
    public var retryAfter: Duration?
    /// The call as a template, the same for every id: `GET /api/v1/cad/jobs/{jobID}` (a bounded label).
    public var endpoint: String
    /// The concrete path that was requested (`/api/v1/cad/jobs/cadjob_123`), when known.
    public var path: String?
    /// Extra context the provider attached (Bitbybit's `details`), as compact JSON text, cut short.
    public var details: String?
    /// What kind of failure this is.
    public var classification: Classification
    /// How many times the request was sent before this error surfaced (1 when it was not retried).
    public var attempts: Int

    /// An error with the given facts; `classification` defaults to `classify(status:code:)`.
    public init(
        provider: String,
        status: Int,
        code: String? = nil,
        message: String,
        requestID: String? = nil,
        retryAfter: Duration? = nil,
        endpoint: String,
        details: String? = nil,
        classification: Classification? = nil,
        attempts: Int = 1
    ) {
        self.provider = provider
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.retryAfter = retryAfter
        self.endpoint = endpoint
        self.details = details
        self.classification = classification ?? Self.classify(status: status, code: code)
        self.attempts = attempts
    }

    /// Provider codes that mean "no money": never retried, exit 8, whatever their status (Orville's
    /// `projected_balance_exceeded` comes as a 429).
    public static let paymentCodes: Set<String> = [
        "billing_required", "billing_needs_review", "insufficient_balance", "projected_balance_exceeded",
        "insufficient_credits", "payment_required",
    ]

    /// Provider codes that mean "slow down": Orville `rate_limited`, Makistry `quota_exceeded`.
    public static let rateLimitCodes: Set<String> = ["rate_limited", "quota_exceeded"]

    /// The class of an error response with `status` and provider `code`. Codes win over statuses for money
    /// and rate limits; otherwise the status decides.
    public static func classify(status: Int, code: String?) -> Classification {
        let normalized = code?.lowercased()
        if let normalized, paymentCodes.contains(normalized) { return .payment }
        if status == 402 { return .payment }
        if let normalized, rateLimitCodes.contains(normalized) { return .rateLimited }
        if status == 401 || status == 403 { return .authentication }
        switch status {
        case 429, 503: return .rateLimited
        case 404: return .notFound
        case 408: return .unexpected
        case 400..<500: return .invalidRequest
        case 500..<600: return .server
        case 200..<300: return .decoding
        default: return .unexpected
        }
    }

    /// Whether this is a money refusal (never retried).
    public var isPaymentRefusal: Bool { classification == .payment }

    /// The CLI exit code for this error: 3 authentication, 8 payment, 6 rate limited or unavailable,
    /// 1 otherwise.
    public var exitCode: Int32 {
        switch classification {
        case .authentication: 3
        case .payment: 8
        case .rateLimited: 6
        case .notFound, .invalidRequest, .server, .decoding, .unexpected: 1
        }
    }

    /// `MESSAGE (provider: code, HTTP status, request id)`, the CLI's error line without `error: `.
    public var description: String {
        var facts: [String] = []
        facts.append(code.map { "\(provider): \($0)" } ?? provider)
        facts.append("HTTP \(status)")
        if let requestID { facts.append("request \(requestID)") }
        if let retryAfter, classification == .rateLimited {
            facts.append("retry after \(Self.describe(retryAfter))")
        }
        if attempts > 1 { facts.append("\(attempts) attempts") }
        return "\(message) (\(facts.joined(separator: ", ")))"
    }

    /// An error for a success response whose body did not decode: names the provider, endpoint, status and
    /// request id, says what was wrong, and quotes the start of the body (never all of it).
    ///
    /// - Parameters:
    ///   - provider: the provider whose response it was.
    ///   - endpoint: the call, as `POST /api/v1/cad/jobs`.
    ///   - status: the response's HTTP status.
    ///   - requestID: the provider's request id, when the response had one.
    ///   - problem: what the decoder said, e.g. from `describe(_:)`.
    ///   - bodyExcerpt: the start of the body, already shortened and redacted (see `APIError.excerpt`).
    public static func decoding(
        provider: String,
        endpoint: String,
        status: Int,
        requestID: String?,
        problem: String,
        bodyExcerpt: String
    ) -> APIError {
        let quoted = bodyExcerpt.isEmpty ? "the body was empty" : "the body starts: \(bodyExcerpt)"
        return APIError(
            provider: provider,
            status: status,
            code: nil,
            message: "could not read the \(provider) response to \(endpoint): \(problem); \(quoted). "
                + "The API may have changed; please report this with the request id",
            requestID: requestID,
            endpoint: endpoint,
            classification: .decoding
        )
    }

    /// The first `limit` characters of `body` as one line of text: control characters become spaces,
    /// invalid UTF-8 is replaced, and an ellipsis marks a cut.
    public static func excerpt(of body: Data, limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var result = ""
        var count = 0
        var cut = false
        for character in text {
            if count == limit {
                cut = true
                break
            }
            let isControl = character.unicodeScalars.contains { $0.properties.generalCategory == .control }
            result.append(isControl ? " " : character)
            count += 1
        }
        if !cut, body.count > limit * 4 { cut = true }
        let trimmed = result.trimmingSpaces()
        return cut ? trimmed + "…" : trimmed
    }

    /// `DecodingError` in a few words: what was missing or wrong, and where (`jobs[0].status`).
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .valueNotFound(_, let context):
            return "null where a value was expected at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context.codingPath))"
        case .dataCorrupted(let context):
            let detail = context.underlyingError.map { " (\($0))" } ?? ""
            return "\(context.debugDescription) at \(path(context.codingPath))\(detail)"
        @unknown default:
            return String(describing: error)
        }
    }

    /// `90s`, `2m30s`: durations as people read them.
    static func describe(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s" }
        return "\(seconds / 3600)h\(seconds % 3600 / 60)m"
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
