import Bitbybit
import Testing

/// The bundled validator, loaded once for all tests (a failure to load is a broken build).
// swiftlint:disable:next force_try
let bundledValidator: BitbybitValidator = try! BitbybitValidator.bundled()

/// Parses JSON text in a test, recording a failure (and returning null) if it does not parse.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
    do {
        return try JSONValue(parsing: text)
    } catch {
        Issue.record("test JSON does not parse: \(error)", sourceLocation: sourceLocation)
        return .null
    }
}

/// The problems of a pipeline written as JSON text.
func pipelineProblems(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [ValidationProblem] {
    bundledValidator.validate(json(text, sourceLocation: sourceLocation), as: .pipeline)
}

/// (rule, path) pairs, for comparing what was found with what was expected.
func findings(_ problems: [ValidationProblem]) -> Set<Finding> {
    Set(problems.map { Finding(rule: $0.rule.rawValue, path: $0.path) })
}

/// A rule broken at a path.
struct Finding: Hashable, CustomStringConvertible {
    let rule: String
    let path: String
    var description: String { "\(rule) @ \(path)" }
}

/// `rule @ path` shorthand.
func at(_ rule: ValidationRule, _ path: String) -> Finding { Finding(rule: rule.rawValue, path: path) }
