import Foundation

/// `/api/v1/models…`: listing, definitions, the two typed model endpoints, the generic one and batches.
extension BitbybitSandbox {
    func registerModels(in routes: inout ProviderRoutes) {
        routes.get("/api/v1/models", handler: endpoint(.models) { call in
            BitbybitEnvelope.success(
                200, .object(["models": .array(catalog.names.map(JSONValue.string))]), requestID: call.requestID)
        })
        // Literal paths first: the route table takes the first pattern that matches.
        routes.post("/api/v1/models/definitions", handler: endpoint(.models) { call in try definitions(call) })
        routes.post("/api/v1/models/dragon-cup", handler: endpoint(.models) { call in
            try runTyped(call, model: "dragon-cup", bodySchema: "DragonCupBody")
        })
        routes.post("/api/v1/models/phone-nest", handler: endpoint(.models) { call in
            try runTyped(call, model: "phone-nest", bodySchema: "PhoneNestBody")
        })
        routes.post("/api/v1/models/{modelName}", handler: endpoint(.models) { call in try runGeneric(call) })
        routes.post("/api/v1/models/{modelName}/batch", handler: endpoint(.models) { call in try runBatch(call) })
        routes.get("/api/v1/models/{modelName}/params", handler: endpoint(.models) { call in
            let model = try requireModel(call.request.parameter("modelName"))
            return BitbybitEnvelope.success(200, model.definition, requestID: call.requestID)
        })
    }

    private func requireModel(_ name: String) throws -> BitbybitModel {
        guard let model = catalog.model(named: name) else {
            throw BitbybitFailure(
                404, "MODEL_NOT_FOUND", "No model named '\(name)'; available models: \(catalog.names.joined(separator: ", "))")
        }
        return model
    }

    private func definitions(_ call: BitbybitCall) throws -> SandboxResponse {
        let body = try call.validatedBody("DefinitionsBody", validator: validator)
        let names = body["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let unknown = names.enumerated().filter { catalog.model(named: $0.element) == nil }
        guard unknown.isEmpty else {
            throw BitbybitFailure.validation(unknown.map {
                BitbybitValidationIssue(
                    path: "names[\($0.offset)]",
                    message: "unknown model '\($0.element)'; available models: \(catalog.names.joined(separator: ", "))")
            })
        }
        var definitions = JSONObject()
        for name in names { definitions[name] = catalog.model(named: name)?.definition }
        return BitbybitEnvelope.success(200, .object(["definitions": .object(definitions)]), requestID: call.requestID)
    }

    private func runTyped(_ call: BitbybitCall, model name: String, bodySchema: String) throws -> SandboxResponse {
        let model = try requireModel(name)
        let body = try call.validatedBody(bodySchema, validator: validator)
        return try submitModel(model, params: body["params"]?.objectValue ?? JSONObject(), outputs: body["outputs"], call: call)
    }

    private func runGeneric(_ call: BitbybitCall) throws -> SandboxResponse {
        let model = try requireModel(call.request.parameter("modelName"))
        let body = try call.validatedBody("ModelSubmissionBody", validator: validator)
        let params = body["params"] ?? .object(JSONObject())
        let issues = validator.validate(params, schema: .object(["$ref": .string("#/components/schemas/\(model.paramsSchema)")]), path: "params")
        guard issues.isEmpty else { throw BitbybitFailure.validation(issues) }
        return try submitModel(model, params: params.objectValue ?? JSONObject(), outputs: body["outputs"], call: call)
    }

    private func submitModel(_ model: BitbybitModel, params: JSONObject, outputs json: JSONValue?, call: BitbybitCall) throws
        -> SandboxResponse
    {
        let outputs = BitbybitOutputOptions(json: json)
        try checkStepVariants(outputs, path: "outputs")
        let task = tasks.submit(modelRequest(model, params: params, outputs: outputs), owner: call.owner)
        return accepted(task, call: call)
    }

    private func modelRequest(_ model: BitbybitModel, params: JSONObject, outputs: BitbybitOutputOptions) -> BitbybitTaskRequest {
        var resolved = model.defaults
        for key in params.keys { resolved[key] = params[key] }
        return BitbybitTaskRequest(
            kind: .model, label: "Model: \(model.name)", work: .model(name: model.name, params: resolved, outputs: outputs),
            metadata: ["model": .string(model.name), "params": .object(resolved), "outputs": outputs.json])
    }

    private func runBatch(_ call: BitbybitCall) throws -> SandboxResponse {
        let model = try requireModel(call.request.parameter("modelName"))
        let body = try call.validatedBody("BatchModelSubmissionBody", validator: validator)
        let items = body["items"]?.arrayValue ?? []
        let paramsSchema: JSONValue = .object(["$ref": .string("#/components/schemas/\(model.paramsSchema)")])
        let issues = items.enumerated().flatMap { index, item in
            validator.validate(item["params"] ?? .object(JSONObject()), schema: paramsSchema, path: "items[\(index)].params")
        }
        guard issues.isEmpty else { throw BitbybitFailure.validation(issues) }
        let outputs = BitbybitOutputOptions(json: body["outputs"])
        try checkStepVariants(outputs, path: "outputs")
        let requests = items.map { modelRequest(model, params: $0["params"]?.objectValue ?? JSONObject(), outputs: outputs) }
        let (parent, children) = tasks.submitCompound(
            label: "Batch: \(model.name) × \(items.count)",
            metadata: ["model": .string(model.name), "outputs": outputs.json], items: requests, owner: call.owner)
        return acceptedCompound(parent, children: children, call: call)
    }
}
