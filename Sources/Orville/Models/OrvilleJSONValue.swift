/// Any JSON value, for fields whose shape Orville leaves open (`viewer_state`, `viewer_actions`,
/// `iteration_proposal`).
public enum OrvilleJSONValue: Sendable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([OrvilleJSONValue])
    /// An object.
    case object([String: OrvilleJSONValue])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([OrvilleJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: OrvilleJSONValue].self))
        }
    }

    /// Encodes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text (for `--viewer-state`).
    ///
    /// - Throws: `CADError.usage` saying the text is not JSON.
    public static func parse(_ text: String, what: String = "the JSON value") throws -> OrvilleJSONValue {
        do {
            return try JSONDecoder().decode(OrvilleJSONValue.self, from: Data(text.utf8))
        } catch {
            throw CADError.usage("\(what) is not valid JSON: \(APIError.describe(error))")
        }
    }

    /// Whether this is a JSON object.
    public var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
