import Foundation

/// The endpoint groups Bitbybit keys are scoped to.
///
/// The OpenAPI document names the scopes `models`, `cad`, `convert` and `*`; the Cloud CAD overview
/// adds `files` and `tasks`. The sandbox honours both: work endpoints need their own scope; the
/// files endpoints accept `files` or a scope whose work reads uploaded files (`convert`, `cad`); the
/// tasks endpoints accept `tasks` or any scope that creates tasks (`models`, `cad`, `convert`). `*`
/// grants everything, and a key with no scope gets 403 `INSUFFICIENT_SCOPE` everywhere.
enum BitbybitScope: String, Sendable {
    case models
    case cad
    case convert
    case files
    case tasks

    /// The key scopes that open this group.
    var grantingScopes: [String] {
        switch self {
        case .models, .cad, .convert: [rawValue]
        case .files: ["files", "convert", "cad"]
        case .tasks: ["tasks", "models", "cad", "convert"]
        }
    }

    func isGranted(by key: SandboxKey) -> Bool { grantingScopes.contains { key.grants($0) } }
}

/// An authenticated request to a Bitbybit endpoint.
struct BitbybitCall: Sendable {
    let request: SandboxRequest
    let key: SandboxKey

    /// Tasks and files belong to the key's workspace: keys sharing one see each other's.
    var owner: String { key.workspace }
    var requestID: String { request.requestID }

    /// Body limits: 512 KB for pipelines, 128 KB for every other endpoint (Bitbybit's documented limits).
    static let pipelineBodyLimit = 512 * 1024
    static let defaultBodyLimit = 128 * 1024

    /// The body parsed as a JSON object, refused with 400 `VALIDATION_ERROR` when missing, too large or
    /// not JSON.
    func jsonBody(limit: Int = BitbybitCall.defaultBodyLimit) throws -> JSONValue {
        guard request.body.count <= limit else {
            throw BitbybitFailure(
                400, "PAYLOAD_TOO_LARGE",
                "The request body is \(request.body.count) bytes; this endpoint accepts at most \(limit / 1024) KB")
        }
        guard !request.body.isEmpty else {
            throw BitbybitFailure.invalid("body", "a JSON request body is required")
        }
        if let type = request.mediaType, type != "application/json", !type.hasSuffix("+json") {
            throw BitbybitFailure.invalid("body", "Content-Type must be application/json, not \(type)")
        }
        guard let value = JSONValue.parse(request.body) else {
            throw BitbybitFailure.invalid("body", "the request body is not valid JSON")
        }
        return value
    }

    /// The body, validated against the component schema `schema`.
    func validatedBody(_ schema: String, validator: BitbybitRequestValidator, limit: Int = BitbybitCall.defaultBodyLimit)
        throws -> JSONValue
    {
        let body = try jsonBody(limit: limit)
        let issues = validator.validate(body, against: schema)
        guard issues.isEmpty else { throw BitbybitFailure.validation(issues) }
        return body
    }

    /// A positive integer query parameter clamped to `range`, `fallback` when absent; 400 when not a number.
    func integerQuery(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.queryValue(name), !text.isEmpty else { return fallback }
        guard let value = Int(text) else { throw BitbybitFailure.invalid(name, "must be an integer, not \(text)") }
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// A query parameter that must be one of `allowed`; `nil` when absent.
    func enumQuery(_ name: String, allowed: [String]) throws -> String? {
        guard let text = request.queryValue(name), !text.isEmpty else { return nil }
        guard allowed.contains(text) else {
            throw BitbybitFailure.invalid(name, "must be one of: \(allowed.joined(separator: ", ")), not \(text)")
        }
        return text
    }
}
