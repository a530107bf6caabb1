import Bitbybit

/// Turns `--param key=value` into typed JSON by the model's definition: numbers as numbers, integers as
/// integers, booleans as booleans, arrays from JSON (`[0,0,1]`) or commas (`0,0,1`). Unknown names are
/// rejected with the list of valid ones.
enum BitbybitModelParams {
    static func parse(_ pairs: [String], definition: ModelDefinition) throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        let byName = Dictionary(definition.params.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw CLIError.usage("--param \(pair): write it as KEY=VALUE, e.g. --param height=10")
            }
            let name = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            guard let parameter = byName[name] else {
                let valid = definition.params.map(\.name).joined(separator: ", ")
                throw CLIError.usage("unknown parameter '\(name)' for model \(definition.name); valid: \(valid)")
            }
            result[name] = try value(text, for: parameter, model: definition.name)
        }
        return result
    }

    /// Merges a `--params-file` object under the `--param` values (flags win).
    static func merge(file: JSONValue?, flags: [String: JSONValue], definition: ModelDefinition) throws
        -> [String: JSONValue]
    {
        guard let file else { return flags }
        guard let object = file.objectValue else {
            throw CLIError.usage("--params-file must hold a JSON object of parameters, e.g. {\"height\": 10}")
        }
        let valid = Set(definition.params.map(\.name))
        var result: [String: JSONValue] = [:]
        for (key, value) in object {
            guard valid.contains(key) else {
                throw CLIError.usage("unknown parameter '\(key)' in --params-file for model \(definition.name); "
                    + "valid: \(definition.params.map(\.name).joined(separator: ", "))")
            }
            result[key] = value
        }
        for (key, value) in flags { result[key] = value }
        return result
    }

    static func value(_ text: String, for parameter: ModelParamDefinition, model: String) throws -> JSONValue {
        let place = "--param \(parameter.name)"
        switch parameter.type {
        case .number:
            guard let number = Double(text), number.isFinite else {
                throw CLIError.usage("\(place)=\(text): \(parameter.name) is a number, e.g. \(parameter.name)=10")
            }
            return .number(number)
        case .integer:
            guard let number = Int(text) else {
                throw CLIError.usage("\(place)=\(text): \(parameter.name) is a whole number, e.g. \(parameter.name)=4")
            }
            return .number(Double(number))
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw CLIError.usage("\(place)=\(text): \(parameter.name) is true or false")
            }
        case .array:
            return try array(text, for: parameter, place: place)
        case .unknown:
            if let parsed = try? JSONValue(parsing: text) { return parsed }
            return .string(text)
        }
    }

    private static func array(_ text: String, for parameter: ModelParamDefinition, place: String) throws -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let elements: [JSONValue]
        if trimmed.hasPrefix("[") {
            guard let parsed = try? JSONValue(parsing: trimmed), let items = parsed.arrayValue else {
                throw CLIError.usage("\(place)=\(text): not a JSON array; write e.g. \(parameter.name)=[0,0,1]")
            }
            elements = items
        } else {
            elements = try trimmed.split(separator: ",", omittingEmptySubsequences: false).map { piece in
                let item = piece.trimmingCharacters(in: .whitespaces)
                if let number = Double(item), number.isFinite { return .number(number) }
                if item == "true" || item == "false" { return .bool(item == "true") }
                if parameter.items?.type == "number" || parameter.items?.type == "integer" {
                    throw CLIError.usage("\(place)=\(text): '\(item)' is not a number; write e.g. "
                        + "\(parameter.name)=0,0,1")
                }
                return .string(item)
            }
        }
        if let type = parameter.items?.type, type == "number" || type == "integer" {
            for element in elements where element.numberValue == nil {
                throw CLIError.usage("\(place)=\(text): every element must be a number, e.g. \(parameter.name)=0,0,1")
            }
        }
        return .array(elements)
    }
}
