/// Builds a ``PipelineBody`` step by step. Each step returns a handle; use handles in later steps'
/// params and the builder writes every `$ref:N` itself, counting map iterations by the documented
/// rule (the pipelines document's "Result counting"), and `$local:N` for steps of the same map/choice scope.
///
/// ```swift
/// var p = PipelineBuilder()
/// let plate = p.step(.occtCreateBox, ["width": 25, "length": 25, "height": 1, "center": [0, 0, 0]])
/// let pin = p.step(.occtCreateCylinder, ["radius": 1, "height": 5, "center": [0, 0, 0]])
/// let spots = p.step(.jsonParse, ["text": "[[5,0,0],[10,0,0]]"])
/// let moved = p.map(over: spots) { m in
///     m.step(.occtTranslate, ["shape": pin, "translation": .item])
/// }
/// let pins = p.step(.occtUnion, ["shapes": moved])          // "$ref:5": 3 + 2 × 1
/// p.step(.occtUnion, ["shapes": [plate, pins]])
/// p.outputs = PipelineOutputOptions(formats: [.gltf])
/// let body = try p.build()
/// ```
///
/// A map's item count must be known for results after it to be referenced: it is when `items` is
/// an inline array or a handle of a `json.parse` step with literal text; otherwise pass `itemCount:`.
///
/// The builder checks only what it needs to write references; ``BitbybitValidator`` checks the rest
/// (operation and parameter names, budgets, scopes of `$item`/`$mapResult`, output formats).
public struct PipelineBuilder: Sendable {
    private var root: PipelineScope
    private var files: [InputFileItem] = []
    /// The output formats of the final result; `nil` stores raw result data.
    public var outputs: PipelineOutputOptions?

    /// An empty pipeline.
    public init(outputs: PipelineOutputOptions? = nil) {
        root = PipelineScope(id: 0, kind: .topLevel, location: ["steps"], state: BuilderState())
        self.outputs = outputs
    }

    /// Adds an operation step; returns its result's handle.
    @discardableResult
    public mutating func step(_ operation: BitbybitOperation, _ params: PipelineValue = [:], output: Bool = false) -> PipelineValue {
        root.step(operation, params, output: output)
    }

    /// Adds a map step running `body`'s steps for each element of `items`, then `reduce`'s steps (if
    /// any) over `$mapResult`. Returns the map's result handle.
    @discardableResult
    public mutating func map(
        over items: PipelineValue, itemCount: Int? = nil, _ body: (inout PipelineScope) -> Void,
        reduce: ((inout PipelineScope) -> Void)? = nil
    ) -> PipelineValue {
        root.map(over: items, itemCount: itemCount, body, reduce: reduce)
    }

    /// Adds a choice step: `then` runs when `value operator compareTo` holds, else `else` (or the
    /// result is `null`). Returns the choice's result handle.
    @discardableResult
    public mutating func choice(
        _ value: PipelineValue, _ operator: ComparisonOperator, _ compareTo: PipelineValue? = nil,
        then: (inout PipelineScope) -> Void, else elseBody: ((inout PipelineScope) -> Void)? = nil
    ) -> PipelineValue {
        root.choice(value, `operator`, compareTo, then: then, else: elseBody)
    }

    /// `$prev` at the top level: the previous top-level step.
    public var prev: PipelineValue { .prev }

    /// Adds an uploaded file to `inputFiles`; read it through the returned value's `$file:N` references.
    public mutating func inputFile(_ fileID: String, role: String) -> PipelineInputFile {
        files.append(InputFileItem(fileID: fileID, role: role))
        return PipelineInputFile(index: files.count - 1)
    }

    /// Sets the output formats.
    public mutating func outputs(_ formats: PipelineOutputFormat...) {
        outputs = PipelineOutputOptions(formats: formats)
    }

    /// The pipeline, or every reference the builder could not write.
    public func build() throws(PipelineBuildError) -> PipelineBody {
        if !root.state.issues.isEmpty { throw PipelineBuildError(issues: root.state.issues) }
        return PipelineBody(steps: root.steps, inputFiles: files.isEmpty ? nil : files, outputs: outputs)
    }
}

