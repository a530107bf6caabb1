/// `client.models`: the parametric model catalogue and model runs.
public struct BitbybitModelsAPI: Sendable {
    let client: BitbybitClient

    /// `GET /api/v1/models`: the model slugs (`dragon-cup`, `phone-nest`, …).
    public func list() async throws -> [String] {
        try await client.get("/api/v1/models", as: ModelList.self).models
    }

    /// `GET /api/v1/models/{name}/params`: the model's parameters, types, ranges and defaults.
    public func params(_ name: String) async throws -> ModelDefinition {
        try await client.get(EndpointPath("/api/v1/models/{name}/params", name), as: ModelDefinition.self)
    }

    /// `POST /api/v1/models/definitions`: the definitions of several models at once, by slug.
    public func definitions(_ names: [String]) async throws -> [String: ModelDefinition] {
        try await client.post("/api/v1/models/definitions", body: DefinitionsBody(names: names),
                              as: ModelBatchDefinitions.self).definitions
    }

    /// `POST /api/v1/models/{name}`: starts a model run.
    ///
    /// The documented models are checked against their own schemas when validation is on (`dragon-cup`
    /// against `DragonCupBody`, `phone-nest` against `PhoneNestBody`: every parameter's range); others against
    /// `ModelSubmissionBody`.
    public func run(_ name: String, body: ModelSubmissionBody) async throws -> TaskAccepted {
        let schema: BitbybitRequestSchema = switch name {
        case "dragon-cup": .dragonCup
        case "phone-nest": .phoneNest
        default: .modelSubmission
        }
        let json: JSONValue
        do { json = try body.requestJSON() } catch {
            throw CADError.usage("cannot encode the model request as JSON: \(error)")
        }
        return try await client.post(EndpointPath("/api/v1/models/{name}", name), json: json, schema: schema,
                                     as: TaskAccepted.self)
    }

    /// `POST /api/v1/models/{name}` with `params` (omitted ones take their defaults) and `formats`
    /// (`gltf` comes back under the result key `glb`).
    public func run(_ name: String, params: [String: JSONValue] = [:], formats: [OutputFormat] = [.gltf])
        async throws -> TaskAccepted
    {
        try await run(name, body: ModelSubmissionBody(params: params.isEmpty ? nil : params,
                                                      outputs: OutputOptions(formats: formats)))
    }

    /// `POST /api/v1/models/dragon-cup` with typed parameters (ranges checked when validation is on).
    public func dragonCup(_ body: DragonCupBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/models/dragon-cup", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/models/phone-nest` with typed parameters (ranges checked when validation is on).
    public func phoneNest(_ body: PhoneNestBody) async throws -> TaskAccepted {
        try await client.post("/api/v1/models/phone-nest", body: body, as: TaskAccepted.self)
    }

    /// `POST /api/v1/models/{name}/batch`: 1–50 variations of one model as a compound task (one sub-task each).
    public func runBatch(_ name: String, body: BatchModelSubmissionBody) async throws -> CompoundTaskAccepted {
        try await client.post(EndpointPath("/api/v1/models/{name}/batch", name), body: body,
                              as: CompoundTaskAccepted.self)
    }
}
