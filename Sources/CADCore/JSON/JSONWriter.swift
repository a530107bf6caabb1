extension JSONValue {
    /// The value as JSON text. Compact by default (what is sent and what the payload budget measures);
    /// `pretty` indents by two spaces. Whole numbers print without a fraction (`10`, not `10.0`);
    /// non-finite numbers, which JSON cannot hold, print as `null`.
    public func serialized(pretty: Bool = false, sortedKeys: Bool = false) -> String {
        var output = ""
        write(into: &output, pretty: pretty, sortedKeys: sortedKeys, indent: 0)
        return output
    }

    /// The compact UTF-8 encoding, as sent on the wire.
    public var serializedData: Data { Data(serialized().utf8) }

    private func write(into output: inout String, pretty: Bool, sortedKeys: Bool, indent: Int) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .number(let value):
            output += JSONValue.format(number: value)
        case .string(let value):
            JSONValue.writeString(value, into: &output)
        case .array(let values):
            if values.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (position, value) in values.enumerated() {
                if position > 0 { output += "," }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                value.write(into: &output, pretty: pretty, sortedKeys: sortedKeys, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output += "]"
        case .object(let object):
            if object.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            let keys = sortedKeys ? object.keys.sorted() : object.keys
            for (position, key) in keys.enumerated() {
                guard let value = object[key] else { continue }
                if position > 0 { output += "," }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                JSONValue.writeString(key, into: &output)
                output += pretty ? ": " : ":"
                value.write(into: &output, pretty: pretty, sortedKeys: sortedKeys, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, indent: Int) {
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// A number as JSON text: integers without a fraction, others in Swift's shortest round-trip form.
    public static func format(number value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    private static func writeString(_ value: String, into output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}" ..< "\u{20}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
