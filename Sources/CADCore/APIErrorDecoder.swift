/// Turns a provider's error response (status ≥ 400) into an `APIError`.
///
/// Each provider has its own JSON shape; the decoder reads all of them tolerantly, because a proxy, a load
/// balancer or a framework default can answer in place of the API:
/// - Orville: `{"error":{"code","message"},"request_id"}` plus an `X-Request-Id` header;
/// - Makistry: `{"error_code","message"}`, and 404 with an empty body;
/// - Bitbybit: `{"ok":false,"error":{"code","message","details","requestId"}}`;
/// - anything else: `{"message"}`, `{"error":"text"}`, `{"detail":…}`, an HTML error page (its title is
///   quoted), plain text (an excerpt), or nothing (a message built from the status).
public struct APIErrorDecoder: Sendable {
    /// The provider's name, as the CLI spells it (`orville`).
    public let provider: String

    /// A decoder for `provider`'s errors.
    public init(provider: String) {
        self.provider = provider
    }

    /// Orville (Ballista Labs).
    public static let orville = APIErrorDecoder(provider: "orville")
    /// Makistry.
    public static let makistry = APIErrorDecoder(provider: "makistry")
    /// Bitbybit.
    public static let bitbybit = APIErrorDecoder(provider: "bitbybit")

    /// The `APIError` for `response`, an answer to `endpoint` (`POST /api/v1/cad/jobs`).
    ///
    /// - Parameters:
    ///   - response: the error response (status 400 or above).
    ///   - endpoint: the call it answered, as `POST /api/v1/cad/jobs`.
    ///   - now: the time `Retry-After` HTTP-dates are measured from.
    public func decode(_ response: HTTPResponse, endpoint: String, now: Date = Date()) -> APIError {
        let retryAfter = response.headers["Retry-After"].flatMap { RetryAfter.parse($0, now: now) }
        let headerRequestID = Self.requestID(in: response.headers)
        let facts = Self.facts(in: response.body, status: response.status, endpoint: endpoint, provider: provider)
        return APIError(
            provider: provider,
            status: response.status,
            code: facts.code,
            message: facts.message,
            requestID: facts.requestID ?? headerRequestID,
            retryAfter: retryAfter,
            endpoint: endpoint,
            details: facts.details
        )
    }

    /// The request id a response carries in its headers (`X-Request-Id`, `Request-Id`), if any.
    public static func requestID(in headers: HTTPHeaders) -> String? {
        for name in ["X-Request-Id", "Request-Id", "X-Amzn-RequestId", "X-Correlation-Id"] {
            if let value = headers[name]?.trimmingSpaces(), !value.isEmpty { return value }
        }
        return nil
    }

    /// The request id of a response: from its body's `request_id`/`requestId` when the body is JSON, else
    /// from its headers.
    public static func requestID(of response: HTTPResponse) -> String? {
        if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: response.body),
           let id = envelope.requestID {
            return id
        }
        return requestID(in: response.headers)
    }

    struct Facts: Equatable {
        var code: String?
        var message: String
        var requestID: String?
        var details: String?
    }

    static func facts(in body: Data, status: Int, endpoint: String, provider: String) -> Facts {
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self).trimmingSpaces()
        if text.isEmpty {
            return Facts(message: emptyBodyMessage(status: status, endpoint: endpoint))
        }
        if HTMLPage.looksLikeHTML(text) {
            return Facts(message: HTMLPage.message(text, status: status, provider: provider, endpoint: endpoint))
        }
        if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: body) {
            let message = envelope.message ?? envelope.code.map { "the server refused the request (\($0))" }
            if let message {
                return Facts(
                    code: envelope.code,
                    message: message,
                    requestID: envelope.requestID,
                    details: envelope.details.map { shorten($0.serialized(sortedKeys: true), to: 500) }
                )
            }
        }
        return Facts(message: "HTTP \(status) \(reasonPhrase(status)): \(APIError.excerpt(of: body))")
    }

    static func emptyBodyMessage(status: Int, endpoint: String) -> String {
        if status == 404 { return "not found: \(endpoint)" }
        return "HTTP \(status) \(reasonPhrase(status)) with an empty body from \(endpoint)"
    }

    private static func shorten(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// The standard reason phrase of `status`, or `error`.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "error"
        }
    }
}

