import Foundation

/// The tests' JSON Schema validator for the subset the Bitbybit OpenAPI document uses: `$ref` to
/// components, `type` (a name or a list), `properties`, `required`, `additionalProperties`,
/// `propertyNames`, `enum`, `const`, `items`, `prefixItems`, `oneOf`/`anyOf`/`allOf`, `minimum`/`maximum`,
/// `exclusiveMinimum`/`exclusiveMaximum`, `minLength`/`maxLength`, `minItems`/`maxItems`. Annotations
/// (`description`, `example`, `default`, `format`, `title`) are ignored; any other keyword is reported
/// as an error, so the validator never passes a body by skipping a rule it does not know.
///
/// Written for the tests alone: it shares no code with the sandbox (whose request validator is a
/// separate implementation), so a mistake in one is caught by the other.
struct BitbybitSchemaValidator {
    let document: TestJSON

    static let annotations: Set<String> = ["description", "example", "examples", "default", "format", "title"]
    static let assertions: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "propertyNames", "enum", "const",
        "items", "prefixItems", "oneOf", "anyOf", "allOf", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
    ]

    /// The OpenAPI file from the source tree (read directly, not through the sandbox's bundle loader).
    static func loadFromSourceTree(filePath: String = #filePath) throws -> BitbybitSchemaValidator {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("Sources/CADSandbox/Resources/bitbybit-openapi.json")
        return BitbybitSchemaValidator(document: try TestJSON.parse(try Data(contentsOf: url)))
    }

    /// The response schema for `method pathTemplate` answering `status`; `nil` when the document does not
    /// list that status for the operation.
    func responseSchema(method: String, path: String, status: Int) -> TestJSON? {
        document["paths"]?[path]?[method.lowercased()]?["responses"]?[String(status)]?["content"]?["application/json"]?["schema"]
    }

    /// Statuses the document lists for `method path`.
    func listedStatuses(method: String, path: String) -> [Int] {
        document["paths"]?[path]?[method.lowercased()]?["responses"]?.keys.compactMap(Int.init) ?? []
    }

    /// Every (method, path) pair in the document.
    var operations: [(method: String, path: String)] {
        (document["paths"]?.members ?? []).flatMap { path, item in
            item.keys.filter { ["get", "post", "put", "delete", "patch"].contains($0) }.map { ($0.uppercased(), path) }
        }
    }

    /// Violations of `value` against `schema` (empty when valid), each with a JSON path.
    func errors(_ value: TestJSON, _ schema: TestJSON, at path: String = "$") -> [String] {
        if case .bool(let allowed) = schema { return allowed ? [] : ["\(path): no value is allowed here"] }
        guard let rules = schema.members else { return ["\(path): schema is not an object"] }
        var found: [String] = []
        for (keyword, _) in rules where !Self.annotations.contains(keyword) && !Self.assertions.contains(keyword) {
            found.append("\(path): validator does not support keyword \(keyword)")
        }
        if let reference = schema["$ref"] {
            guard let name = reference.string, name.hasPrefix("#/components/schemas/"),
                let target = document["components"]?["schemas"]?[String(name.dropFirst("#/components/schemas/".count))]
            else { return found + ["\(path): unresolvable $ref \(reference)"] }
            found += errors(value, target, at: path)
        }
        if let all = schema["allOf"]?.array {
            for part in all { found += errors(value, part, at: path) }
        }
        if let any = schema["anyOf"]?.array {
            let results = any.map { errors(value, $0, at: path) }
            if !results.contains(where: \.isEmpty) {
                found.append("\(path): matches none of anyOf: " + results.map { $0.joined(separator: "; ") }.joined(separator: " | "))
            }
        }
        if let one = schema["oneOf"]?.array {
            let matches = one.filter { errors(value, $0, at: path).isEmpty }.count
            if matches != 1 { found.append("\(path): matches \(matches) branches of oneOf, expected exactly 1") }
        }
        if let type = schema["type"] {
            let names = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if !names.contains(where: { Self.has(value, type: $0) }) {
                return found + ["\(path): expected type \(names.joined(separator: "|")), got \(value)"]
            }
        }
        if let constant = schema["const"], constant != value {
            found.append("\(path): expected const \(constant), got \(value)")
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            found.append("\(path): \(value) is not in enum \(options)")
        }
        switch value {
        case .number(let number, _):
            if let limit = schema["minimum"]?.double, number < limit { found.append("\(path): \(number) < minimum \(limit)") }
            if let limit = schema["maximum"]?.double, number > limit { found.append("\(path): \(number) > maximum \(limit)") }
            if let limit = schema["exclusiveMinimum"]?.double, number <= limit {
                found.append("\(path): \(number) <= exclusiveMinimum \(limit)")
            }
            if let limit = schema["exclusiveMaximum"]?.double, number >= limit {
                found.append("\(path): \(number) >= exclusiveMaximum \(limit)")
            }
        case .string(let text):
            let length = text.unicodeScalars.count
            if let limit = schema["minLength"]?.int, length < limit { found.append("\(path): shorter than \(limit)") }
            if let limit = schema["maxLength"]?.int, length > limit { found.append("\(path): longer than \(limit)") }
        case .array(let items):
            if let limit = schema["minItems"]?.int, items.count < limit { found.append("\(path): fewer than \(limit) items") }
            if let limit = schema["maxItems"]?.int, items.count > limit { found.append("\(path): more than \(limit) items") }
            let prefix = schema["prefixItems"]?.array ?? []
            for (index, item) in items.enumerated() {
                if index < prefix.count {
                    found += errors(item, prefix[index], at: "\(path)[\(index)]")
                } else if let itemSchema = schema["items"] {
                    found += errors(item, itemSchema, at: "\(path)[\(index)]")
                }
            }
        case .object(let members):
            let properties = schema["properties"]
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where !members.contains(where: { $0.0 == name }) {
                found.append("\(path): missing required property \(name)")
            }
            for (key, member) in members {
                if let names = schema["propertyNames"] { found += errors(.string(key), names, at: "\(path){\(key)}") }
                if let propertySchema = properties?[key] {
                    found += errors(member, propertySchema, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    found += errors(member, additional, at: "\(path).\(key)")
                }
            }
        default:
            break
        }
        return found
    }

    /// Unsupported keywords and unresolvable references anywhere inside `schema` (walked statically).
    func schemaProblems(_ schema: TestJSON, at path: String = "#", visited: inout Set<String>) -> [String] {
        guard let rules = schema.members else { return schema.bool == nil ? ["\(path): schema is not an object"] : [] }
        var problems: [String] = []
        for (keyword, value) in rules {
            switch keyword {
            case "$ref":
                guard let name = value.string, name.hasPrefix("#/components/schemas/"),
                    let target = document["components"]?["schemas"]?[String(name.dropFirst("#/components/schemas/".count))]
                else {
                    problems.append("\(path): unresolvable $ref \(value)")
                    continue
                }
                if visited.insert(name).inserted { problems += schemaProblems(target, at: name, visited: &visited) }
            case "properties":
                for (name, member) in value.members ?? [] { problems += schemaProblems(member, at: "\(path)/\(name)", visited: &visited) }
            case "items", "additionalProperties", "propertyNames":
                problems += schemaProblems(value, at: "\(path)/\(keyword)", visited: &visited)
            case "prefixItems", "anyOf", "oneOf", "allOf":
                for (index, member) in (value.array ?? []).enumerated() {
                    problems += schemaProblems(member, at: "\(path)/\(keyword)/\(index)", visited: &visited)
                }
            default:
                if !Self.annotations.contains(keyword), !Self.assertions.contains(keyword) {
                    problems.append("\(path): unsupported keyword \(keyword)")
                }
            }
        }
        return problems
    }

    private static func has(_ value: TestJSON, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .number): true
        case ("integer", .number(let number, _)): number == number.rounded() && number.isFinite
        default: false
        }
    }
}
