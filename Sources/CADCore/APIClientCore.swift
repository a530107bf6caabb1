import Logging

/// The machinery every provider client shares: where the API is, the key, the transport, retries, error
/// decoding, redaction, logging and the `--verbose` observer.
///
/// A provider client builds requests with `request(_:_:query:headers:body:)` (paths relative to the base URL,
/// no credential), sends them with `send(_:idempotencyKey:endpoint:)` and decodes with
/// `decode(_:from:endpoint:decoder:)`. `send` adds the credential only for the base URL's own origin, refuses
/// plain `http://` to a remote host unless `allowInsecureHTTP`, retries by `retryPolicy`, and turns error
/// statuses into `APIError`.
public struct APIClientCore: Sendable {
    /// The provider's name (`orville`), used in errors and logs.
    public var provider: String
    /// The API's base URL; request paths are appended to it as written (`/api/v1/cad/jobs`).
    public var baseURL: URL {
        didSet { baseOrigin = URLOrigin(baseURL) }
    }
    /// `baseURL`'s origin, parsed once (every request is compared with it).
    private var baseOrigin: URLOrigin?
    /// The key and its header, or `nil` for unauthenticated calls.
    public var credential: Credential?
    /// Where requests go.
    public var transport: any HTTPTransport
    /// When and how failed requests are retried.
    public var retryPolicy: RetryPolicy
    /// The clock retry delays sleep on and durations are measured with.
    public var clock: any Clock<Duration>
    /// Receives a debug line per exchange (never a secret).
    public var logger: Logger
    /// Turns error responses into `APIError`.
    public var errorDecoder: APIErrorDecoder
    /// Allow sending the key over plain `http://` to a host that is not this machine.
    public var allowInsecureHTTP: Bool
    /// Told of every exchange (each attempt), for `--verbose`.
    public var observer: ExchangeObserver?
    /// The time `Retry-After` dates are measured from.
    public var now: @Sendable () -> Date
    /// The longest one API exchange may take (each attempt), for requests whose body goes to memory and
    /// that set no total timeout themselves; `nil` for none. A timed-out exchange is a `.timedOut`
    /// `TransportError`, retried only when the request is safe to repeat. Downloads are not capped: they are
    /// guarded by the transport's low-speed limit instead.
    public var requestTimeout: Duration? = .seconds(60)
    /// Where a caller can see whether a request that was not re-sent took effect (Bitbybit: its task list);
    /// named in the error of a plain POST whose fate is unknown.
    public var whereToCheckEffect: String?
    /// Metrics and tracing for every attempt (`CADObservability` adapts them), or `nil` for none.
    public var instrumentation: (any RequestInstrumentation)?
    private var extraSecrets: [String]

    /// A client core for `provider` at `baseURL`.
    ///
    /// - Parameters:
    ///   - provider: the provider's name (`orville`), used in errors and logs.
    ///   - baseURL: the API's base URL; request paths are appended to it as written.
    ///   - credential: the key and its header, or `nil` for unauthenticated calls.
    ///   - transport: where requests go (share one `CurlTransport` per process).
    ///   - errorDecoder: defaults to one named after `provider`.
    ///   - retryPolicy: when and how failed requests are retried.
    ///   - clock: the clock retry delays sleep on.
    ///   - logger: receives a redacted debug line per exchange; `Logger(label: "cadctl.PROVIDER")` by default.
    ///   - allowInsecureHTTP: allow the key over plain `http://` to a host that is not this machine.
    ///   - observer: told of every exchange (each attempt), for `--verbose`.
    ///   - secrets: further values to mask in logs and errors besides the credential's key.
    ///   - now: the time `Retry-After` dates are measured from.
    public init(
        provider: String,
        baseURL: URL,
        credential: Credential?,
        transport: any HTTPTransport,
        errorDecoder: APIErrorDecoder? = nil,
        retryPolicy: RetryPolicy = .standard,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger? = nil,
        allowInsecureHTTP: Bool = false,
        observer: ExchangeObserver? = nil,
        secrets: [String] = [],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.provider = provider
        self.baseURL = baseURL
        self.baseOrigin = URLOrigin(baseURL)
        self.credential = credential
        self.transport = transport
        self.errorDecoder = errorDecoder ?? APIErrorDecoder(provider: provider)
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.logger = logger ?? Logger(label: "cadctl.\(provider)")
        self.allowInsecureHTTP = allowInsecureHTTP
        self.observer = observer
        self.extraSecrets = secrets
        self.now = now
    }

