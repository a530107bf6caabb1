/// Checks an operation path and its params against the catalogue: the path exists (else the nearest
/// valid one is suggested), every parameter name exists (likewise), required parameters are
/// present, and literal values have the catalogue's type. References (`$ref:0`, `$item`, …) stand
/// for values of any type and are not type-checked.
struct OperationRules {
    let catalogue: OperationCatalogue

    /// Problems of the step (or execute body, or compound item) at `location`. `paramsRequired`:
    /// whether an absent `params` is already the schema's problem (pipeline steps) or means "none".
    func check(operation: JSONValue?, params: JSONValue?, paramsRequired: Bool, at location: JSONPath) -> [ValidationProblem] {
        guard let path = operation?.stringValue, !path.isEmpty else { return [] }  // the schema reports it
        let operationLocation = location.appending("operation")
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        guard (2 ... 5).contains(segments.count), !segments.contains(where: \.isEmpty) else {
            return [ValidationProblem(
                at: operationLocation,
                "'\(path)' is not an operation path; paths have 2–5 dot-separated segments, e.g. occt.shapes.solid.createBox"
                    + suggestion(for: path),
                rule: .operationUnknown)]
        }
        guard let entry = catalogue[BitbybitOperation(rawValue: path)] else {
            let namespace = String(segments[0])
            if !catalogue.namespaces.contains(namespace) {
                let hint = NameSuggester.didYouMean(namespace, among: catalogue.namespaces)
                return [ValidationProblem(
                    at: operationLocation,
                    "unknown operation '\(path)': no namespace '\(namespace)'\(hint); operations live under "
                        + catalogue.namespaces.joined(separator: ", "),
                    rule: .operationUnknown)]
            }
            return [ValidationProblem(
                at: operationLocation, "unknown operation '\(path)'" + suggestion(for: path), rule: .operationUnknown)]
        }

        let paramsLocation = location.appending("params")
        switch params {
        case nil:
            if paramsRequired { return [] }
            return entry.requiredParameterNames.map { name in
                ValidationProblem(
                    at: paramsLocation.appending(name),
                    "missing required parameter '\(name)' of \(path)", rule: .parameterMissing)
            }
        case .object(let object)?:
            return checkParameters(object, of: entry, at: paramsLocation)
        case .string(let text)? where PipelineReference(text) != nil:
            return []  // e.g. "$file:0:json": the whole params object comes from elsewhere
        case let other?:
            return [ValidationProblem(
                at: paramsLocation,
                "params of \(path) must be an object of named parameters (or a reference such as '$file:0:json'), found \(other.typeName)",
                rule: .stepParams)]
        }
    }

    private func suggestion(for path: String) -> String {
        let options = catalogue.suggestions(for: path)
        guard !options.isEmpty else { return "" }
        return "; did you mean " + options.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }

    private func checkParameters(_ params: JSONObject, of entry: OperationCatalogue.Operation, at location: JSONPath) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        let names = entry.parameters.map(\.name)
        for (key, value) in params {
            guard let parameter = entry.parameter(named: key) else {
                var message = "unknown parameter '\(key)' for \(entry.path)"
                if let best = NameSuggester.best(for: key, among: names) {
                    message += "; did you mean '\(best)'?"
                } else if names.isEmpty {
                    message += "; it takes no parameters"
                } else {
                    message += "; its parameters are " + names.joined(separator: ", ")
                }
                problems.append(ValidationProblem(at: location.appending(key), message, rule: .parameterUnknown))
                continue
            }
            for mismatch in ParameterTypeCheck.mismatches(value, parameter.type, at: location.appending(key)) {
                let typeNote = parameter.type.literalValues == nil ? " is \(parameter.type)" : ""
                problems.append(ValidationProblem(
                    at: mismatch.location,
                    "\(mismatch.message) (parameter '\(key)' of \(entry.path)\(typeNote))",
                    rule: .parameterType))
            }
        }
        for name in entry.requiredParameterNames where params[name] == nil {
            problems.append(ValidationProblem(
                at: location.appending(name),
                "missing required parameter '\(name)' of \(entry.path) (\(entry.parameter(named: name)?.type.description ?? "unknown"))",
                rule: .parameterMissing))
        }
        return problems
    }
}

/// Whether a literal JSON value fits a catalogue parameter type.
enum ParameterTypeCheck {
    struct Mismatch {
        let location: JSONPath
        let message: String
    }

    static func mismatches(_ value: JSONValue, _ type: ParameterType, at location: JSONPath) -> [Mismatch] {
        // References stand for values of any type; malformed ones are reported as such already.
        if case .string(let text) = value, PipelineReference.classify(text) != .literal { return [] }
        switch type {
        case .unknown:
            return []
        case .number:
            if case .number = value { return [] }
            return [Mismatch(location: location, message: "expected a number, found \(describe(value))")]
        case .boolean:
            if case .bool = value { return [] }
            return [Mismatch(location: location, message: "expected true or false, found \(describe(value))")]
        case .string:
            if case .string = value { return [] }
            return [Mismatch(location: location, message: "expected a string, found \(describe(value))")]
        case .literals(let options):
            if case .string(let text) = value, options.contains(text) { return [] }
            var message = "expected one of " + options.map { "\"\($0)\"" }.joined(separator: ", ") + ", found \(describe(value))"
            if case .string(let text) = value { message += NameSuggester.didYouMean(text, among: options) }
            return [Mismatch(location: location, message: message)]
        case .array(let element):
            guard case .array(let elements) = value else {
                return [Mismatch(location: location, message: "expected an array, found \(describe(value))")]
            }
            return elements.enumerated().flatMap { mismatches($0.element, element, at: location.appending($0.offset)) }
        case .tuple(let elements):
            guard case .array(let values) = value else {
                return [Mismatch(location: location, message: "expected an array of \(elements.count), found \(describe(value))")]
            }
            guard values.count == elements.count else {
                return [Mismatch(location: location, message: "expected \(elements.count) elements, found \(values.count)")]
            }
            return zip(values, elements).enumerated().flatMap { mismatches($0.element.0, $0.element.1, at: location.appending($0.offset)) }
        case .union(let types):
            let results = types.map { mismatches(value, $0, at: location) }
            if results.contains(where: \.isEmpty) { return [] }
            return [Mismatch(location: location, message: "expected \(type), found \(describe(value))")]
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): JSONValue.string(text.count > 40 ? String(text.prefix(40)) + "…" : text).serialized()
        case .number(let number): JSONValue.format(number: number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
