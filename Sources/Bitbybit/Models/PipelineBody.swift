/// `POST /api/v1/cad/pipeline`: a chain of operations (`PipelineBody`). Build one with
/// ``PipelineBuilder``, or decode a hand-written file; check it with ``BitbybitValidator``.
///
/// The pipeline types encode through CADCore's `JSONValue` so that the JSON keeps a stable key order and
/// free-form parts (`params`, `items`, `value`) round-trip unchanged.
public struct PipelineBody: Codable, Sendable, Hashable {
    /// The steps, 1 to 50 at the top level.
    public var steps: [PipelineAnyStep]
    /// Uploaded files readable with `$file:N`, at most 5.
    public var inputFiles: [InputFileItem]?
    /// Output formats of the final result; omitted means raw result data.
    public var outputs: PipelineOutputOptions?

    /// A pipeline body.
    public init(steps: [PipelineAnyStep], inputFiles: [InputFileItem]? = nil, outputs: PipelineOutputOptions? = nil) {
        self.steps = steps
        self.inputFiles = inputFiles
        self.outputs = outputs
    }

    /// The body as JSON, keys in the documented order.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["steps": .array(steps.map(\.jsonValue))]
        if let inputFiles {
            object["inputFiles"] = .array(inputFiles.map { ["fileId": .string($0.fileID), "role": .string($0.role)] })
        }
        if let outputs { object["outputs"] = outputs.jsonValue }
        return .object(object)
    }

    /// Reads a body from JSON. Throws when the shape cannot be read at all (e.g. `steps` is not an
    /// array); finer problems are the validator's job.
    public init(json: JSONValue) throws(PipelineDecodingError) {
        guard let object = json.objectValue else { throw PipelineDecodingError(path: .root, message: "the body must be a JSON object") }
        guard let steps = object["steps"]?.arrayValue else {
            throw PipelineDecodingError(path: ["steps"], message: "'steps' must be an array of steps")
        }
        self.steps = try steps.enumerated().map { index, step throws(PipelineDecodingError) in
            try PipelineAnyStep(json: step, path: JSONPath(["steps", .index(index)]))
        }
        if let files = object["inputFiles"], !files.isNull {
            guard let array = files.arrayValue else {
                throw PipelineDecodingError(path: ["inputFiles"], message: "'inputFiles' must be an array")
            }
            inputFiles = try array.enumerated().map { index, file throws(PipelineDecodingError) in
                guard let fileID = file["fileId"]?.stringValue, let role = file["role"]?.stringValue else {
                    throw PipelineDecodingError(
                        path: JSONPath(["inputFiles", .index(index)]), message: "an input file needs string 'fileId' and 'role'")
                }
                return InputFileItem(fileID: fileID, role: role)
            }
        }
        if let outputs = object["outputs"], !outputs.isNull {
            self.outputs = try PipelineOutputOptions(json: outputs)
        }
    }

    /// Decodes through ``init(json:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    /// Encodes ``jsonValue``.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// A pipeline JSON document whose shape cannot be read into ``PipelineBody``.
public struct PipelineDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where.
    public let path: JSONPath
    /// What is wrong.
    public let message: String

    /// "path: message".
    public var description: String { path.components.isEmpty ? message : "\(path): \(message)" }
}

/// A pipeline step: an operation, a map or a choice (`PipelineAnyStep`).
public enum PipelineAnyStep: Codable, Sendable, Hashable {
    /// A plain operation (no `type`).
    case operation(PipelineStep)
    /// `type: "map"`.
    case map(MapStep)
    /// `type: "choice"`.
    case choice(ChoiceStep)
    /// A step of a `type` this client does not know, kept as written.
    case unknown(JSONValue)

    /// The step as JSON.
    public var jsonValue: JSONValue {
        switch self {
        case .operation(let step): step.jsonValue
        case .map(let step): step.jsonValue
        case .choice(let step): step.jsonValue
        case .unknown(let json): json
        }
    }

    /// Reads a step from JSON.
    public init(json: JSONValue, path: JSONPath = .root) throws(PipelineDecodingError) {
        guard let object = json.objectValue else {
            throw PipelineDecodingError(path: path, message: "a step must be a JSON object")
        }
        switch object["type"] {
        case nil, .null?:
            guard let operation = object["operation"]?.stringValue else {
                throw PipelineDecodingError(path: path.appending("operation"), message: "a step needs a string 'operation'")
            }
            self = .operation(PipelineStep(
                operation: BitbybitOperation(rawValue: operation), params: object["params"] ?? [:],
                output: object["output"]?.boolValue))
        case .string("map")?:
            self = .map(try MapStep(object: object, path: path))
        case .string("choice")?:
            self = .choice(try ChoiceStep(object: object, path: path))
        default:
            self = .unknown(json)
        }
    }

    /// Decodes through ``init(json:path:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    /// Encodes ``jsonValue``.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    static func steps(in object: JSONObject, key: String, path: JSONPath) throws(PipelineDecodingError) -> [PipelineAnyStep]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let array = value.arrayValue else {
            throw PipelineDecodingError(path: path.appending(key), message: "'\(key)' must be an array of steps")
        }
        return try array.enumerated().map { index, step throws(PipelineDecodingError) in
            try PipelineAnyStep(json: step, path: path.appending(key).appending(index))
        }
    }
}

/// A plain operation step (`PipelineStep`).
public struct PipelineStep: Sendable, Hashable {
    /// Fully-qualified operation path.
    public var operation: BitbybitOperation
    /// Parameters: usually an object, or a reference such as `$file:0:json`.
    public var params: JSONValue
    /// Include this step's result in `result.json`.
    public var output: Bool?