    /// Masks the credential's key and the registered secrets.
    public var redactor: Redactor {
        Redactor(secrets: extraSecrets + (credential.map { [$0.key] } ?? []))
    }

    // MARK: - Building requests

    /// `baseURL` followed by `path` (as the provider's documentation writes it) and `query`.
    ///
    /// Query values are percent-encoded strictly (everything but unreserved characters), so `+`, `&` and
    /// `=` in values arrive intact.
    public func url(_ path: String, query: [(String, String)] = []) throws -> URL {
        var text = URLEncoding.join(baseURL.absoluteString, path)
        if !query.isEmpty { text += "?" + URLEncoding.query(query) }
        guard let url = URL(string: text) else {
            throw CADError.usage("cannot make a URL from base \(baseURL.absoluteString) and path \(path)")
        }
        return url
    }

    /// A request for `path` under the base URL. The credential is not in it: `send` adds it.
    public func request(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        headers: HTTPHeaders = [:],
        body: RequestBody = .empty
    ) throws -> HTTPRequest {
        var headers = headers
        if !headers.contains("Accept") { headers["Accept"] = "application/json" }
        return HTTPRequest(method: method, url: try url(path, query: query), headers: headers, body: body)
    }

    /// A request whose body is `body` encoded as JSON (`Content-Type: application/json`).
    public func jsonRequest<Body: Encodable>(
        _ method: HTTPMethod,
        _ path: String,
        body: Body,
        query: [(String, String)] = [],
        headers: HTTPHeaders = [:],
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> HTTPRequest {
        let data: Data
        do {
            data = try encoder.encode(body)
        } catch {
            throw CADError.usage("cannot encode the request body as JSON: \(error)")
        }
        var headers = headers
        headers["Content-Type"] = "application/json"
        return try request(method, path, query: query, headers: headers, body: .bytes(data))
    }

    // MARK: - Sending

    /// Sends `request`, retrying per `retryPolicy`, and returns the first response below 400.
    ///
    /// - Parameters:
    ///   - request: the request, built with `request(_:_:query:headers:body:)` (no credential yet).
    ///   - idempotencyKey: sent as `Idempotency-Key` on every attempt; it makes a POST safe to retry.
    ///   - endpoint: the call as a template, the same for every id (`GET /api/v1/cad/jobs/{jobID}`), as
    ///     errors, logs and instrumentation name it; defaults to the method and concrete path.
    ///   - pacer: every attempt (retries included) first takes a slot of this window.
    /// - Throws: `APIError` for an error status (after retries), `TransportError` when no exchange
    ///   completed (after retries), `CADError.usage` for a key over insecure HTTP, `CancellationError`.
    public func send(
        _ request: HTTPRequest,
        idempotencyKey: IdempotencyKey? = nil,
        endpoint: String? = nil,
        pacer: RequestWindow? = nil
    ) async throws -> HTTPResponse {
        var request = request
        try prepare(&request)
        if request.timeouts.total == nil, case .memory = request.destination, let requestTimeout {
            request.timeouts.total = requestTimeout
        }
        if let idempotencyKey { request.headers[IdempotencyKey.headerName] = idempotencyKey.value }
        let hasKey = request.headers.contains(IdempotencyKey.headerName)
        let endpoint = endpoint ?? Self.endpoint(request)
        let redactor = self.redactor
        // Redacted only when someone reads the exchanges (a debug logger, an observer).
        let shownURL = recordsExchanges ? redactor.redact(url: request.url) : ""
        let timer = ClockTimer(clock)
        var retries = 0

        while true {
            try Task.checkCancellation()
            if let pacer { try await pacer.acquire() }
            let started = timer.elapsed
            let failure: RetryPolicy.Failure
            var attempt = request
            let span = instrumentation.map { startAttempt($0, &attempt, endpoint: endpoint, retry: retries) }
            var outcome = RequestAttemptOutcome(status: nil, duration: .zero, willRetry: false)
            var spanEnded = false
            defer { if !spanEnded { span?.end(outcome) } }
            do {
                let response = try await transport.send(attempt)
                let requestID = APIErrorDecoder.requestID(in: response.headers)
                record(request, url: shownURL, status: response.status, duration: timer.elapsed - started,
                       requestID: requestID, retry: retries, failure: nil)
                outcome = RequestAttemptOutcome(
                    status: response.status, duration: timer.elapsed - started,
                    bytesSent: response.metrics.requestBytesSent, bytesReceived: response.bodyBytesReceived,
                    willRetry: false)
                if response.status < 400 { return response }
                var error = errorDecoder.decode(response, endpoint: endpoint, now: now())
                error.message = redactor.redact(error.message)
                error.details = error.details.map(redactor.redact)
                error.attempts = retries + 1
                error.path = Self.path(of: request.url)
                failure = .response(error)
            } catch let error as TransportError {
                record(request, url: shownURL, status: nil, duration: timer.elapsed - started, requestID: nil,
                       retry: retries, failure: redactor.redact(error.description))
                failure = .transport(error)
                outcome = RequestAttemptOutcome(status: nil, duration: timer.elapsed - started, willRetry: false,
                                                failure: redactor.redact(error.description))
            }

            let decision = retryPolicy.decide(method: request.method, hasIdempotencyKey: hasKey,
                                              failure: failure, retriesSoFar: retries)
            if case .retry = decision { outcome.willRetry = true }
            if case .response(let error) = failure, outcome.failure == nil { outcome.failure = error.message }
            span?.end(outcome)
            spanEnded = true
            switch decision {
            case .retry(let delay):
                logger.debug("retrying", metadata: [
                    "provider": .string(provider), "endpoint": .string(endpoint),
                    "retry": .stringConvertible(retries + 1), "delay": .string(delay.description),
                ])
                try await timer.sleep(for: delay)
                retries += 1
            case .stop(let reason):
                throw Self.finalError(failure, reason: reason, attempts: retries + 1, redactor: redactor,
                                      provider: provider, endpoint: endpoint, whereToCheck: whereToCheckEffect)
            }
        }
    }

    /// Sends `request` and decodes its JSON body as `T`.
    public func send<T: Decodable>(
        _ request: HTTPRequest,
        decoding type: T.Type,
        idempotencyKey: IdempotencyKey? = nil,
        endpoint: String? = nil,
        pacer: RequestWindow? = nil,
        decoder: JSONDecoder = JSONDecoder()
    ) async throws -> T {
        let endpoint = endpoint ?? Self.endpoint(request)
        let response = try await send(request, idempotencyKey: idempotencyKey, endpoint: endpoint, pacer: pacer)
        return try decode(type, from: response, endpoint: endpoint, decoder: decoder)
    }

    /// Decodes `response`'s JSON body as `T`.
    ///
    /// - Throws: `APIError` classified `.decoding` that names the provider, endpoint, status and request id,
    ///   says what did not fit, and quotes the start of the body (redacted, never all of it).
    public func decode<T: Decodable>(
        _ type: T.Type,
        from response: HTTPResponse,
        endpoint: String,
        decoder: JSONDecoder = JSONDecoder()
    ) throws -> T {
        let redactor = self.redactor
        func failure(_ problem: String) -> APIError {
            let head = redactor.redact(String(decoding: response.body.prefix(4096), as: UTF8.self))
            return APIError.decoding(
                provider: provider, endpoint: endpoint, status: response.status,
                requestID: APIErrorDecoder.requestID(of: response), problem: problem,
                bodyExcerpt: APIError.excerpt(of: Data(head.utf8))
            )
        }
        let text = String(decoding: response.body.prefix(1024), as: UTF8.self).trimmingSpaces()
        if HTMLPage.looksLikeHTML(text) {
            var error = failure("expected JSON")
            error.message = redactor.redact(HTMLPage.message(text, status: response.status, provider: provider, endpoint: endpoint))
            throw error
        }
        do {
            return try decoder.decode(type, from: response.body)
        } catch {
            throw failure(APIError.describe(error))
        }
    }

    // MARK: - Downloads

    /// `request` as `send` would send it: with the credential when it goes to the API's own origin, without
    /// any credential header otherwise. For requests handed to a `Downloader` (an artifact URL on the API
    /// that redirects to storage: the transport drops the credential on the cross-origin redirect).
    ///
    /// - Throws: `CADError.usage` for a key over insecure HTTP.
    public func authorized(_ request: HTTPRequest) throws -> HTTPRequest {
        var request = request
        try prepare(&request)
        return request
    }

    /// A downloader sharing this client's transport, clock, logger, observer and redaction.
    public func downloader(retryPolicy: RetryPolicy? = nil) -> Downloader {
        Downloader(provider: provider, transport: transport, retryPolicy: retryPolicy ?? self.retryPolicy,
                   clock: clock, logger: logger, observer: observer, redactor: redactor)
    }

    /// Downloads `request` to `path` atomically (see `Downloader`): with the credential only when the URL is
    /// on the API's origin, and never carrying it to another one.
    public func download(
        _ request: HTTPRequest,
        to path: String,
        options: DownloadOptions = DownloadOptions()
    ) async throws -> DownloadResult {
        var options = options
        options.apiBaseURL = baseURL
        return try await downloader().download(try authorized(request), to: path, options: options)
    }

    // MARK: - Policies

    /// Checks that `url` may carry the credential: refuses plain `http://` to a host other than this
    /// machine unless `allowInsecureHTTP`.
    ///
    /// - Throws: `CADError.usage` saying how to fix it.
    public func checkTransportSecurity(for url: URL) throws {
        guard credential != nil else { return }
        guard let origin = URLOrigin(url) else {
            throw CADError.usage("\(redactor.redact(url: url)) is not an absolute http(s) URL; "
                + "set the \(provider) base URL to something like https://host")
        }
        try checkTransportSecurity(for: origin)
    }

    /// The transport-security check for a URL already parsed into `origin`.
    private func checkTransportSecurity(for origin: URLOrigin) throws {
        switch origin.scheme {
        case "https":
            return
        case "http":
            if origin.isLoopback || allowInsecureHTTP { return }
            throw CADError.usage(
                "refusing to send the \(provider) API key over plain http:// to \(origin.host), where anyone on "
                    + "the way could read it: use an https:// base URL (plain http is accepted only for "
                    + "127.0.0.1 and localhost), or allow insecure HTTP explicitly (allowInsecureHTTP) if this "
                    + "network is trusted"
            )
        default:
            throw CADError.usage("unsupported URL scheme \"\(origin.scheme)\" for the \(provider) API; use https://")
        }
    }

    /// Whether `url` has the base URL's origin (scheme, host, port): only such URLs get the credential.
    public func isSameOrigin(_ url: URL) -> Bool {
        guard let target = URLOrigin(url), let baseOrigin else { return false }
        return target == baseOrigin
    }

    /// Whether exchanges are recorded: the logger shows debug messages or an observer is set.
    private var recordsExchanges: Bool { logger.logLevel <= .debug || observer != nil }

    /// `METHOD /path` for `request`.
    public static func endpoint(_ request: HTTPRequest) -> String {
        "\(request.method.rawValue) \(path(of: request.url))"
    }

    /// The percent-encoded path of `url` (`/` when it has none).
    public static func path(of url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? ""
        return path.isEmpty ? "/" : path
    }

    /// Tells `instrumentation` an attempt starts, letting it add propagation headers to `request` (it never
    /// sees the credential header).
    private func startAttempt(_ instrumentation: any RequestInstrumentation, _ request: inout HTTPRequest,
                              endpoint: String, retry: Int) -> any RequestAttemptSpan {
        let info = RequestAttempt(provider: provider, endpoint: endpoint, path: Self.path(of: request.url),
                                  method: request.method, retry: retry)
        var headers = HTTPHeaders(request.headers.filter { !request.credentialHeaderNames.contains($0.name.lowercased()) }
            .map { ($0.name, $0.value) })
        let span = instrumentation.startAttempt(info, headers: &headers)
        for field in headers where !request.headers.values(for: field.name).contains(field.value) {
            request.headers[field.name] = field.value
        }
        return span
    }

    /// Adds the credential for the API's own origin; strips credential headers for any other.
    private func prepare(_ request: inout HTTPRequest) throws {
        for name in request.credentialHeaderNames { request.headers.remove(name) }
        if let credential { request.headers.remove(credential.headerName) }
        guard let credential, let origin = URLOrigin(request.url), origin == baseOrigin else { return }
        try checkTransportSecurity(for: origin)
        request.headers[credential.headerName] = credential.headerValue
        request.credentialHeaderNames.insert(credential.headerName.lowercased())
    }

    private func record(_ request: HTTPRequest, url: String, status: Int?, duration: Duration, requestID: String?,
                        retry: Int, failure: String?) {
        guard recordsExchanges else { return }
        let record = ExchangeRecord(provider: provider, method: request.method.rawValue, url: url, status: status,
                                    duration: duration, requestID: requestID, retry: retry, failure: failure)
        var metadata: Logger.Metadata = [
            "provider": .string(provider), "method": .string(record.method), "url": .string(url),
            "duration": .string(ExchangeRecord.seconds(duration)), "retry": .stringConvertible(retry),
        ]
        if let status { metadata["status"] = .stringConvertible(status) }
        if let requestID { metadata["request_id"] = .string(requestID) }
        if let failure { metadata["failure"] = .string(failure) }
        logger.debug("http exchange", metadata: metadata)
        observer?(record)
    }

    /// The error to surface when retries stop.
    static func finalError(_ failure: RetryPolicy.Failure, reason: RetryStopReason, attempts: Int,
                           redactor: Redactor, provider: String = "the", endpoint: String = "the request",
                           whereToCheck: String? = nil) -> any Error {
        let checkHint = whereToCheck.map { " (\($0))" } ?? ""
        switch failure {
        case .response(var error):
            if case .unsafeToRepeat = reason {
                error.message += "; the request may have taken effect before the server failed, so it was not sent "
                    + "again: check whether it did\(checkHint) before resubmitting"
            }
            return error
        case .transport(var error):
            error.message = redactor.redact(error.message)
            if error.kind == .bodyTooLarge {
                error.message = "the \(provider) API answered \(endpoint) with a body larger than any JSON document it "
                    + "sends (\(error.message)); it was not read further: check the base URL, or report it to \(provider)"
            }
            switch reason {
            case .unsafeToRepeat:
                error.message += "; the request may have reached the server, so it was not sent again: "
                    + "check whether it took effect\(checkHint) before resubmitting"
            case .retriesExhausted where attempts > 1:
                error.message += " (gave up after \(attempts) attempts)"
            default:
                break
            }
            return error
        }
    }
}
