import Foundation

/// A task's lifecycle state, as `TaskStatus` documents it.
enum BitbybitTaskStatus: String, Sendable, CaseIterable {
    case waiting, queued, processing, completed, failed, cancelled, expired

    /// No further change except expiry.
    var isTerminal: Bool { [.completed, .failed, .cancelled, .expired].contains(self) }
    /// `DELETE /tasks/{id}` cancels only these.
    var isCancellable: Bool { self == .waiting || self == .queued }
    /// `POST /tasks/{id}/retry` accepts only these.
    var isRetryable: Bool { self == .failed || self == .cancelled }
}

/// The kinds `TaskKind` lists that the sandbox creates (`tenant` is never created).
enum BitbybitTaskKind: String, Sendable, CaseIterable {
    case cad
    case model
    case convertSimple = "convert-simple"
    case convertAdvanced = "convert-advanced"
    case pipeline
    case compound
}

/// Output settings shared by models, unfolds and pipelines (`OutputOptions` / `PipelineOutputOptions`).
struct BitbybitOutputOptions: Sendable, Equatable {
    /// Requested format names (`gltf`, `step`, `stpz`, `decomposed-mesh`; pipelines also `json`, `csv`,
    /// `stl`, `3mf`), in request order, duplicates removed.
    var formats: [String]
    var meshPrecision: Double?
    var adjustYtoZ: Bool

    init(formats: [String], meshPrecision: Double? = nil, adjustYtoZ: Bool = false) {
        var seen: Set<String> = []
        self.formats = formats.filter { seen.insert($0).inserted }
        self.meshPrecision = meshPrecision
        self.adjustYtoZ = adjustYtoZ
    }

    /// Reads a validated `outputs` object; `fallback` when absent.
    init(json: JSONValue?, fallback: [String] = ["gltf"]) {
        let formats = json?["formats"]?.arrayValue?.compactMap(\.stringValue) ?? fallback
        self.init(
            formats: formats, meshPrecision: json?["gltfMeshPrecision"]?.numberValue ?? json?["meshPrecision"]?.numberValue,
            adjustYtoZ: json?["adjustYtoZ"]?.boolValue ?? false)
    }

    /// The JSON the task metadata shows.
    var json: JSONValue {
        var object: JSONObject = ["formats": .array(formats.map(JSONValue.string))]
        if let meshPrecision { object["meshPrecision"] = .number(meshPrecision) }
        if adjustYtoZ { object["adjustYtoZ"] = .bool(true) }
        return .object(object)
    }
}

/// The five sheet-metal endpoints.
enum BitbybitUnfoldVariant: String, Sendable {
    case faceToFlat = "face-to-flat"
    case faceReport = "face-report"
    case solidToFlat = "solid-to-flat"
    case solidReport = "solid-report"
    case solid

    /// Whether the task produces flat geometry files.
    var producesGeometry: Bool { self != .faceReport && self != .solidReport }
    /// Whether the task metadata carries a report.
    var producesReport: Bool { self != .faceToFlat && self != .solidToFlat }
}

/// What a task computes; the producer turns it into result files when the task completes.
enum BitbybitWork: Sendable {
    /// A parametric model with its resolved parameters (defaults filled in).
    case model(name: String, params: JSONObject, outputs: BitbybitOutputOptions)
    /// One operation (`cad/execute`, a compound item). No formats means raw result data.
    case operation(name: String, params: JSONValue, formats: [String], inputFileIDs: [String])
    /// A pipeline; `outputs` nil means raw result data.
    case pipeline(body: JSONValue, inputFileIDs: [String], outputs: BitbybitOutputOptions?)
    /// STEP → glTF conversion of an uploaded file.
    case convert(fileID: String, endpoint: String, options: JSONValue)
    /// A sheet-metal unfold of an uploaded file.
    case unfold(BitbybitUnfoldVariant, fileID: String, faceIndex: Int, kFactor: Double, thickness: Double,
                outputs: BitbybitOutputOptions?)
    /// A compound parent: its state is its sub-tasks'.
    case compound
}

/// One stored result file of a completed task.
struct BitbybitResultPart: Sendable, Equatable {
    /// The format key (`glb`, `step`, `stpz`, `decomposed-mesh`, `metadata`, …).
    var key: String
    var objectID: String
    var mime: String
    var bytes: Int
    var filename: String
}

/// One task: its request, its schedule on the simulated clock and, once finished, its outcome.
///
/// The schedule is fixed at submission (or retry): the status at any moment follows from the
/// simulated time, so tasks advance with the sandbox clock without timers.
struct BitbybitTask: Sendable {
    let id: String
    /// The workspace of the key that created it; other workspaces get 404.
    let owner: String
    let kind: BitbybitTaskKind
    let label: String
    let work: BitbybitWork
    /// Facts about the request shown in `metadata` (model name, parameters, formats, …).
    var requestMetadata: JSONObject

    // Schedule, in simulated time since the server started.
    var submittedAt: Duration
    /// Until then the task is `waiting` (a compound sub-task without a free slot).
    var queuedAt: Duration
    var startAt: Duration
    var finishAt: Duration

    /// Clock date of creation (unchanged by retries).
    let createdAt: Date
    /// Materialized state: status as of the last refresh, and what happened.
    var status: BitbybitTaskStatus = .queued
    var startedAt: Date?
    var finishedAt: Date?
    var expiresAt: Date
    var error: String?
    var parts: [BitbybitResultPart] = []
    var resultMetadata: JSONObject = JSONObject()

    /// A failure decided at submission: a `sandbox.fail` operation (kept across retries) …
    var stickyFailure: String?
    /// … or one queued through the sandbox control (cleared by a retry).
    var oneShotFailure: String?
    /// The user cancelled it.
    var cancelled = false

    // Compound structure.
    var parentID: String?
    var index: Int?
    var childIDs: [String] = []

    /// Simulated milliseconds between start and finish, once finished.
    var computeMs: Double? {
        guard status == .completed || status == .failed, startedAt != nil else { return nil }
        return ((finishAt - startAt) / .milliseconds(1)).rounded()
    }
}