/// The steps of one scope: the top level, a map's steps or reduce, or a choice branch. Closures
/// passed to `map` and `choice` receive one to add their steps to.
public struct PipelineScope: Sendable {
    enum Kind: Sendable { case topLevel, mapSteps, reduce, branch }

    let id: Int
    let kind: Kind
    /// The steps array's place in the body, e.g. `steps[3].steps`.
    let location: JSONPath
    var steps: [PipelineAnyStep] = []
    /// Global result entries each step adds (see ``ResultCounting``); `nil` when unknown.
    var entries: [Int?] = []
    var state: BuilderState

    init(id: Int, kind: Kind, location: JSONPath, state: BuilderState) {
        self.id = id
        self.kind = kind
        self.location = location
        self.state = state
    }

    /// The global index the next top-level step's result gets; `nil` once unknown.
    private var nextResultIndex: Int? { kind == .topLevel ? ResultCounting.sum(entries) : nil }

    /// `$prev`: the previous step of this scope.
    public var prev: PipelineValue { .prev }
    /// `$item`: the current element (inside a map's steps).
    public var item: PipelineValue { .item }
    /// `$index`: the current iteration index (inside a map's steps).
    public var index: PipelineValue { .index }
    /// `$mapResult`: the collected iteration results (inside a map's reduce).
    public var mapResult: PipelineValue { .mapResult }

    /// Adds an operation step; returns its result's handle.
    @discardableResult
    public mutating func step(_ operation: BitbybitOperation, _ params: PipelineValue = [:], output: Bool = false) -> PipelineValue {
        let position = steps.count
        let stepLocation = location.appending(position)
        let resultIndex = nextResultIndex
        let json = render(params, at: stepLocation.appending("params"))
        steps.append(.operation(PipelineStep(operation: operation, params: json, output: output ? true : nil)))
        entries.append(ResultCounting.plainStep)
        if let resultIndex,
           let parsed = ResultCounting.literalParseResult(of: PipelineAnyStep.operation(PipelineStep(operation: operation, params: json)).jsonValue),
           let array = parsed.arrayValue
        {
            state.knownArrayLengths[resultIndex] = array.count
        }
        return .step(handle(position: position, resultIndex: resultIndex))
    }

    /// Adds a map step (see ``PipelineBuilder/map(over:itemCount:_:reduce:)``); inside a map or
    /// choice this nests one level deeper (the document allows 3 levels).
    @discardableResult
    public mutating func map(
        over items: PipelineValue, itemCount: Int? = nil, _ body: (inout PipelineScope) -> Void,
        reduce: ((inout PipelineScope) -> Void)? = nil
    ) -> PipelineValue {
        let position = steps.count
        let stepLocation = location.appending(position)
        let start = nextResultIndex
        let itemsJSON = render(items, at: stepLocation.appending("items"))
        let count = itemCount ?? knownCount(of: items)

        var inner = child(.mapSteps, at: stepLocation.appending("steps"))
        body(&inner)
        state = inner.state
        let perIteration = ResultCounting.sum(inner.entries)

        var reduceSteps: [PipelineAnyStep]?
        if let reduce {
            var reducer = child(.reduce, at: stepLocation.appending("reduce"))
            reduce(&reducer)
            state = reducer.state
            reduceSteps = reducer.steps
        }

        steps.append(.map(MapStep(items: itemsJSON, steps: inner.steps, reduce: reduceSteps)))
        let added = ResultCounting.mapEntries(items: count, perIteration: perIteration)
        entries.append(added)
        if kind == .topLevel, added == nil, state.firstUnknownMap == nil {
            state.firstUnknownMap = stepLocation
        }
        let resultIndex = start.flatMap { start in added.map { start + $0 - 1 } }
        return .step(handle(position: position, resultIndex: resultIndex))
    }

