/// The request bodies the Bitbybit API accepts, each named after its OpenAPI schema.
public enum BitbybitRequestSchema: String, CaseIterable, Sendable, Hashable {
    /// `POST /api/v1/cad/execute`
    case execute = "ExecuteBody"
    /// `POST /api/v1/cad/pipeline`
    case pipeline = "PipelineBody"
    /// `POST /api/v1/cad/compound`
    case compound = "CompoundExecuteBody"
    /// `POST /api/v1/models/definitions`
    case definitions = "DefinitionsBody"
    /// `POST /api/v1/models/{name}`
    case modelSubmission = "ModelSubmissionBody"
    /// `POST /api/v1/models/{name}/batch`
    case batchModelSubmission = "BatchModelSubmissionBody"
    /// `POST /api/v1/models/dragon-cup`
    case dragonCup = "DragonCupBody"
    /// `POST /api/v1/models/phone-nest`
    case phoneNest = "PhoneNestBody"
    /// `POST /api/v1/convert/step-to-gltf`
    case stepToGltf = "StepToGltfBody"
    /// `POST /api/v1/convert/step-to-gltf-advanced`
    case stepToGltfAdvanced = "StepToGltfAdvancedBody"
    /// `POST /api/v1/convert/step-to-gltf-with-draco`
    case stepToGltfWithDraco = "StepToGltfWithDracoBody"
    /// `POST /api/v1/convert/step-to-gltf-advanced-with-draco`
    case stepToGltfAdvancedWithDraco = "StepToGltfAdvancedWithDracoBody"
    /// `POST /api/v1/cad/pro/unfold/face-to-flat`
    case unfoldFaceToFlat = "UnfoldFaceToFlatBody"
    /// `POST /api/v1/cad/pro/unfold/face-report`
    case unfoldFaceReport = "UnfoldFaceReportBody"
    /// `POST /api/v1/cad/pro/unfold/solid-to-flat`
    case unfoldSolidToFlat = "UnfoldSolidToFlatBody"
    /// `POST /api/v1/cad/pro/unfold/solid-report`
    case unfoldSolidReport = "UnfoldSolidReportBody"
    /// `POST /api/v1/cad/pro/unfold/solid`
    case unfoldSolid = "UnfoldSolidBody"
    /// `POST /api/v1/files/upload`
    case fileUpload = "FileUploadBody"

    /// The OpenAPI schema name.
    public var schemaName: String { rawValue }

    /// The largest body the endpoint takes: 512 KB for pipelines, 128 KB for the others (the
    /// pipelines document's "Resource Budgets").
    public var payloadLimit: Int { self == .pipeline ? 512 * 1024 : 128 * 1024 }
}

/// A typed request body that knows its schema, so it can be validated before it is sent.
public protocol BitbybitRequestBody: Encodable, Sendable {
    /// The schema the body is checked against.
    static var requestSchema: BitbybitRequestSchema { get }
    /// The body as JSON: what is validated, and what should be sent (`requestJSON.serializedData`)
    /// so that the bytes checked against the payload limit are the bytes on the wire.
    func requestJSON() throws -> JSONValue
}

extension BitbybitRequestBody {
    /// The body encoded with `JSONEncoder`.
    public func requestJSON() throws -> JSONValue { try JSONValue(encoding: self) }
}

extension ExecuteBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/execute``.
    public static var requestSchema: BitbybitRequestSchema { .execute }
}
extension PipelineBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/pipeline``.
    public static var requestSchema: BitbybitRequestSchema { .pipeline }
    /// ``jsonValue``: keys in the order the steps and params were written.
    public func requestJSON() -> JSONValue { jsonValue }
}
extension CompoundExecuteBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/compound``.
    public static var requestSchema: BitbybitRequestSchema { .compound }
}
extension DefinitionsBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/definitions``.
    public static var requestSchema: BitbybitRequestSchema { .definitions }
}
extension ModelSubmissionBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/modelSubmission``.
    public static var requestSchema: BitbybitRequestSchema { .modelSubmission }
}
extension BatchModelSubmissionBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/batchModelSubmission``.
    public static var requestSchema: BitbybitRequestSchema { .batchModelSubmission }
}
extension DragonCupBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/dragonCup``.
    public static var requestSchema: BitbybitRequestSchema { .dragonCup }
}
extension PhoneNestBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/phoneNest``.
    public static var requestSchema: BitbybitRequestSchema { .phoneNest }
}
extension StepToGltfBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/stepToGltf``.
    public static var requestSchema: BitbybitRequestSchema { .stepToGltf }
}
extension StepToGltfAdvancedBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/stepToGltfAdvanced``.
    public static var requestSchema: BitbybitRequestSchema { .stepToGltfAdvanced }
}
extension StepToGltfWithDracoBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/stepToGltfWithDraco``.
    public static var requestSchema: BitbybitRequestSchema { .stepToGltfWithDraco }
}
extension StepToGltfAdvancedWithDracoBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/stepToGltfAdvancedWithDraco``.
    public static var requestSchema: BitbybitRequestSchema { .stepToGltfAdvancedWithDraco }
}
extension UnfoldFaceToFlatBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/unfoldFaceToFlat``.
    public static var requestSchema: BitbybitRequestSchema { .unfoldFaceToFlat }
}
extension UnfoldFaceReportBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/unfoldFaceReport``.
    public static var requestSchema: BitbybitRequestSchema { .unfoldFaceReport }
}
extension UnfoldSolidToFlatBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/unfoldSolidToFlat``.
    public static var requestSchema: BitbybitRequestSchema { .unfoldSolidToFlat }
}
extension UnfoldSolidReportBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/unfoldSolidReport``.
    public static var requestSchema: BitbybitRequestSchema { .unfoldSolidReport }
}
extension UnfoldSolidBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/unfoldSolid``.
    public static var requestSchema: BitbybitRequestSchema { .unfoldSolid }
}
extension FileUploadBody: BitbybitRequestBody {
    /// ``BitbybitRequestSchema/fileUpload``.
    public static var requestSchema: BitbybitRequestSchema { .fileUpload }
}

