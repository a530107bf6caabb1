/// Checks a pipeline body (built or hand-written, as JSON) step by step: each step against its
/// OpenAPI schema, its references against the scope rules and the counting rule, its operation and
/// parameters against the catalogue, every resource budget, and the output formats against the
/// kernel of the final result.
///
/// Nesting: a top-level map or choice is level 1, and each map or choice inside it one level more.
/// The OpenAPI schema (and so the official SDK) types the steps of a map or choice as plain
/// operation steps, while the pipelines document allows maps inside maps up to 3 levels. The
/// document's rule is enforced (more than 3 levels is an error) and a nested map or choice also
/// gets a warning, since the server's request schema may refuse it.
///
/// Confined to the one `validate` call that creates it.
struct PipelineValidator {
    static let maximumTopLevelSteps = 50
    static let maximumOperations = 500
    static let maximumMapItems = 100
    static let maximumNesting = 3
    static let maximumInputFiles = 5

    let catalogue: OperationCatalogue
    let schemas: RequestSchemas
    private(set) var problems: [ValidationProblem] = []
    private var inputFileCount = 0
    /// Top-level plain steps by global result index, for `json.parse` item counts.
    private var resultSteps: [Int: JSONValue] = [:]
    /// `$ref:N` uses past their scope's limit, classified (forward or missing) once the total is
    /// known, then inserted where they were found so problems stay in document order.
    private var pendingResultReferences: [(position: Int, location: JSONPath, index: Int, scope: Scope)] = []

    init(catalogue: OperationCatalogue, schemas: RequestSchemas) {
        self.catalogue = catalogue
        self.schemas = schemas
    }

    /// What a step may reference where it stands.
    struct Scope {
        enum Kind { case topLevel, mapSteps, reduce, branch }
        var kind: Kind
        /// 0 at the top level; a top-level map's steps are at 1.
        var nesting: Int
        var inMapIteration: Bool
        var inReduce: Bool
        /// `$ref:N` must be below this in nested scopes (`nil`: unknown, not checked). At the top
        /// level the limit is each step's own index.
        var resultLimit: Int?
        /// Why the limit is what it is, for messages.
        var limitReason: String
    }

    /// What a list of steps amounts to.
    struct Walk {
        /// Global result entries added; `nil` when unknown.
        var entries: Int?
        /// Operations run: a lower bound, so that only sure breaches are reported. A map of known
        /// size counts items × its steps' operations plus its reduce; a map of unknown size counts
        /// only its reduce; a choice counts its cheaper branch.
        var operations: Int
    }

    mutating func validate(_ body: JSONValue) -> [ValidationProblem] {
        problems = []
        problems += schemas.pipelineValidator.validate(body, against: .object(["$ref": "#/components/schemas/PipelineBody"]), at: .root)
        guard let object = body.objectValue else { return problems }

        if let files = object["inputFiles"]?.arrayValue {
            inputFileCount = files.count
            if files.count > Self.maximumInputFiles {
                problems.append(ValidationProblem(
                    at: ["inputFiles"],
                    "\(files.count) input files; a pipeline takes at most \(Self.maximumInputFiles)",
                    rule: .budgetInputFiles))
            }
        }

        guard let steps = object["steps"]?.arrayValue else { return problems }
        if steps.count > Self.maximumTopLevelSteps {
            problems.append(ValidationProblem(
                at: ["steps"],
                "\(steps.count) top-level steps; a pipeline takes at most \(Self.maximumTopLevelSteps) "
                    + "(split it, or move repeated work into a map)",
                rule: .budgetSteps))
        }

        let top = Scope(kind: .topLevel, nesting: 0, inMapIteration: false, inReduce: false, resultLimit: nil, limitReason: "")
        let walk = walkSteps(steps, at: ["steps"], scope: top)
        resolvePendingReferences(totalResults: walk.entries)

        if walk.operations > Self.maximumOperations {
            problems.append(ValidationProblem(
                at: ["steps"],
                "the pipeline runs at least \(walk.operations) operations (counting map iterations); "
                    + "the limit is \(Self.maximumOperations)",
                rule: .budgetOperations))
        }

        if let formats = object["outputs"]?["formats"]?.arrayValue {
            problems += OutputFormatRules.check(
                formats: formats, at: JSONPath(["outputs", "formats"]), result: OutputFormatRules.resultKernel(of: steps))
        }

        let size = body.serialized().utf8.count
        let limit = BitbybitRequestSchema.pipeline.payloadLimit
        if size > limit {
            problems.append(ValidationProblem(
                at: .root, "the body is \(size) bytes as JSON; a pipeline may be at most \(limit) bytes (512 KB)",
                rule: .budgetPayload))
        }
        return problems
    }