    /// Adds a choice step (see ``PipelineBuilder/choice(_:_:_:then:else:)``).
    @discardableResult
    public mutating func choice(
        _ value: PipelineValue, _ operator: ComparisonOperator, _ compareTo: PipelineValue? = nil,
        then: (inout PipelineScope) -> Void, else elseBody: ((inout PipelineScope) -> Void)? = nil
    ) -> PipelineValue {
        let position = steps.count
        let stepLocation = location.appending(position)
        let resultIndex = nextResultIndex
        let valueJSON = render(value, at: stepLocation.appending("value"))
        let compareJSON = compareTo.map { render($0, at: stepLocation.appending("compareTo")) }

        var thenScope = child(.branch, at: stepLocation.appending("then"))
        then(&thenScope)
        state = thenScope.state
        var elseSteps: [PipelineAnyStep]?
        if let elseBody {
            var elseScope = child(.branch, at: stepLocation.appending("else"))
            elseBody(&elseScope)
            state = elseScope.state
            elseSteps = elseScope.steps
        }

        steps.append(.choice(ChoiceStep(
            value: valueJSON, operator: `operator`, compareTo: compareJSON, then: thenScope.steps, else: elseSteps)))
        entries.append(ResultCounting.plainStep)
        return .step(handle(position: position, resultIndex: resultIndex))
    }

    // MARK: - Internals

    private func handle(position: Int, resultIndex: Int?) -> StepHandle {
        StepHandle(
            scopeID: id, position: position, resultIndex: resultIndex, isTopLevel: kind == .topLevel,
            location: location.appending(position))
    }

    private mutating func child(_ kind: Kind, at location: JSONPath) -> PipelineScope {
        let scope = PipelineScope(id: state.nextScopeID, kind: kind, location: location, state: state)
        state.nextScopeID += 1
        return scope
    }

    /// The item count of a map over `items`: an inline array's length, or the length of the array a
    /// top-level `json.parse` step with literal text produces.
    private func knownCount(of items: PipelineValue) -> Int? {
        switch items {
        case .array(let elements): return elements.count
        case .step(let handle) where handle.isTopLevel: return handle.resultIndex.flatMap { state.knownArrayLengths[$0] }
        case .reference(.result(let index)): return state.knownArrayLengths[index]
        default: return nil
        }
    }

    /// The JSON of a value as written in this scope: handles become `$ref:N` or `$local:N`.
    private mutating func render(_ value: PipelineValue, at location: JSONPath) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .reference(let reference): return .string(reference.description)
        case .array(let elements):
            return .array(elements.enumerated().map { render($0.element, at: location.appending($0.offset)) })
        case .object(let members):
            var object = JSONObject()
            for member in members { object[member.key] = render(member.value, at: location.appending(member.key)) }
            return .object(object)
        case .step(let handle):
            if handle.isTopLevel {
                if let index = handle.resultIndex { return .string(PipelineReference.result(index).description) }
                let map = state.firstUnknownMap.map { "the map at \($0)" } ?? "an earlier map"
                state.issues.append(PipelineBuildError.Issue(
                    location: location,
                    message: "cannot write a $ref to the \(handle): \(map) has an unknown item count, so later "
                        + "result indices are unknown; pass itemCount: to that map"))
                return .null
            }
            if handle.scopeID == id { return .string(PipelineReference.local(handle.position).description) }
            state.issues.append(PipelineBuildError.Issue(
                location: location,
                message: "the \(handle) belongs to another map or choice scope; a scope's steps can be "
                    + "referenced only inside it ($local:N), and top-level steps anywhere ($ref:N)"))
            return .null
        }
    }
}

/// What every scope of one builder shares.
struct BuilderState: Sendable {
    var nextScopeID = 1
    var issues: [PipelineBuildError.Issue] = []
    /// Global result index → length of the literal array its `json.parse` step produces.
    var knownArrayLengths: [Int: Int] = [:]
    /// The first top-level map whose item count is unknown.
    var firstUnknownMap: JSONPath?
}

/// The builder could not write some references.
public struct PipelineBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One reference that could not be written.
    public struct Issue: Sendable, Hashable {
        /// Where the reference was used.
        public let location: JSONPath
        /// Why it could not be written.
        public let message: String
    }

    /// Every issue, in the order the steps were added.
    public let issues: [Issue]

    /// One line per issue.
    public var description: String {
        issues.map { "\($0.location): \($0.message)" }.joined(separator: "\n")
    }
}
