import CADTransport

/// Small, dependency-free JSON writing for CLI output, with stable key order.
enum JSONText {
    indirect enum Value: Sendable {
        case string(String), number(Double), integer(Int), bool(Bool), null
        case array([Value])
        case object([(String, Value)])
    }

    static func object(_ pairs: [(String, Value)]) -> String { render(.object(pairs)) }
    static func object(_ dictionary: KeyValuePairs<String, Value>) -> String {
        render(.object(dictionary.map { ($0.key, $0.value) }))
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): return quote(text)
        case .number(let number): return number.isFinite ? "\(number)" : "null"
        case .integer(let number): return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { quote($0.0) + ":" + render($0.1) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
