/// An operation parameter's type, parsed from the catalogue's TypeScript spelling
/// (`number`, `[number, number, number][]`, `"add" | "subtract"`, `unknown`).
public indirect enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    /// A number.
    case number
    /// A Boolean.
    case boolean
    /// A string.
    case string
    /// Anything (shapes, objects, …): not checked.
    case unknown
    /// An array of elements of one type.
    case array(ParameterType)
    /// A fixed-length array (`[number, number, number]`).
    case tuple([ParameterType])
    /// One of some string values.
    case literals([String])
    /// Any of several types.
    case union([ParameterType])

    /// Parses a TypeScript type spelling; anything not understood is ``unknown``.
    public init(typeScript text: String) {
        let trimmed = text.trimmingWhitespace()
        let alternatives = ParameterType.splitTopLevel(trimmed, separator: "|")
        if alternatives.count > 1 {
            let parsed = alternatives.map { ParameterType(typeScript: $0) }
            let literalValues = parsed.map(\.literalValues)
            if parsed.contains(.unknown) {
                self = .unknown
            } else if literalValues.allSatisfy({ $0 != nil }) {
                self = .literals(literalValues.flatMap { $0 ?? [] })
            } else {
                self = .union(parsed)
            }
            return
        }
        if trimmed.hasSuffix("[]") {
            self = .array(ParameterType(typeScript: String(trimmed.dropLast(2))))
            return
        }
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
            let inner = String(trimmed.dropFirst().dropLast())
            self = .tuple(ParameterType.splitTopLevel(inner, separator: ",").map { ParameterType(typeScript: $0) })
            return
        }
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
            self = .literals([String(trimmed.dropFirst().dropLast())])
            return
        }
        if trimmed.hasPrefix("("), trimmed.hasSuffix(")") {
            self = ParameterType(typeScript: String(trimmed.dropFirst().dropLast()))
            return
        }
        switch trimmed {
        case "number": self = .number
        case "boolean": self = .boolean
        case "string": self = .string
        default: self = .unknown
        }
    }

    /// The values of a ``literals`` type.
    var literalValues: [String]? {
        if case .literals(let values) = self { return values }
        return nil
    }

    /// The TypeScript spelling.
    public var description: String {
        switch self {
        case .number: "number"
        case .boolean: "boolean"
        case .string: "string"
        case .unknown: "unknown"
        case .array(let element):
            if case .union = element { "(\(element))[]" } else if case .literals = element { "(\(element))[]" } else { "\(element)[]" }
        case .tuple(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .literals(let values): values.map { "\"\($0)\"" }.joined(separator: " | ")
        case .union(let types): types.map(\.description).joined(separator: " | ")
        }
    }

    /// Splits at `separator` outside brackets, parentheses and quotes.
    private static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if !inQuotes {
                if character == "[" || character == "(" { depth += 1 }
                if character == "]" || character == ")" { depth -= 1 }
                if character == separator, depth == 0 {
                    parts.append(current)
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map { $0.trimmingWhitespace() }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(Substring(scalars[start ... end]))
    }
}
