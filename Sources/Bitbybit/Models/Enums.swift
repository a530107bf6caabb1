// Open string enums of the Bitbybit OpenAPI document. Generated once from the schema's enums and
// kept by hand; every one keeps unknown values (`unknown(String)`).

/// A task's lifecycle state (`TaskStatus`).
public enum TaskStatus: OpenStringEnum {
    /// `waiting`: Pending dependencies.
    case waiting
    /// `queued`: In the queue.
    case queued
    /// `processing`: Actively computing.
    case processing
    /// `completed`: Result available.
    case completed
    /// `failed`: An error occurred; see the task's `error`.
    case failed
    /// `cancelled`: Cancelled by the user.
    case cancelled
    /// `expired`: Result TTL exceeded.
    case expired
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [TaskStatus] = [.waiting, .queued, .processing, .completed, .failed, .cancelled, .expired]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .waiting: "waiting"
        case .queued: "queued"
        case .processing: "processing"
        case .completed: "completed"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .expired: "expired"
        case .unknown(let value): value
        }
    }

    /// Whether the task can no longer change: completed, failed, cancelled or expired.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled, .expired: true
        case .waiting, .queued, .processing: false
        case .unknown: false
        }
    }
}

/// The type of work a task does (`TaskKind`).
public enum TaskKind: OpenStringEnum {
    /// `cad`: A single operation.
    case cad
    /// `model`: A parametric model.
    case model
    /// `convert-simple`: A simple STEP → glTF conversion.
    case convertSimple
    /// `convert-advanced`: An advanced STEP → glTF conversion.
    case convertAdvanced
    /// `pipeline`: A sequential pipeline.
    case pipeline
    /// `compound`: A parallel batch.
    case compound
    /// `tenant`: Tenant-scoped work.
    case tenant
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [TaskKind] = [.cad, .model, .convertSimple, .convertAdvanced, .pipeline, .compound, .tenant]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .cad: "cad"
        case .model: "model"
        case .convertSimple: "convert-simple"
        case .convertAdvanced: "convert-advanced"
        case .pipeline: "pipeline"
        case .compound: "compound"
        case .tenant: "tenant"
        case .unknown(let value): value
        }
    }
}

/// An uploaded file's lifecycle state (`FileStatus`).
public enum FileStatus: OpenStringEnum {
    /// `pending`: Upload URL issued, awaiting the PUT.
    case pending
    /// `confirmed`: Upload verified; the file is usable.
    case confirmed
    /// `expired`: The upload URL expired before completion.
    case expired
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [FileStatus] = [.pending, .confirmed, .expired]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .pending: "pending"
        case .confirmed: "confirmed"
        case .expired: "expired"
        case .unknown(let value): value
        }
    }
}

/// Overall API health (`HealthStatus.status`).
public enum HealthState: OpenStringEnum {
    /// `ok`: Healthy.
    case ok
    /// `degraded`: Running with reduced capacity.
    case degraded
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [HealthState] = [.ok, .degraded]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .ok: "ok"
        case .degraded: "degraded"
        case .unknown(let value): value
        }
    }
}

/// A model parameter's data type (`ModelParamApiType`).
public enum ModelParamApiType: OpenStringEnum {
    /// `number`: A float.
    case number
    /// `integer`: A whole number.
    case integer
    /// `boolean`: true/false.
    case boolean
    /// `array`: A list of values.
    case array
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [ModelParamApiType] = [.number, .integer, .boolean, .array]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .number: "number"
        case .integer: "integer"
        case .boolean: "boolean"
        case .array: "array"
        case .unknown(let value): value
        }
    }
}

/// An output format of models, conversions and unfolds (`OutputFormat`). `step` and `stpz` are mutually exclusive in one request.
public enum OutputFormat: OpenStringEnum {
    /// `step`: Raw STEP.
    case step
    /// `stpz`: Gzip-compressed STEP.
    case stpz
    /// `decomposed-mesh`: Triangulated JSON mesh.
    case decomposedMesh
    /// `gltf`: glTF 2.0 binary; its result key is `glb`.
    case gltf
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [OutputFormat] = [.step, .stpz, .decomposedMesh, .gltf]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .step: "step"
        case .stpz: "stpz"
        case .decomposedMesh: "decomposed-mesh"
        case .gltf: "gltf"
        case .unknown(let value): value
        }
    }

    /// The key under which the result is listed and downloaded: `glb` for `gltf`, else the format name.
    public var resultKey: String { BitbybitResultKey.forRequestedFormat(rawValue) }
}

