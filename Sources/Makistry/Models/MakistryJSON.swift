/// Any JSON value: job `metadata`, which Makistry stores and echoes back as the caller sent it.
public enum MakistryJSON: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([MakistryJSON])
    /// An object.
    case object([String: MakistryJSON])

    /// Parses JSON text.
    ///
    /// - Throws: `CADError.usage` saying where the text stops being JSON.
    public static func parse(_ text: String, what: String = "metadata") throws -> MakistryJSON {
        do {
            return try JSONDecoder().decode(MakistryJSON.self, from: Data(text.utf8))
        } catch {
            throw CADError.usage("\(what) is not valid JSON (\(APIError.describe(error))); give a JSON object such as "
                + "'{\"order\":\"A-17\"}'")
        }
    }

    /// The object's members, when this is an object.
    public var objectValue: [String: MakistryJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([MakistryJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: MakistryJSON].self)) }
    }

    /// Encodes the value as it is.
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

    /// Compact JSON text with sorted keys.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// The compact JSON text.
    public var description: String { jsonText }

    /// The JSON kind's name, for error messages (`an array`, `a string`).
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
