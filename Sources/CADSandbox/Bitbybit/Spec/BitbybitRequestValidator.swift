import Foundation

/// One reason a request body does not match its schema.
struct BitbybitValidationIssue: Sendable, Equatable {
    /// Where in the body, as a JSON path (`params.height`, `steps[2].operation`; `body` for the root).
    var path: String
    /// What is wrong, for a person.
    var message: String

    /// `{"path": …, "message": …}` for the error's `details`.
    var json: JSONValue { .object(["path": .string(path), "message": .string(message)]) }
}

/// Checks request bodies against the OpenAPI request schemas: `$ref`, `type`, `properties`, `required`,
/// `additionalProperties`, `propertyNames`, `enum`, `const`, `items`, `prefixItems`, `anyOf`/`oneOf`/`allOf`,
/// `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`, `minLength`/`maxLength`,
/// `minItems`/`maxItems`. `format`, `default`, `description` and `example` are ignored.
///
/// The sandbox's own implementation, independent of the test suite's response validator.
struct BitbybitRequestValidator: Sendable {
    let spec: BitbybitSpec

    /// Every issue of `value` against the component schema `schemaName`.
    func validate(_ value: JSONValue, against schemaName: String) -> [BitbybitValidationIssue] {
        guard let schema = spec.schema(named: schemaName) else {
            return [BitbybitValidationIssue(path: "body", message: "no schema named \(schemaName)")]
        }
        return validate(value, schema: schema, path: "")
    }

    /// Every issue of `value` against `schema`, reported under `path` ("" is the body itself).
    func validate(_ value: JSONValue, schema: JSONValue, path: String) -> [BitbybitValidationIssue] {
        guard let rules = schema.objectValue else { return [] }  // `{}` or `true`: anything goes
        var issues: [BitbybitValidationIssue] = []
        func fail(_ message: String, at location: String = path) {
            issues.append(BitbybitValidationIssue(path: location.isEmpty ? "body" : location, message: message))
        }

        if let reference = rules["$ref"]?.stringValue {
            guard let target = spec.resolve(reference: reference) else {
                fail("the schema refers to \(reference), which the API document lacks")
                return issues
            }
            issues += validate(value, schema: target, path: path)
        }
        if let branches = rules["allOf"]?.arrayValue {
            for branch in branches { issues += validate(value, schema: branch, path: path) }
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let branches = rules[keyword]?.arrayValue else { continue }
            let results = branches.map { validate(value, schema: $0, path: path) }
            let passing = results.filter(\.isEmpty).count
            if passing == 0 {
                issues += closestBranch(results)
            } else if keyword == "oneOf", passing > 1 {
                fail("matches more than one of the allowed forms")
            }
        }

        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !allowed.contains(where: { Self.value(value, hasType: $0) }) {
                fail("must be \(Self.describe(types: allowed)), not \(Self.typeName(of: value))")
                return issues  // the remaining keywords talk about a type the value does not have
            }
        }
        if let constant = rules["const"], constant != value {
            fail("must be \(Self.literal(constant))")
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            fail("must be one of: \(options.map(Self.literal).joined(separator: ", "))")
        }

        switch value {
        case .number(let number):
            checkNumber(number, rules: rules, fail: { fail($0) })
        case .string(let string):
            let length = string.count
            if let minimum = rules["minLength"]?.numberValue, Double(length) < minimum {
                fail(minimum == 1 ? "must not be empty" : "must be at least \(Int(minimum)) characters long")
            }
            if let maximum = rules["maxLength"]?.numberValue, Double(length) > maximum {
                fail("must be at most \(Int(maximum)) characters long")
            }
        case .array(let items):
            if let minimum = rules["minItems"]?.numberValue, Double(items.count) < minimum {
                fail("must have at least \(Int(minimum)) item\(minimum == 1 ? "" : "s")")
            }
            if let maximum = rules["maxItems"]?.numberValue, Double(items.count) > maximum {
                fail("must have at most \(Int(maximum)) items")
            }
            let prefix = rules["prefixItems"]?.arrayValue ?? []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                if index < prefix.count {
                    issues += validate(item, schema: prefix[index], path: itemPath)
                } else if let itemSchema = rules["items"] {
                    issues += validate(item, schema: itemSchema, path: itemPath)
                }
            }
        case .object(let object):
            let properties = rules["properties"]?.objectValue ?? JSONObject()
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                fail("is required", at: Self.join(path, name))
            }
            for key in object.keys {
                guard let member = object[key] else { continue }
                let memberPath = Self.join(path, key)
                if let propertySchema = properties[key] {
                    issues += validate(member, schema: propertySchema, path: memberPath)
                } else if let additional = rules["additionalProperties"] {
                    if additional == .bool(false) {
                        fail("is not a known field here; remove it", at: memberPath)
                    } else {
                        issues += validate(member, schema: additional, path: memberPath)
                    }
                }
            }
        default:
            break
        }
        return issues
    }

    private func checkNumber(_ number: Double, rules: JSONObject, fail: (String) -> Void) {
        if let minimum = rules["minimum"]?.numberValue, number < minimum {
            fail("must be at least \(Self.literal(.number(minimum)))")
        }
        if let maximum = rules["maximum"]?.numberValue, number > maximum {
            fail("must be at most \(Self.literal(.number(maximum)))")
        }
        if let minimum = rules["exclusiveMinimum"]?.numberValue, number <= minimum {
            fail("must be greater than \(Self.literal(.number(minimum)))")
        }
        if let maximum = rules["exclusiveMaximum"]?.numberValue, number >= maximum {
            fail("must be less than \(Self.literal(.number(maximum)))")
        }
    }

    /// The issues of the branch that came closest (fewest issues); a body that fits no branch is
    /// explained in terms of the form it most resembles.
    private func closestBranch(_ results: [[BitbybitValidationIssue]]) -> [BitbybitValidationIssue] {
        results.min { $0.count < $1.count } ?? []
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.isFinite && number == number.rounded()
        default:
            return false
        }
    }

    static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func describe(types: [String]) -> String {
        types.map { type in
            switch type {
            case "integer": "an integer"
            case "array", "object": "an \(type)"
            case "null": "null"
            default: "a \(type)"
            }
        }.joined(separator: " or ")
    }

    static func literal(_ value: JSONValue) -> String {
        String(decoding: value.serialized(), as: UTF8.self)
    }
}
