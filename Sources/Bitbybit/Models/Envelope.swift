/// Every Bitbybit JSON response: `{"ok":true,"data":…}` or
/// `{"ok":false,"error":{"code","message","details","requestId"}}`.
public enum Envelope<T: Sendable>: Sendable {
    /// `ok: true` with its `data`.
    case success(T)
    /// `ok: false` with its `error`.
    case failure(BitbybitErrorDetail)

    /// The data, or the error thrown.
    public func get() throws(BitbybitErrorDetail) -> T {
        switch self {
        case .success(let data): return data
        case .failure(let error): throw error
        }
    }

    private enum CodingKeys: String, CodingKey { case ok, data, error }
}

extension Envelope: Decodable where T: Decodable {
    /// Decodes by `ok`; when `ok` is missing, by which of `data` / `error` is present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ok = try container.decodeIfPresent(Bool.self, forKey: .ok)
            ?? !container.contains(.error)
        if ok {
            self = .success(try container.decode(T.self, forKey: .data))
        } else {
            self = .failure(try container.decode(BitbybitErrorDetail.self, forKey: .error))
        }
    }
}

extension Envelope: Encodable where T: Encodable {
    /// Encodes the documented shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .success(let data):
            try container.encode(true, forKey: .ok)
            try container.encode(data, forKey: .data)
        case .failure(let error):
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
        }
    }
}

extension Envelope: Equatable where T: Equatable {}

/// The `error` of a failed Bitbybit response (`ErrorDetail`).
public struct BitbybitErrorDetail: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    /// Machine-readable code, e.g. `VALIDATION_ERROR`, `INSUFFICIENT_SCOPE`.
    public var code: String
    /// Human-readable message.
    public var message: String
    /// Optional structured context.
    public var details: JSONValue?
    /// Request id for tracing.
    public var requestID: String?

    private enum CodingKeys: String, CodingKey {
        case code, message, details, requestID = "requestId"
    }

    /// An error body.
    public init(code: String, message: String, details: JSONValue? = nil, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.requestID = requestID
    }

    /// "message (code, request id)".
    public var description: String {
        var text = "\(message) (bitbybit: \(code)"
        if let requestID { text += ", request \(requestID)" }
        return text + ")"
    }
}
