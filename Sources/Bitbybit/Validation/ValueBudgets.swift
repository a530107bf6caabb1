/// The params budgets of the pipelines document ("Resource Budgets"): nesting at most 10 levels,
/// at most 500 keys, strings of at most 1,000,000 characters, arrays of at most 10,000 elements.
///
/// Read as: the params value itself is level 1 and each object or array inside it one level
/// deeper; keys are counted over the whole params tree of one step; characters are UTF-16 code
/// units, as JavaScript counts them. The string and array limits also apply to a map's inline
/// `items` and a choice's `value`/`compareTo`.
enum ValueBudgets {
    static let maximumDepth = 10
    static let maximumKeys = 500
    static let maximumStringLength = 1_000_000
    static let maximumArrayLength = 10_000

    static func check(_ value: JSONValue, at location: JSONPath, countKeys: Bool) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        var keys = 0
        var depthReported = false
        visit(value, at: location, level: 1, keys: &keys, depthReported: &depthReported, problems: &problems)
        if countKeys, keys > maximumKeys {
            problems.append(ValidationProblem(
                at: location, "\(keys) keys in these params; a step's params may have at most \(maximumKeys)",
                rule: .budgetParamsKeys))
        }
        return problems
    }

    private static func visit(
        _ value: JSONValue, at location: JSONPath, level: Int, keys: inout Int, depthReported: inout Bool,
        problems: inout [ValidationProblem]
    ) {
        switch value {
        case .string(let text):
            let length = text.utf16.count
            if length > maximumStringLength {
                problems.append(ValidationProblem(
                    at: location,
                    "a string of \(length) characters; strings in params may have at most \(maximumStringLength) "
                        + "(upload large data as an input file and read it with $file:N)",
                    rule: .budgetStringLength))
            }
        case .array(let elements):
            if level > maximumDepth {
                reportDepth(at: location, level: level, reported: &depthReported, problems: &problems)
                return
            }
            if elements.count > maximumArrayLength {
                problems.append(ValidationProblem(
                    at: location,
                    "an array of \(elements.count) elements; arrays in params may have at most \(maximumArrayLength) "
                        + "(upload large data as an input file and read it with $file:N:json)",
                    rule: .budgetArrayLength))
            }
            for (index, element) in elements.enumerated() {
                visit(element, at: location.appending(index), level: level + 1, keys: &keys, depthReported: &depthReported, problems: &problems)
            }
        case .object(let object):
            if level > maximumDepth {
                reportDepth(at: location, level: level, reported: &depthReported, problems: &problems)
                return
            }
            keys += object.count
            for (key, member) in object {
                visit(member, at: location.appending(key), level: level + 1, keys: &keys, depthReported: &depthReported, problems: &problems)
            }
        case .null, .bool, .number:
            break
        }
    }

    private static func reportDepth(at location: JSONPath, level: Int, reported: inout Bool, problems: inout [ValidationProblem]) {
        guard !reported else { return }
        reported = true
        problems.append(ValidationProblem(
            at: location, "params nested \(level) levels deep here; params may nest at most \(maximumDepth) levels",
            rule: .budgetParamsDepth))
    }
}