/// A pipeline output format (`PipelineOutputFormat`): the standard formats plus `json`, `csv`, `stl`, `3mf`.
public enum PipelineOutputFormat: OpenStringEnum {
    /// `step`: STEP (OCCT shapes).
    case step
    /// `stpz`: Compressed STEP (OCCT shapes).
    case stpz
    /// `decomposed-mesh`: Raw mesh data (OCCT shapes).
    case decomposedMesh
    /// `gltf`: GLB (OCCT shapes); its result key is `glb`.
    case gltf
    /// `json`: Any data result as JSON.
    case json
    /// `csv`: Tabular data as CSV.
    case csv
    /// `stl`: Binary STL (Manifold or JSCAD meshes).
    case stl
    /// `3mf`: 3MF package (JSCAD meshes).
    case threeMF
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [PipelineOutputFormat] = [.step, .stpz, .decomposedMesh, .gltf, .json, .csv, .stl, .threeMF]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .step: "step"
        case .stpz: "stpz"
        case .decomposedMesh: "decomposed-mesh"
        case .gltf: "gltf"
        case .json: "json"
        case .csv: "csv"
        case .stl: "stl"
        case .threeMF: "3mf"
        case .unknown(let value): value
        }
    }

    /// The key under which the result is listed and downloaded: `glb` for `gltf`, else the format name.
    public var resultKey: String { BitbybitResultKey.forRequestedFormat(rawValue) }
}

/// A choice step's comparison (`ComparisonOperator`).
public enum ComparisonOperator: OpenStringEnum {
    /// `eq`: Equal.
    case eq
    /// `neq`: Not equal.
    case neq
    /// `gt`: Greater than.
    case gt
    /// `gte`: Greater or equal.
    case gte
    /// `lt`: Less than.
    case lt
    /// `lte`: Less or equal.
    case lte
    /// `exists`: The value is not null/undefined; needs no `compareTo`.
    case exists
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [ComparisonOperator] = [.eq, .neq, .gt, .gte, .lt, .lte, .exists]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .eq: "eq"
        case .neq: "neq"
        case .gt: "gt"
        case .gte: "gte"
        case .lt: "lt"
        case .lte: "lte"
        case .exists: "exists"
        case .unknown(let value): value
        }
    }
}

/// How glTF node/mesh names derive from STEP labels (`GltfNameFormat`).
public enum GltfNameFormat: OpenStringEnum {
    /// `empty`: No names.
    case empty
    /// `product`: Product names.
    case product
    /// `instance`: Instance names.
    case instance
    /// `instanceOrProduct`: Instance, else product.
    case instanceOrProduct
    /// `productOrInstance`: Product, else instance.
    case productOrInstance
    /// `productAndInstance`: Both.
    case productAndInstance
    /// `productAndInstanceAndOcaf`: Both plus the OCAF label.
    case productAndInstanceAndOcaf
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [GltfNameFormat] = [.empty, .product, .instance, .instanceOrProduct, .productOrInstance, .productAndInstance, .productAndInstanceAndOcaf]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .empty: "empty"
        case .product: "product"
        case .instance: "instance"
        case .instanceOrProduct: "instanceOrProduct"
        case .productOrInstance: "productOrInstance"
        case .productAndInstance: "productAndInstance"
        case .productAndInstanceAndOcaf: "productAndInstanceAndOcaf"
        case .unknown(let value): value
        }
    }
}

/// The transform representation in glTF output (`GltfTransformFormat`).
public enum GltfTransformFormat: OpenStringEnum {
    /// `compact`: The default.
    case compact
    /// `mat4`: A 4×4 matrix.
    case mat4
    /// `trs`: Translation/rotation/scale.
    case trs
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [GltfTransformFormat] = [.compact, .mat4, .trs]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .compact: "compact"
        case .mat4: "mat4"
        case .trs: "trs"
        case .unknown(let value): value
        }
    }
}
/// Result keys: the names results are listed and downloaded under (`GET /tasks/{id}/result/{format}`).
public enum BitbybitResultKey {
    /// The result key for a requested format name: `gltf` → `glb`; every other name is its own key.
    /// Accepts result keys too (`glb` → `glb`).
    public static func forRequestedFormat(_ format: String) -> String {
        format == "gltf" ? "glb" : format
    }
}