    // MARK: - Steps

    private mutating func walkSteps(_ steps: [JSONValue], at location: JSONPath, scope: Scope) -> Walk {
        var entries: Int? = 0
        var operations = 0
        for (position, step) in steps.enumerated() {
            var stepScope = scope
            if scope.kind == .topLevel {
                stepScope.resultLimit = entries
                stepScope.limitReason = "this step's own result is \(entries.map(String.init) ?? "?"); it can use the results of earlier steps only"
            }
            let stepLocation = location.appending(position)
            let walk = walkStep(step, at: stepLocation, position: position, siblings: steps.count, scope: stepScope)
            if scope.kind == .topLevel, let index = entries, step.objectValue?["type"] == nil {
                resultSteps[index] = step
            }
            entries = entries.flatMap { total in walk.entries.map { total + $0 } }
            operations += walk.operations
        }
        return Walk(entries: entries, operations: operations)
    }

    private mutating func walkStep(_ step: JSONValue, at location: JSONPath, position: Int, siblings: Int, scope: Scope) -> Walk {
        guard let object = step.objectValue else {
            problems.append(ValidationProblem(
                at: location, "a step must be an object, found \(step.typeName)", rule: .schemaType))
            return Walk(entries: nil, operations: 0)
        }
        switch object["type"] {
        case nil:
            return walkOperation(object, at: location, position: position, siblings: siblings, scope: scope)
        case .string("map")?:
            return walkMap(object, at: location, position: position, siblings: siblings, scope: scope)
        case .string("choice")?:
            return walkChoice(object, at: location, position: position, siblings: siblings, scope: scope)
        case let type?:
            let shown = type.stringValue ?? type.serialized()
            problems.append(ValidationProblem(
                at: location.appending("type"),
                "unknown step type '\(shown)'\(NameSuggester.didYouMean(shown, among: ["map", "choice"])); "
                    + "use \"map\" or \"choice\", or leave 'type' out for an operation step",
                rule: .stepType))
            return Walk(entries: nil, operations: 0)
        }
    }

    private mutating func walkOperation(
        _ object: JSONObject, at location: JSONPath, position: Int, siblings: Int, scope: Scope
    ) -> Walk {
        problems += schemas.pipelineValidator.validate(
            .object(object), against: .object(["$ref": "#/components/schemas/PipelineStep"]), at: location)
        checkUnknownKeys(object, allowed: ["operation", "params", "output"], at: location)
        if let params = object["params"] {
            checkReferences(in: params, at: location.appending("params"), position: position, siblings: siblings, scope: scope)
            problems += ValueBudgets.check(params, at: location.appending("params"), countKeys: true)
        }
        problems += OperationRules(catalogue: catalogue).check(
            operation: object["operation"], params: object["params"], paramsRequired: true, at: location)
        return Walk(entries: ResultCounting.plainStep, operations: 1)
    }

    private mutating func walkMap(
        _ object: JSONObject, at location: JSONPath, position: Int, siblings: Int, scope: Scope
    ) -> Walk {
        let nesting = scope.nesting + 1
        checkNesting(nesting, kind: "map", at: location, scope: scope)
        problems += schemas.pipelineValidator.validate(
            .object(object), against: .object(["$ref": "#/components/schemas/MapStep"]), at: location)
        checkUnknownKeys(object, allowed: ["type", "items", "steps", "reduce"], at: location)

        let items = object["items"]
        var count: Int?
        if let items {
            let itemsLocation = location.appending("items")
            checkReferences(in: items, at: itemsLocation, position: position, siblings: siblings, scope: scope)
            problems += ValueBudgets.check(items, at: itemsLocation, countKeys: false)
            count = itemCount(of: items, at: itemsLocation)
            if let count, count > Self.maximumMapItems {
                problems.append(ValidationProblem(
                    at: itemsLocation, "the map runs over \(count) items; a map takes at most \(Self.maximumMapItems)",
                    rule: .budgetMapItems))
            }
        }

        let start = scope.kind == .topLevel ? scope.resultLimit : nil
        let innerScope = Scope(
            kind: .mapSteps, nesting: nesting, inMapIteration: true, inReduce: false,
            resultLimit: start ?? scope.resultLimit,
            limitReason: start != nil
                ? "inside a map, $ref can use only results that exist before the map starts"
                : scope.limitReason)
        let inner = walkSteps(object["steps"]?.arrayValue ?? [], at: location.appending("steps"), scope: innerScope)

        let mapResult = start.flatMap { start in
            ResultCounting.mapEntries(items: count, perIteration: inner.entries).map { start + $0 - 1 }
        }
        var reduceOperations = 0
        if let reduce = object["reduce"]?.arrayValue {
            let reduceScope = Scope(
                kind: .reduce, nesting: nesting, inMapIteration: scope.inMapIteration, inReduce: true,
                resultLimit: scope.kind == .topLevel ? mapResult : scope.resultLimit,
                limitReason: scope.kind == .topLevel
                    ? "in a reduce, $ref can use results up to the map's last inner result, not the map's own"
                    : scope.limitReason)
            reduceOperations = walkSteps(reduce, at: location.appending("reduce"), scope: reduceScope).operations
        }
        return Walk(
            entries: ResultCounting.mapEntries(items: count, perIteration: inner.entries),
            operations: (count ?? 0) * inner.operations + reduceOperations)
    }

