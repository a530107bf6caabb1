/// One thing wrong with a request body, found locally before anything is sent.
public struct ValidationProblem: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The request would be rejected or fail; it is not sent.
        case error
        /// Probably wrong, or the provider's documents disagree; the request may still be sent.
        case warning

        /// Errors sort first.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    /// Where, as a path into the body.
    public let location: JSONPath
    /// What is wrong and how to fix it.
    public let message: String
    /// Which rule found it.
    public let rule: ValidationRule
    /// Error or warning.
    public let severity: Severity

    /// A problem.
    public init(at location: JSONPath, _ message: String, rule: ValidationRule, severity: Severity = .error) {
        self.location = location
        self.message = message
        self.rule = rule
        self.severity = severity
    }

    /// The place as a JSON path string, e.g. `steps[4].steps[0].params.shape`; empty for the whole body.
    public var path: String { location.description }

    /// "path: message [rule]", with "warning: " in front of warnings.
    public var description: String {
        let place = path.isEmpty ? "(body)" : path
        let prefix = severity == .warning ? "warning: " : ""
        return "\(prefix)\(place): \(message) [\(rule)]"
    }
}

extension Array where Element == ValidationProblem {
    /// The problems that stop a request.
    public var errors: [ValidationProblem] { filter { $0.severity == .error } }
    /// The problems that do not stop a request.
    public var warnings: [ValidationProblem] { filter { $0.severity == .warning } }
    /// Whether any problem stops the request.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

/// A request body failed local validation; nothing was sent.
public struct BitbybitValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The schema the body was checked against, e.g. `PipelineBody`.
    public let schema: String
    /// Every problem found (errors and warnings).
    public let problems: [ValidationProblem]

    /// A validation failure.
    public init(schema: String, problems: [ValidationProblem]) {
        self.schema = schema
        self.problems = problems
    }

    /// One line per problem.
    public var description: String {
        let count = problems.errors.count
        let header = "\(schema) is invalid (\(count) problem\(count == 1 ? "" : "s")); nothing was sent:"
        return ([header] + problems.map { "  " + $0.description }).joined(separator: "\n")
    }
}

/// The rule a ``ValidationProblem`` breaks: a stable id for scripts and tests.
public struct ValidationRule: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The id, e.g. `reference.forward`.
    public let rawValue: String
    /// A rule id.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A rule id from a literal.
    public init(stringLiteral value: String) { rawValue = value }
    /// The id.
    public var description: String { rawValue }

    // JSON Schema (the OpenAPI request schemas; what the official SDK checks).
    /// A value has the wrong JSON type.
    public static let schemaType: Self = "schema.type"
    /// A required property is missing.
    public static let schemaRequired: Self = "schema.required"
    /// A property the schema does not allow.
    public static let schemaAdditionalProperty: Self = "schema.additionalProperties"
    /// A value outside an enumeration.
    public static let schemaEnum: Self = "schema.enum"
    /// A value different from a constant.
    public static let schemaConst: Self = "schema.const"
    /// A number out of range.
    public static let schemaRange: Self = "schema.range"
    /// A string too short or too long.
    public static let schemaLength: Self = "schema.length"
    /// An array with too few or too many elements.
    public static let schemaItemCount: Self = "schema.itemCount"
    /// A string not matching a pattern.
    public static let schemaPattern: Self = "schema.pattern"
    /// A value matching none (or several) of `anyOf`/`oneOf`, or matching `not`.
    public static let schemaComposition: Self = "schema.composition"
    /// A number that is not a multiple of `multipleOf`.
    public static let schemaMultipleOf: Self = "schema.multipleOf"

    // Steps and references.
    /// A step with a `type` other than `map` or `choice`.
    public static let stepType: Self = "step.type"
    /// A map or choice inside a map or choice: documented (up to 3 levels), but not in the OpenAPI schema.
    public static let stepNestedControl: Self = "step.nestedControl"
    /// A step property its schema does not name (a warning: the server ignores it).
    public static let stepUnknownProperty: Self = "step.unknownProperty"
    /// `params` that is neither an object nor a reference.
    public static let stepParams: Self = "step.params"
    /// A map whose `items` is not an array.
    public static let mapItems: Self = "map.items"
    /// `$ref:N`/`$local:N` naming this step or a later one.
    public static let referenceForward: Self = "reference.forward"
    /// A reference to a step or file that does not exist (`$ref` past the last result, `$prev` in a
    /// first step, `$file:N` beyond `inputFiles`).
    public static let referenceMissing: Self = "reference.missing"
    /// A string that looks like a reference but is not one (`$ref:x`, `$file:0:xml`, `$Item`).
    public static let referenceMalformed: Self = "reference.malformed"
    /// `$item` or `$index` outside a map's steps.
    public static let referenceOutsideMap: Self = "reference.outsideMap"
    /// `$mapResult` outside a map's reduce steps.
    public static let referenceOutsideReduce: Self = "reference.outsideReduce"

    // Operations.
    /// An operation path not in the catalogue, or not 2–5 segments.
    public static let operationUnknown: Self = "operation.unknown"
    /// A parameter name the operation does not have.
    public static let parameterUnknown: Self = "parameter.unknown"
    /// A required parameter is missing.
    public static let parameterMissing: Self = "parameter.missing"
    /// A literal parameter value of the wrong type.
    public static let parameterType: Self = "parameter.type"

    // Outputs.
    /// An output format the result's kernel cannot produce.
    public static let outputKernel: Self = "output.kernel"
    /// Both `step` and `stpz` requested.
    public static let outputStepAndStpz: Self = "output.stepAndStpz"

    // Resource budgets of the pipelines document.
    /// More than 50 top-level steps.
    public static let budgetSteps: Self = "budget.steps"
    /// More than 500 operations, counting known map iterations.
    public static let budgetOperations: Self = "budget.operations"
    /// More than 100 items in a map.
    public static let budgetMapItems: Self = "budget.mapItems"
    /// Maps/choices nested more than 3 levels.
    public static let budgetNesting: Self = "budget.nesting"
    /// More than 5 input files.
    public static let budgetInputFiles: Self = "budget.inputFiles"
    /// A body larger than its endpoint allows (512 KB for pipelines, 128 KB elsewhere).
    public static let budgetPayload: Self = "budget.payload"
    /// Params nested more than 10 levels.
    public static let budgetParamsDepth: Self = "budget.paramsDepth"
    /// More than 500 keys in one step's params.
    public static let budgetParamsKeys: Self = "budget.paramsKeys"
    /// A string longer than 1,000,000 characters.
    public static let budgetStringLength: Self = "budget.stringLength"
    /// An array longer than 10,000 elements.
    public static let budgetArrayLength: Self = "budget.arrayLength"
}