/// The component schemas of the Bitbybit OpenAPI document, ready to validate against.
public struct RequestSchemas: Sendable {
    /// The OpenAPI document.
    public let document: JSONValue
    private let validator: JSONSchemaValidator
    /// The same document with the pipeline schemas adjusted for step-by-step checking (see
    /// ``PipelineValidator``): step arrays accept anything (each step is checked by its kind),
    /// and the step and input-file counts are left to the budget rules, which say more.
    let pipelineValidator: JSONSchemaValidator

    /// Reads an OpenAPI 3.1 document.
    public init(openAPI document: JSONValue) throws(CatalogueError) {
        guard document["components"]?["schemas"]?.objectValue != nil else {
            throw CatalogueError(message: "the OpenAPI document has no components.schemas")
        }
        self.document = document
        validator = JSONSchemaValidator(document: document)
        var adjusted = document
        let schemas = ["components", "schemas"]
        adjusted.set(.bool(true), at: schemas + ["PipelineBody", "properties", "steps", "items"])
        adjusted.set(nil, at: schemas + ["PipelineBody", "properties", "steps", "maxItems"])
        adjusted.set(nil, at: schemas + ["PipelineBody", "properties", "inputFiles", "maxItems"])
        adjusted.set(.bool(true), at: schemas + ["MapStep", "properties", "steps", "items"])
        adjusted.set(.bool(true), at: schemas + ["MapStep", "properties", "reduce", "items"])
        adjusted.set(.bool(true), at: schemas + ["ChoiceStep", "properties", "then", "items"])
        adjusted.set(.bool(true), at: schemas + ["ChoiceStep", "properties", "else", "items"])
        pipelineValidator = JSONSchemaValidator(document: adjusted)
    }

    /// The names under `components.schemas`.
    public var schemaNames: [String] { document["components"]?["schemas"]?.objectValue?.keys ?? [] }

    /// The component schema called `name`.
    public func schema(named name: String) -> JSONValue? { document["components"]?["schemas"]?[name] }

    /// Problems of `value` against the component schema `name` (request or response), paths
    /// relative to `path`. An unknown schema name is itself reported.
    public func problems(in value: JSONValue, schemaNamed name: String, at path: JSONPath = .root) -> [ValidationProblem] {
        guard let schema = schema(named: name) else {
            return [ValidationProblem(at: path, "no schema named '\(name)' in the OpenAPI document", rule: .schemaType)]
        }
        return validator.validate(value, against: schema, at: path)
    }

    /// The request schema of an operation of the document, e.g. (`POST`, `/api/v1/models/dragon-cup`)
    /// → `DragonCupBody`; a literal path wins over a templated one (`/api/v1/models/{modelName}`).
    public func requestSchemaName(method: String, path: String) -> String? {
        guard let paths = document["paths"]?.objectValue else { return nil }
        let wanted = path.split(separator: "/")
        var templated: String?
        for (template, item) in paths {
            guard let operation = item[method.lowercased()],
                  let reference = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.stringValue
            else { continue }
            let name = String(reference.split(separator: "/").last ?? "")
            if template == path { return name }
            let parts = template.split(separator: "/")
            if parts.count == wanted.count,
               zip(parts, wanted).allSatisfy({ $0 == $1 || ($0.hasPrefix("{") && $0.hasSuffix("}")) })
            {
                templated = templated ?? name
            }
        }
        return templated
    }
}

extension JSONValue {
    /// Sets (or, with `nil`, removes) the member at a path of object keys, creating objects on the way.
    mutating func set(_ value: JSONValue?, at keys: [String]) {
        guard let first = keys.first else {
            if let value { self = value }
            return
        }
        var object = objectValue ?? JSONObject()
        if keys.count == 1 {
            object[first] = value
        } else {
            var child = object[first] ?? .object(JSONObject())
            child.set(value, at: Array(keys.dropFirst()))
            object[first] = child
        }
        self = .object(object)
    }
}