    private mutating func walkChoice(
        _ object: JSONObject, at location: JSONPath, position: Int, siblings: Int, scope: Scope
    ) -> Walk {
        let nesting = scope.nesting + 1
        checkNesting(nesting, kind: "choice", at: location, scope: scope)
        problems += schemas.pipelineValidator.validate(
            .object(object), against: .object(["$ref": "#/components/schemas/ChoiceStep"]), at: location)
        checkUnknownKeys(object, allowed: ["type", "value", "operator", "compareTo", "then", "else"], at: location)
        for key in ["value", "compareTo"] {
            guard let value = object[key] else { continue }
            checkReferences(in: value, at: location.appending(key), position: position, siblings: siblings, scope: scope)
            problems += ValueBudgets.check(value, at: location.appending(key), countKeys: false)
        }
        let branchScope = Scope(
            kind: .branch, nesting: nesting, inMapIteration: scope.inMapIteration, inReduce: scope.inReduce,
            resultLimit: scope.resultLimit,
            limitReason: scope.kind == .topLevel
                ? "inside a choice, $ref can use only results of steps before the choice"
                : scope.limitReason)
        let then = walkSteps(object["then"]?.arrayValue ?? [], at: location.appending("then"), scope: branchScope)
        let otherwise = object["else"]?.arrayValue.map {
            walkSteps($0, at: location.appending("else"), scope: branchScope)
        }
        return Walk(entries: ResultCounting.plainStep, operations: min(then.operations, otherwise?.operations ?? 0))
    }

    /// Keys the step's schema does not name. The schemas do not forbid them (the server ignores
    /// them), so they are warnings: usually a misspelt `output` or `reduce`.
    private mutating func checkUnknownKeys(_ object: JSONObject, allowed: [String], at location: JSONPath) {
        for key in object.keys where !allowed.contains(key) {
            let hint = NameSuggester.didYouMean(key, among: allowed)
            problems.append(ValidationProblem(
                at: location.appending(key),
                "unknown step property '\(key)' is ignored by the server" + (hint.isEmpty ? "; a step takes " + allowed.joined(separator: ", ") : hint),
                rule: .stepUnknownProperty, severity: .warning))
        }
    }

    private mutating func checkNesting(_ nesting: Int, kind: String, at location: JSONPath, scope: Scope) {
        if nesting == Self.maximumNesting + 1 {
            problems.append(ValidationProblem(
                at: location,
                "this \(kind) is nested \(nesting) levels deep; maps and choices nest at most \(Self.maximumNesting) levels",
                rule: .budgetNesting))
        }
        if scope.kind != .topLevel {
            problems.append(ValidationProblem(
                at: location,
                "a \(kind) inside a map or choice: the pipelines document allows nesting up to \(Self.maximumNesting) levels, "
                    + "but the OpenAPI schema (and the official SDK's validator) accept only operation steps here",
                rule: .stepNestedControl, severity: .warning))
        }
    }

    /// The number of items a map runs over, when known: an inline array, or a `$ref` to a top-level
    /// `json.parse` step with literal text. Reports items that cannot be an array.
    private mutating func itemCount(of items: JSONValue, at location: JSONPath) -> Int? {
        switch items {
        case .array(let elements):
            return elements.count
        case .string(let text):
            switch PipelineReference.classify(text) {
            case .reference(.result(let index)):
                guard let step = resultSteps[index], let parsed = ResultCounting.literalParseResult(of: step) else { return nil }
                guard let array = parsed.arrayValue else {
                    problems.append(ValidationProblem(
                        at: location,
                        "'\(text)' is a json.parse of \(parsed.typeName) text, but a map needs an array to iterate",
                        rule: .mapItems))
                    return nil
                }
                return array.count
            case .reference(.mapResult), .reference(.previous), .reference(.local), .reference(.item),
                 .reference(.file):
                return nil
            case .reference(.index):
                problems.append(ValidationProblem(
                    at: location, "'$index' is a number, but a map needs an array to iterate", rule: .mapItems))
                return nil
            case .malformed, .literal:
                problems.append(ValidationProblem(
                    at: location, "a map iterates over an array: give an inline array or a reference such as '$ref:2'",
                    rule: .mapItems))
                return nil
            }
        default:
            problems.append(ValidationProblem(
                at: location,
                "a map iterates over an array, found \(items.typeName); give an inline array or a reference such as '$ref:2'",
                rule: .mapItems))
            return nil
        }
    }

