import Foundation

/// A refusal a Bitbybit handler throws; rendered as the documented error envelope
/// `{"ok":false,"error":{"code","message","details","requestId"}}`.
struct BitbybitFailure: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    var details: JSONValue?

    init(_ status: Int, _ code: String, _ message: String, details: JSONValue? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    /// 400 `VALIDATION_ERROR` listing every issue (`details.issues`), the first ones in the message.
    static func validation(_ issues: [BitbybitValidationIssue]) -> BitbybitFailure {
        let summary = issues.prefix(3).map { "\($0.path): \($0.message)" }.joined(separator: "; ")
        let more = issues.count > 3 ? " (and \(issues.count - 3) more)" : ""
        return BitbybitFailure(
            400, "VALIDATION_ERROR", "Request validation failed: \(summary)\(more)",
            details: .object(["issues": .array(issues.map(\.json))]))
    }

    /// 400 `VALIDATION_ERROR` for one field.
    static func invalid(_ path: String, _ message: String) -> BitbybitFailure {
        validation([BitbybitValidationIssue(path: path, message: message)])
    }

    /// 404 `NOT_FOUND`.
    static func notFound(_ message: String) -> BitbybitFailure { BitbybitFailure(404, "NOT_FOUND", message) }

    /// The envelope for this failure.
    func response(requestID: String) -> SandboxResponse {
        BitbybitEnvelope.error(status: status, code: code, message: message, details: details, requestID: requestID)
    }
}

/// The two response envelopes every Bitbybit endpoint uses.
enum BitbybitEnvelope {
    /// `{"ok":true,"data":DATA}` with `status`.
    static func success(_ status: Int, _ data: JSONValue, requestID: String) -> SandboxResponse {
        SandboxResponse.json(status, .object(["ok": .bool(true), "data": data]))
            .with(header: "x-request-id", requestID)
    }

    /// `{"ok":false,"error":{…}}` with `status`.
    static func error(status: Int, code: String, message: String, details: JSONValue? = nil, requestID: String)
        -> SandboxResponse
    {
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        if let details { error["details"] = details }
        error["requestId"] = .string(requestID)
        return SandboxResponse.json(status, .object(["ok": .bool(false), "error": .object(error)]))
            .with(header: "x-request-id", requestID)
    }
}