    /// A step.
    public init(operation: BitbybitOperation, params: JSONValue = [:], output: Bool? = nil) {
        self.operation = operation
        self.params = params
        self.output = output
    }

    /// The step as JSON.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["operation": .string(operation.rawValue), "params": params]
        if let output { object["output"] = .bool(output) }
        return .object(object)
    }
}

/// A map (iteration) step (`MapStep`): runs `steps` for each element of `items`, then optionally
/// `reduce` over the collected results (`$mapResult`).
public struct MapStep: Sendable, Hashable {
    /// The array to iterate: inline, or a reference such as `$ref:2`.
    public var items: JSONValue
    /// Steps run for each item (`$item`, `$index`, `$prev`, `$local:N` available).
    public var steps: [PipelineAnyStep]
    /// Steps run once after all iterations (`$mapResult` available).
    public var reduce: [PipelineAnyStep]?

    /// A map step.
    public init(items: JSONValue, steps: [PipelineAnyStep], reduce: [PipelineAnyStep]? = nil) {
        self.items = items
        self.steps = steps
        self.reduce = reduce
    }

    init(object: JSONObject, path: JSONPath) throws(PipelineDecodingError) {
        items = object["items"] ?? .null
        steps = try PipelineAnyStep.steps(in: object, key: "steps", path: path) ?? []
        reduce = try PipelineAnyStep.steps(in: object, key: "reduce", path: path)
    }

    /// The step as JSON.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["type": "map", "items": items, "steps": .array(steps.map(\.jsonValue))]
        if let reduce { object["reduce"] = .array(reduce.map(\.jsonValue)) }
        return .object(object)
    }
}

/// A choice (conditional) step (`ChoiceStep`): compares `value` with `compareTo` and runs `then` or `else`.
public struct ChoiceStep: Sendable, Hashable {
    /// The value compared, usually a reference.
    public var value: JSONValue
    /// The comparison.
    public var `operator`: ComparisonOperator
    /// The value compared against; not needed for `exists`.
    public var compareTo: JSONValue?
    /// Steps run when the condition holds.
    public var then: [PipelineAnyStep]
    /// Steps run otherwise; without them the result is `null`.
    public var `else`: [PipelineAnyStep]?

    /// A choice step.
    public init(
        value: JSONValue, operator: ComparisonOperator, compareTo: JSONValue? = nil,
        then: [PipelineAnyStep], else: [PipelineAnyStep]? = nil
    ) {
        self.value = value
        self.operator = `operator`
        self.compareTo = compareTo
        self.then = then
        self.else = `else`
    }

    init(object: JSONObject, path: JSONPath) throws(PipelineDecodingError) {
        value = object["value"] ?? .null
        `operator` = ComparisonOperator(rawValue: object["operator"]?.stringValue ?? "")
        compareTo = object["compareTo"]
        then = try PipelineAnyStep.steps(in: object, key: "then", path: path) ?? []
        `else` = try PipelineAnyStep.steps(in: object, key: "else", path: path)
    }

    /// The step as JSON.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["type": "choice", "value": value, "operator": .string(`operator`.rawValue)]
        if let compareTo { object["compareTo"] = compareTo }
        object["then"] = .array(then.map(\.jsonValue))
        if let `else` { object["else"] = .array(`else`.map(\.jsonValue)) }
        return .object(object)
    }
}

/// Output formats of a pipeline's final result (`PipelineOutputOptions`).
public struct PipelineOutputOptions: Codable, Sendable, Hashable {
    /// The formats, at least one.
    public var formats: [PipelineOutputFormat]
    /// Tessellation precision for mesh outputs, [0.0001, 10].
    public var meshPrecision: Double?
    /// Overrides `meshPrecision` for glTF only, [0.0001, 10].
    public var gltfMeshPrecision: Double?
    /// Convert from Y-up to Z-up.
    public var adjustYtoZ: Bool?
    /// Include the pipeline in `metadata.json` (default true).
    public var includePipelineInMetadata: Bool?

    /// Output options.
    public init(
        formats: [PipelineOutputFormat], meshPrecision: Double? = nil, gltfMeshPrecision: Double? = nil,
        adjustYtoZ: Bool? = nil, includePipelineInMetadata: Bool? = nil
    ) {
        self.formats = formats
        self.meshPrecision = meshPrecision
        self.gltfMeshPrecision = gltfMeshPrecision
        self.adjustYtoZ = adjustYtoZ
        self.includePipelineInMetadata = includePipelineInMetadata
    }

    init(json: JSONValue) throws(PipelineDecodingError) {
        guard let formats = json["formats"]?.arrayValue else {
            throw PipelineDecodingError(path: ["outputs", "formats"], message: "'outputs.formats' must be an array of format names")
        }
        self.formats = formats.map { PipelineOutputFormat(rawValue: $0.stringValue ?? $0.serialized()) }
        meshPrecision = json["meshPrecision"]?.numberValue
        gltfMeshPrecision = json["gltfMeshPrecision"]?.numberValue
        adjustYtoZ = json["adjustYtoZ"]?.boolValue
        includePipelineInMetadata = json["includePipelineInMetadata"]?.boolValue
    }

    /// The options as JSON.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["formats": .array(formats.map { .string($0.rawValue) })]
        if let meshPrecision { object["meshPrecision"] = .number(meshPrecision) }
        if let gltfMeshPrecision { object["gltfMeshPrecision"] = .number(gltfMeshPrecision) }
        if let adjustYtoZ { object["adjustYtoZ"] = .bool(adjustYtoZ) }
        if let includePipelineInMetadata { object["includePipelineInMetadata"] = .bool(includePipelineInMetadata) }
        return .object(object)
    }
}
