/// A compact JSON Schema (2020-12) validator for the subset the Bitbybit OpenAPI document uses:
/// `$ref` (local JSON pointers), `type` (string or array), `properties`, `required`,
/// `additionalProperties`, `propertyNames`, `enum`, `const`, `items`, `prefixItems`,
/// `anyOf`/`oneOf`/`allOf`/`not`, `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`
/// (numeric, and the older Boolean form), `multipleOf`, `minLength`/`maxLength`,
/// `minItems`/`maxItems` and `pattern`. Annotations (`description`, `format`, `default`, `example`)
/// are ignored, as 2020-12 does by default.
///
/// Like the official SDK's validator it reports every problem, not just the first.
struct JSONSchemaValidator: Sendable {
    /// The document `$ref`s resolve in (the OpenAPI file).
    let document: JSONValue

    func validate(_ instance: JSONValue, against schema: JSONValue, at path: JSONPath) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        check(instance, schema, path, &problems, depth: 0)
        return problems
    }

    /// The schema a local `$ref` (`#/components/schemas/X`) points at.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = document
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = String(token).replacingAll("~1", with: "/").replacingAll("~0", with: "~")
            if let index = Int(key), let array = node.arrayValue, array.indices.contains(index) {
                node = array[index]
            } else if let next = node[key] {
                node = next
            } else {
                return nil
            }
        }
        return node
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func check(
        _ instance: JSONValue, _ schema: JSONValue, _ path: JSONPath, _ problems: inout [ValidationProblem], depth: Int
    ) {
        guard depth < 64 else { return }  // a reference cycle; the OpenAPI document has none
        if case .bool(let allowed) = schema {
            if !allowed {
                problems.append(ValidationProblem(at: path, "no value is allowed here", rule: .schemaAdditionalProperty))
            }
            return
        }
        guard let schema = schema.objectValue else { return }

        if let reference = schema["$ref"]?.stringValue, let target = resolve(reference) {
            check(instance, target, path, &problems, depth: depth + 1)
        }

        if let type = schema["type"], !matches(instance, type: type) {
            let expected = typeNames(type)
            problems.append(ValidationProblem(
                at: path, "expected \(expected), found \(describe(instance))", rule: .schemaType))
            return  // the other keywords would only repeat the mismatch
        }

        if let constant = schema["const"], constant != instance {
            problems.append(ValidationProblem(
                at: path, "must be \(constant.serialized()), found \(describe(instance))", rule: .schemaConst))
        }

        if let options = schema["enum"]?.arrayValue, !options.contains(instance) {
            var message = "\(describe(instance)) is not allowed; use one of " + options.map { $0.serialized() }.joined(separator: ", ")
            if case .string(let text) = instance {
                message += NameSuggester.didYouMean(text, among: options.compactMap(\.stringValue))
            }
            problems.append(ValidationProblem(at: path, message, rule: .schemaEnum))
        }

        switch instance {
        case .number(let number): checkNumber(number, schema, path, &problems)
        case .string(let text): checkString(text, schema, path, &problems)
        case .array(let elements): checkArray(elements, schema, path, &problems, depth: depth)
        case .object(let object): checkObject(object, schema, path, &problems, depth: depth)
        case .null, .bool: break
        }

        if let all = schema["allOf"]?.arrayValue {
            for branch in all { check(instance, branch, path, &problems, depth: depth + 1) }
        }
        if let any = schema["anyOf"]?.arrayValue {
            checkAlternatives(instance, any, path, &problems, depth: depth, exactlyOne: false)
        }
        if let one = schema["oneOf"]?.arrayValue {
            checkAlternatives(instance, one, path, &problems, depth: depth, exactlyOne: true)
        }
        if let not = schema["not"], validate(instance, against: not, at: path).isEmpty {
            problems.append(ValidationProblem(at: path, "this value is not allowed here", rule: .schemaComposition))
        }
    }

    private func checkNumber(_ number: Double, _ schema: JSONObject, _ path: JSONPath, _ problems: inout [ValidationProblem]) {
        var lower: (value: Double, exclusive: Bool)?
        var upper: (value: Double, exclusive: Bool)?
        if let minimum = schema["minimum"]?.numberValue {
            lower = (minimum, schema["exclusiveMinimum"]?.boolValue == true)
        }
        if let maximum = schema["maximum"]?.numberValue {
            upper = (maximum, schema["exclusiveMaximum"]?.boolValue == true)
        }
        if let exclusive = schema["exclusiveMinimum"]?.numberValue, lower.map({ exclusive >= $0.value }) ?? true {
            lower = (exclusive, true)
        }
        if let exclusive = schema["exclusiveMaximum"]?.numberValue, upper.map({ exclusive <= $0.value }) ?? true {
            upper = (exclusive, true)
        }
        let tooLow = lower.map { $0.exclusive ? number <= $0.value : number < $0.value } ?? false
        let tooHigh = upper.map { $0.exclusive ? number >= $0.value : number > $0.value } ?? false
        if tooLow || tooHigh {
            let name = path.lastKey ?? "the value"
            problems.append(ValidationProblem(
                at: path,
                "\(JSONValue.format(number: number)) is out of range: \(JSONSchemaValidator.rangeText(name: name, lower: lower, upper: upper))",
                rule: .schemaRange))
        }
        if let divisor = schema["multipleOf"]?.numberValue, divisor > 0 {
            let quotient = number / divisor
            if abs(quotient - quotient.rounded()) > 1e-9 {
                problems.append(ValidationProblem(
                    at: path, "must be a multiple of \(JSONValue.format(number: divisor))", rule: .schemaMultipleOf))
            }
        }
    }

    /// "0 < height ≤ 50", "height ≥ 0", "-360 ≤ rotation ≤ 360".
    static func rangeText(name: String, lower: (value: Double, exclusive: Bool)?, upper: (value: Double, exclusive: Bool)?) -> String {
        var text = ""
        if let lower { text += "\(JSONValue.format(number: lower.value)) \(lower.exclusive ? "<" : "≤") " }
        text += name
        if let upper { text += " \(upper.exclusive ? "<" : "≤") \(JSONValue.format(number: upper.value))" }
        return "allowed \(text)"
    }

    private func checkString(_ text: String, _ schema: JSONObject, _ path: JSONPath, _ problems: inout [ValidationProblem]) {
        let length = text.unicodeScalars.count
        if let minimum = schema["minLength"]?.intValue, length < minimum {
            let message = minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters long (found \(length))"
            problems.append(ValidationProblem(at: path, message, rule: .schemaLength))
        }
        if let maximum = schema["maxLength"]?.intValue, length > maximum {
            problems.append(ValidationProblem(
                at: path, "must be at most \(maximum) characters long (found \(length))", rule: .schemaLength))
        }
        if let pattern = schema["pattern"]?.stringValue, let regex = try? Regex(pattern),
           (try? regex.firstMatch(in: text)) == nil
        {
            problems.append(ValidationProblem(at: path, "must match the pattern \(pattern)", rule: .schemaPattern))
        }
    }

    private func checkArray(
        _ elements: [JSONValue], _ schema: JSONObject, _ path: JSONPath, _ problems: inout [ValidationProblem], depth: Int
    ) {
        if let minimum = schema["minItems"]?.intValue, elements.count < minimum {
            let message = minimum == 1 ? "must not be empty" : "needs at least \(minimum) elements (found \(elements.count))"
            problems.append(ValidationProblem(at: path, message, rule: .schemaItemCount))
        }
        if let maximum = schema["maxItems"]?.intValue, elements.count > maximum {
            problems.append(ValidationProblem(
                at: path, "allows at most \(maximum) elements (found \(elements.count))", rule: .schemaItemCount))
        }
        let prefix = schema["prefixItems"]?.arrayValue ?? []
        for (index, element) in elements.enumerated() {
            if index < prefix.count {
                check(element, prefix[index], path.appending(index), &problems, depth: depth + 1)
            } else if let items = schema["items"] {
                check(element, items, path.appending(index), &problems, depth: depth + 1)
            }
        }
    }

    private func checkObject(
        _ object: JSONObject, _ schema: JSONObject, _ path: JSONPath, _ problems: inout [ValidationProblem], depth: Int
    ) {
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
            problems.append(ValidationProblem(
                at: path.appending(name), "missing required property '\(name)'", rule: .schemaRequired))
        }
        for (key, value) in object {
            if let propertySchema = properties[key] {
                check(value, propertySchema, path.appending(key), &problems, depth: depth + 1)
            } else if let additional = schema["additionalProperties"] {
                if case .bool(false) = additional {
                    var message = "unknown property '\(key)'"
                    let suggestion = NameSuggester.didYouMean(key, among: properties.keys)
                    message += suggestion.isEmpty
                        ? "; allowed: " + properties.keys.joined(separator: ", ")
                        : suggestion
                    problems.append(ValidationProblem(at: path.appending(key), message, rule: .schemaAdditionalProperty))
                } else {
                    check(value, additional, path.appending(key), &problems, depth: depth + 1)
                }
            }
            if let names = schema["propertyNames"] {
                for problem in validate(.string(key), against: names, at: path.appending(key)) {
                    problems.append(ValidationProblem(
                        at: problem.location, "property name: \(problem.message)", rule: problem.rule))
                }
            }
        }
    }

    /// `anyOf` (`exactlyOne: false`) or `oneOf`. When no branch matches, the problems of the branch
    /// that came closest are reported (fewest problems), or one "expected A or B" for branches that
    /// differ only in type.
    private func checkAlternatives(
        _ instance: JSONValue, _ branches: [JSONValue], _ path: JSONPath, _ problems: inout [ValidationProblem],
        depth: Int, exactlyOne: Bool
    ) {
        var results: [[ValidationProblem]] = []
        for branch in branches {
            var branchProblems: [ValidationProblem] = []
            check(instance, branch, path, &branchProblems, depth: depth + 1)
            results.append(branchProblems)
        }
        let matching = results.filter(\.isEmpty).count
        if matching == 0 {
            let typeOnly = results.allSatisfy { $0.count == 1 && $0[0].rule == .schemaType && $0[0].location == path }
            if typeOnly {
                let expected = branches.map { branchTypeName($0) }.joined(separator: " or ")
                problems.append(ValidationProblem(
                    at: path, "expected \(expected), found \(describe(instance))", rule: .schemaType))
            } else if let closest = results.min(by: { $0.count < $1.count }) {
                problems.append(contentsOf: closest)
            }
        } else if exactlyOne, matching > 1 {
            problems.append(ValidationProblem(
                at: path, "matches \(matching) alternatives where exactly one is allowed", rule: .schemaComposition))
        }
    }

    private func branchTypeName(_ branch: JSONValue) -> String {
        if let type = branch["type"] { return typeNames(type) }
        if let reference = branch["$ref"]?.stringValue, let target = resolve(reference) { return branchTypeName(target) }
        return "another shape"
    }

    private func matches(_ instance: JSONValue, type: JSONValue) -> Bool {
        switch type {
        case .string(let name): return matches(instance, typeName: name)
        case .array(let names): return names.contains { $0.stringValue.map { matches(instance, typeName: $0) } ?? false }
        default: return true
        }
    }

    private func matches(_ instance: JSONValue, typeName: String) -> Bool {
        switch (typeName, instance) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object):
            return true
        case ("integer", .number(let value)):
            return value.isFinite && value.rounded() == value
        default:
            return false
        }
    }

    private func typeNames(_ type: JSONValue) -> String {
        switch type {
        case .string(let name): return article(name)
        case .array(let names): return names.compactMap(\.stringValue).map(article).joined(separator: " or ")
        default: return "a value"
        }
    }

    private func article(_ name: String) -> String {
        switch name {
        case "null": "null"
        case "array", "object", "integer": "an \(name)"
        default: "a \(name)"
        }
    }

    private func describe(_ instance: JSONValue) -> String {
        switch instance {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return JSONValue.format(number: value)
        case .string(let value):
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            return JSONValue.string(shown).serialized()
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (FoundationEssentials-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