    // MARK: - References

    private mutating func checkReferences(in value: JSONValue, at location: JSONPath, position: Int, siblings: Int, scope: Scope) {
        switch value {
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                checkReferences(in: element, at: location.appending(index), position: position, siblings: siblings, scope: scope)
            }
        case .object(let object):
            for (key, member) in object {
                checkReferences(in: member, at: location.appending(key), position: position, siblings: siblings, scope: scope)
            }
        case .string(let text):
            checkReference(text, at: location, position: position, siblings: siblings, scope: scope)
        case .null, .bool, .number:
            break
        }
    }

    private mutating func checkReference(_ text: String, at location: JSONPath, position: Int, siblings: Int, scope: Scope) {
        let reference: PipelineReference
        switch PipelineReference.classify(text) {
        case .literal: return
        case .malformed(let message, let severity):
            problems.append(ValidationProblem(at: location, message, rule: .referenceMalformed, severity: severity))
            return
        case .reference(let parsed): reference = parsed
        }
        switch reference {
        case .result(let index):
            if let limit = scope.resultLimit, index >= limit {
                pendingResultReferences.append((problems.count, location, index, scope))
            }
        case .local(let index):
            if index >= position {
                let scopeName = scope.kind == .topLevel ? "the top level" : "this scope"
                let rule: ValidationRule = index >= siblings ? .referenceMissing : .referenceForward
                let what = index >= siblings
                    ? "there is no step \(index) in \(scopeName) (it has \(siblings))"
                    : "step \(index) of \(scopeName) comes after this one"
                problems.append(ValidationProblem(
                    at: location,
                    "'\(text)': \(what); $local:N can use only earlier steps of the same scope (0…\(position - 1))"
                        .replacingAll(" (0…-1)", with: " (there are none before the first step)"),
                    rule: rule))
            }
        case .previous:
            if position == 0 {
                problems.append(ValidationProblem(
                    at: location,
                    "'$prev' in the first step of \(scope.kind == .topLevel ? "the pipeline" : "its scope"): there is no previous step"
                        + (scope.kind == .reduce ? "; use '$mapResult' for the collected map results" : ""),
                    rule: .referenceMissing))
            }
        case .item, .index:
            if !scope.inMapIteration {
                problems.append(ValidationProblem(
                    at: location,
                    "'\(text)' is only defined inside a map's steps"
                        + (scope.inReduce ? "; a reduce runs once after the iterations (use '$mapResult')" : ""),
                    rule: .referenceOutsideMap))
            }
        case .mapResult:
            if !scope.inReduce {
                problems.append(ValidationProblem(
                    at: location,
                    "'$mapResult' is only defined inside a map's reduce steps"
                        + (scope.kind == .mapSteps ? "; inside the iterations use '$item' and '$index'" : ""),
                    rule: .referenceOutsideReduce))
            }
        case .file(let index, _, _):
            if index >= inputFileCount {
                problems.append(ValidationProblem(
                    at: location,
                    "'\(text)' reads input file \(index), but the pipeline has "
                        + (inputFileCount == 0 ? "no inputFiles" : "\(inputFileCount) (0…\(inputFileCount - 1))")
                        + "; add the file to inputFiles",
                    rule: .referenceMissing))
            }
        }
    }

    private mutating func resolvePendingReferences(totalResults: Int?) {
        for pending in pendingResultReferences.reversed() {
            let text = PipelineReference.result(pending.index).description
            if let totalResults, pending.index >= totalResults {
                problems.insert(ValidationProblem(
                    at: pending.location,
                    "'\(text)': no step produces result \(pending.index); the pipeline's results are 0…\(totalResults - 1)"
                        + " (map iterations count, see the map counting rule)",
                    rule: .referenceMissing), at: pending.position)
            } else {
                let limit = pending.scope.resultLimit ?? 0
                let range = limit == 0 ? "none yet" : "0…\(limit - 1)"
                problems.insert(ValidationProblem(
                    at: pending.location,
                    "'\(text)' refers to a result that does not exist yet: \(pending.scope.limitReason) (\(range))",
                    rule: .referenceForward), at: pending.position)
            }
        }
    }
}
