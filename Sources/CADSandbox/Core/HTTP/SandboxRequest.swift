import Foundation

/// A request as a provider's handler sees it: method, decoded path, query, headers, whole body.
struct SandboxRequest: Sendable {
    /// Upper-case method (`GET`, `POST`, ...).
    var method: String
    /// The request path without the query (percent-decoded segments are in `pathParameters`).
    var path: String
    /// Query items in order, percent-decoded.
    var query: [(name: String, value: String)]
    var headers: SandboxHeaders
    var body: Data
    /// Values of `{name}` segments of the matched route pattern.
    var pathParameters: [String: String] = [:]
    /// The matched route (`GET /orville/api/v1/cad/jobs/{job_id}`), or `nil` before routing.
    var route: RouteID?
    /// A fresh id for this request (`req_` + 32 hex digits), used by Orville's `request_id`.
    var requestID: String
    /// Flags the fault plan sets for handlers that honour them (storage: ignore `Range`).
    var faultFlags: FaultFlags = []

    /// The first query value named `name`.
    func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// The value of path parameter `name`, or an empty string.
    func parameter(_ name: String) -> String { pathParameters[name] ?? "" }

    /// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive).
    var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// The media type of `Content-Type` without parameters, lowercased (`application/json`).
    var mediaType: String? {
        headers["content-type"].map {
            String($0.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}

/// Behaviour switches the fault plan hands to handlers.
struct FaultFlags: OptionSet, Sendable {
    let rawValue: Int
    /// Storage answers 200 with the whole body even when `Range` was sent.
    static let ignoreRange = FaultFlags(rawValue: 1)
}
