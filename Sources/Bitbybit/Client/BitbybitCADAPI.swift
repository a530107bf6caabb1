/// `client.cad`: single operations, pipelines, compound (parallel) runs and the sheet-metal unfold endpoints.
public struct BitbybitCADAPI: Sendable {
    let client: BitbybitClient

    /// `POST /api/v1/cad/execute`: one operation, run asynchronously.
    public func execute(_ body: ExecuteBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/execute", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/pipeline`: a sequential pipeline (build one with ``PipelineBuilder``). With
    /// validation on, references, scopes, the map counting rule and every budget are checked first.
    public func pipeline(_ body: PipelineBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pipeline", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/pipeline` with a pipeline read as JSON (a file's contents), checked as `PipelineBody`.
    public func pipeline(json: JSONValue) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pipeline", json: json, schema: .pipeline, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/compound`: 1–100 independent operations in parallel, one sub-task each.
    public func compound(_ body: CompoundExecuteBody) async throws -> CompoundTaskAccepted {
        try await client.post("/api/v1/cad/compound", body: body, as: CompoundTaskAccepted.self)
    }

    /// `POST /api/v1/cad/pro/unfold/face-to-flat`: unfolds one face of an uploaded STEP file.
    public func unfoldFaceToFlat(_ body: UnfoldFaceToFlatBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pro/unfold/face-to-flat", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/pro/unfold/face-report`: a report on one face's unfoldability.
    public func unfoldFaceReport(_ body: UnfoldFaceReportBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pro/unfold/face-report", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/pro/unfold/solid-to-flat`: the flat pattern of a sheet-metal solid.
    public func unfoldSolidToFlat(_ body: UnfoldSolidToFlatBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pro/unfold/solid-to-flat", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/pro/unfold/solid-report`: a report on a sheet-metal solid (bends, thickness).
    public func unfoldSolidReport(_ body: UnfoldSolidReportBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pro/unfold/solid-report", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/cad/pro/unfold/solid`: the unfolded solid with its report.
    public func unfoldSolid(_ body: UnfoldSolidBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/cad/pro/unfold/solid", body: body, as: TaskAccepted.self)
    }
}