/// Every error shape the three providers (and common frameworks) use, read tolerantly: unknown fields are
/// ignored and a field of an unexpected type is skipped rather than failing the whole document.
struct ErrorEnvelope: Decodable {
    var code: String?
    var message: String?
    var requestID: String?
    var details: JSONValue?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        func string(_ name: String, in container: KeyedDecodingContainer<AnyKey>) -> String? {
            guard let value = try? container.decodeIfPresent(JSONValue.self, forKey: AnyKey(stringValue: name))
            else { return nil }
            switch value {
            case .string(let text): return text.trimmingSpaces().isEmpty ? nil : text
            case .number(let number): return JSONValue.number(number).serialized()
            default: return nil
            }
        }
        // Orville and Bitbybit nest code and message in `error`; some servers send `error` as a string.
        if let nested = try? container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey(stringValue: "error")) {
            code = string("code", in: nested)
            message = string("message", in: nested)
            requestID = string("requestId", in: nested) ?? string("request_id", in: nested)
            details = try? nested.decodeIfPresent(JSONValue.self, forKey: AnyKey(stringValue: "details"))
            if details == .null { details = nil }
        } else if let text = string("error", in: container) {
            message = text
        }
        // Makistry: top-level `error_code` and `message` (jobs use `error_message`).
        code = code ?? string("error_code", in: container) ?? string("code", in: container)
        message = message ?? string("message", in: container) ?? string("error_message", in: container)
            ?? string("error_description", in: container)
        requestID = requestID ?? string("request_id", in: container) ?? string("requestId", in: container)
        // FastAPI-style `detail`: a string, or a list of `{loc, msg}`.
        if message == nil, let detail = try? container.decodeIfPresent(JSONValue.self, forKey: AnyKey(stringValue: "detail")) {
            switch detail {
            case .string(let text): message = text
            case .array(let items):
                let parts = items.compactMap { item -> String? in
                    guard case .object(let fields) = item else { return item.stringValue }
                    guard let text = fields["msg"]?.stringValue else { return nil }
                    if case .array(let location)? = fields["loc"] {
                        let path = location.map { $0.stringValue ?? $0.serialized() }.joined(separator: ".")
                        return "\(path): \(text)"
                    }
                    return text
                }
                if !parts.isEmpty { message = parts.joined(separator: "; ") }
            default: break
            }
        }
    }
}

/// Recognises HTML error pages (from proxies, load balancers, maintenance screens) and says so plainly.
enum HTMLPage {
    /// Whether `text` (already trimmed) is an HTML document rather than JSON or plain text.
    static func looksLikeHTML(_ text: String) -> Bool {
        let head = text.prefix(512).lowercased()
        guard head.hasPrefix("<") else { return false }
        return head.contains("<html") || head.contains("<!doctype html") || head.contains("<head")
            || head.contains("<body") || head.contains("<title")
    }

    /// The text of the page's `<title>`, if it has one.
    static func title(in text: String) -> String? {
        let bytes = Array(text.utf8)
        let lowered = bytes.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        guard let open = lowered.firstRange(of: Array("<title".utf8)),
              let openEnd = lowered[open.upperBound...].firstIndex(of: UInt8(ascii: ">")),
              let close = lowered[(openEnd + 1)...].firstRange(of: Array("</title".utf8))
        else { return nil }
        let title = String(decoding: bytes[(openEnd + 1)..<close.lowerBound], as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .joined(separator: " ")
        return title.isEmpty ? nil : String(title.prefix(120))
    }

    /// A sentence for an HTML answer where JSON was expected.
    static func message(_ text: String, status: Int, provider: String, endpoint: String) -> String {
        let titled = title(in: text).map { " (\"\($0)\")" } ?? ""
        let advice = status >= 500
            ? "the service, or a proxy in front of it, is failing; try again later"
            : "check that the base URL points at the \(provider) API, not a web page"
        return "the \(provider) server answered \(endpoint) with HTTP \(status) and an HTML page\(titled) instead of JSON: \(advice)"
    }
}
