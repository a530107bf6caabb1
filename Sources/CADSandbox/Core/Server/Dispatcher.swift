import Foundation

/// Routes one listener's requests: matches the route, applies the fault plan, runs the handler and
/// records what happened in the inspector. Independent of Hummingbird.
struct Dispatcher: Sendable {
    let listener: SandboxInspector.Listener
    let table: RouteTable
    let providers: [SandboxProvider: any SandboxProviderAPI]
    let environment: SandboxEnvironment

    /// The request's head, before its body is read.
    struct Head: Sendable {
        var method: String
        var path: String
        var query: [(name: String, value: String)]
        var headers: SandboxHeaders
    }

    /// Handles a request; `readBody` is called only when the request is processed.
    func dispatch(_ head: Head, readBody: () async throws -> Data) async -> SandboxResponse {
        var request = SandboxRequest(
            method: head.method, path: head.path, query: head.query, headers: head.headers, body: Data(),
            requestID: SandboxIDs.requestID())
        if listener == .storage { recordCredentials(request) }
        let match = table.match(method: request.method, path: request.path)
        var entry: RouteTable.Entry?
        if case .found(let found, let parameters) = match {
            entry = found
            request.route = found.id
            request.pathParameters = parameters
        }
        let provider = entry?.provider ?? providerOwning(path: request.path)
        let keyName = provider.flatMap { environment.keys.authenticate(request, provider: $0)?.name }
        let fault = environment.faults.take(method: request.method, pattern: entry?.id.pattern, path: request.path)
        if fault != nil { environment.inspector.recordFaultApplied() }

        var response: SandboxResponse
        switch fault {
        case .closeBeforeProcessing?:
            response = SandboxResponse.empty(503)
            response.disposition = .closeConnection
        case .status(let status, let retryAfter, let code, let message)?:
            response = errorResponse(
                status: status, code: code ?? Self.defaultCode(status), message: message ?? Self.defaultMessage(status),
                provider: provider, request: request)
            if let retryAfter { response.headers["retry-after"] = Self.render(retryAfter) }
        default:
            if case .delay(let seconds)? = fault {
                try? await Task.sleep(for: .seconds(fractional: seconds))
            }
            if case .ignoreRange? = fault { request.faultFlags.insert(.ignoreRange) }
            response = await process(&request, entry: entry, match: match, provider: provider, readBody: readBody)
            switch fault {
            case .closeAfterProcessing?: response.disposition = .closeConnection
            case .truncateBody(let keep)?: response.disposition = .truncate(bytes: min(keep ?? response.body.count / 2, response.body.count))
            case .invalidJSON?: response.body = Data("{\"id\": \"broken\", \"status\": <html>Bad Gateway".utf8)
            default: break
            }
        }
        if provider == .orville, response.headers["x-request-id"] == nil {
            response.headers["x-request-id"] = request.requestID
        }
        environment.inspector.record(
            SandboxInspector.RequestRecord(
                listener: listener, method: request.method, path: request.path, route: entry?.id.description,
                keyName: keyName, status: response.disposition == .closeConnection ? 0 : response.status,
                idempotencyKey: request.headers["idempotency-key"]))
        if environment.configuration.logRequests {
            FileHandle.standardError.write(Data("cad-sandbox: \(request.method) \(request.path) -> \(response.status)\n".utf8))
        }
        return response
    }

    private func process(
        _ request: inout SandboxRequest, entry: RouteTable.Entry?, match: RouteTable.Match, provider: SandboxProvider?,
        readBody: () async throws -> Data
    ) async -> SandboxResponse {
        guard let entry else {
            if case .methodNotAllowed(let allowed) = match {
                return errorResponse(
                    status: 405, code: "method_not_allowed",
                    message: "\(request.method) is not supported on \(request.path); use \(allowed.joined(separator: ", "))",
                    provider: provider, request: request
                ).with(header: "allow", allowed.joined(separator: ", "))
            }
            return errorResponse(
                status: 404, code: "not_found", message: "No endpoint at \(request.path)", provider: provider, request: request)
        }
        do {
            request.body = try await readBody()
        } catch {
            return errorResponse(
                status: 413, code: "payload_too_large", message: "The request body is too large", provider: provider,
                request: request)
        }
        do {
            return try await entry.handler(request)
        } catch {
            return errorResponse(
                status: 500, code: "internal_error", message: "Sandbox handler failed: \(error)", provider: provider,
                request: request)
        }
    }

    private func errorResponse(
        status: Int, code: String, message: String, provider: SandboxProvider?, request: SandboxRequest
    ) -> SandboxResponse {
        if let provider, let api = providers[provider] {
            return api.errorResponse(status: status, code: code, message: message, request: request)
        }
        if listener == .storage { return StorageRoutes.error(status, code: code, message: message) }
        return .json(status, .object(["error": .object(["code": .string(code), "message": .string(message)])]))
    }

    private func providerOwning(path: String) -> SandboxProvider? {
        guard listener == .api else { return nil }
        return SandboxProvider.allCases.first { path == $0.pathPrefix || path.hasPrefix($0.pathPrefix + "/") }
    }

    private func recordCredentials(_ request: SandboxRequest) {
        for name in ["authorization", "x-api-key", "cookie", "proxy-authorization"] {
            for value in request.headers.values(name) {
                environment.inspector.recordCredential(
                    SandboxInspector.CredentialSighting(
                        header: name, method: request.method, path: request.path,
                        maskedValue: SandboxInspector.mask(value)))
            }
        }
    }

    static func render(_ retryAfter: RetryAfter) -> String {
        switch retryAfter {
        case .seconds(let seconds): String(seconds)
        case .httpDate(let seconds): Timestamp.httpDate(Date().addingTimeInterval(TimeInterval(seconds)))
        }
    }

    static func defaultCode(_ status: Int) -> String {
        switch status {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 408: "request_timeout"
        case 409: "conflict"
        case 429: "rate_limited"
        case 500: "internal_error"
        case 502: "bad_gateway"
        case 503: "service_unavailable"
        case 504: "gateway_timeout"
        default: "http_\(status)"
        }
    }

    static func defaultMessage(_ status: Int) -> String {
        switch status {
        case 429: "Rate limit exceeded (injected by the sandbox fault plan)"
        case 500..<600: "The service is temporarily unavailable (injected by the sandbox fault plan)"
        default: "Injected by the sandbox fault plan"
        }
    }
}
