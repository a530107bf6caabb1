import Foundation

/// `/api/v1/cad/…`: execute, pipeline, compound and the five sheet-metal unfolds (scope `cad`).
extension BitbybitSandbox {
    func registerCAD(in routes: inout ProviderRoutes) {
        routes.post("/api/v1/cad/execute", handler: endpoint(.cad) { call in try execute(call) })
        routes.post("/api/v1/cad/pipeline", handler: endpoint(.cad) { call in try pipeline(call) })
        routes.post("/api/v1/cad/compound", handler: endpoint(.cad) { call in try compound(call) })
        let unfolds: [(BitbybitUnfoldVariant, String)] = [
            (.faceToFlat, "UnfoldFaceToFlatBody"), (.faceReport, "UnfoldFaceReportBody"),
            (.solidToFlat, "UnfoldSolidToFlatBody"), (.solidReport, "UnfoldSolidReportBody"), (.solid, "UnfoldSolidBody"),
        ]
        for (variant, schema) in unfolds {
            routes.post("/api/v1/cad/pro/unfold/\(variant.rawValue)", handler: endpoint(.cad) { call in
                try unfold(call, variant: variant, schema: schema)
            })
        }
    }

    /// Checks an operation name the way pipelines do (2–5 segments under a known namespace).
    private func checkOperation(_ operation: String, path: String) throws {
        let issues = BitbybitPipelineRules.check(
            .object(["steps": .array([.object(["operation": .string(operation), "params": .object(JSONObject())])])]))
        guard issues.isEmpty else {
            throw BitbybitFailure.validation(issues.map { BitbybitValidationIssue(path: path, message: $0.message) })
        }
    }

    private func execute(_ call: BitbybitCall) throws -> SandboxResponse {
        let body = try call.validatedBody("ExecuteBody", validator: validator)
        let operation = body["operation"]?.stringValue ?? ""
        try checkOperation(operation, path: "operation")
        let params = body["params"] ?? .null
        let request = BitbybitTaskRequest(
            kind: .cad, label: "CAD: \(operation)",
            work: .operation(name: operation, params: params, formats: [], inputFileIDs: []),
            metadata: ["operation": .string(operation)],
            stickyFailure: Self.requestedFailure(operation: operation, params: params))
        return accepted(tasks.submit(request, owner: call.owner), call: call)
    }

    private func pipeline(_ call: BitbybitCall) throws -> SandboxResponse {
        let body = try call.validatedBody("PipelineBody", validator: validator, limit: BitbybitCall.pipelineBodyLimit)
        let issues = BitbybitPipelineRules.check(body)
        guard issues.isEmpty else { throw BitbybitFailure.validation(issues) }
        let inputs = body["inputFiles"]?.arrayValue ?? []
        var fileIDs: [String] = []
        for (index, input) in inputs.enumerated() {
            let id = input["fileId"]?.stringValue ?? ""
            fileIDs.append(try requireConfirmedFile(id, path: "inputFiles[\(index)].fileId", call: call).id)
        }
        let steps = body["steps"]?.arrayValue ?? []
        let outputs = body["outputs"].map { BitbybitOutputOptions(json: $0) }
        if let outputs { try checkStepVariants(outputs, path: "outputs") }
        let failure = Self.allOperationSteps(steps).lazy.compactMap {
            Self.requestedFailure(operation: $0["operation"]?.stringValue, params: $0["params"])
        }.first
        var metadata: JSONObject = ["stepCount": .int(steps.count)]
        if let outputs { metadata["outputs"] = outputs.json }
        if !fileIDs.isEmpty { metadata["inputFiles"] = .array(fileIDs.map(JSONValue.string)) }
        let request = BitbybitTaskRequest(
            kind: .pipeline, label: "Pipeline: \(steps.count) step\(steps.count == 1 ? "" : "s")",
            work: .pipeline(body: body, inputFileIDs: fileIDs, outputs: outputs), metadata: metadata, stickyFailure: failure)
        return accepted(tasks.submit(request, owner: call.owner), call: call)
    }

    /// Every plain operation step, including those inside maps (steps and reduce) and choices.
    static func allOperationSteps(_ steps: [JSONValue]) -> [JSONValue] {
        steps.flatMap { step -> [JSONValue] in
            if step["operation"] != nil { return [step] }
            return ["steps", "reduce", "then", "else"].flatMap { allOperationSteps(step[$0]?.arrayValue ?? []) }
        }
    }

    private func compound(_ call: BitbybitCall) throws -> SandboxResponse {
        let body = try call.validatedBody("CompoundExecuteBody", validator: validator)
        let items = body["items"]?.arrayValue ?? []
        var requests: [BitbybitTaskRequest] = []
        for (index, item) in items.enumerated() {
            let path = "items[\(index)]"
            let operation = item["operation"]?.stringValue ?? ""
            try checkOperation(operation, path: "\(path).operation")
            let formats = item["outputFormats"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for (formatIndex, format) in formats.enumerated() where BitbybitFormat.named(format) == nil {
                throw BitbybitFailure.invalid(
                    "\(path).outputFormats[\(formatIndex)]",
                    "unknown format \(format); use step, stpz, decomposed-mesh, gltf, json, csv, stl or 3mf")
            }
            var fileIDs: [String] = []
            for (fileIndex, input) in (item["inputFiles"]?.arrayValue ?? []).enumerated() {
                let id = input["fileId"]?.stringValue ?? ""
                fileIDs.append(try requireConfirmedFile(id, path: "\(path).inputFiles[\(fileIndex)].fileId", call: call).id)
            }
            let params = item["params"] ?? .null
            requests.append(BitbybitTaskRequest(
                kind: .cad, label: "CAD: \(operation)",
                work: .operation(name: operation, params: params, formats: formats, inputFileIDs: fileIDs),
                metadata: ["operation": .string(operation), "outputFormats": .array(formats.map(JSONValue.string))],
                stickyFailure: Self.requestedFailure(operation: operation, params: params)))
        }
        let (parent, children) = tasks.submitCompound(
            label: "Compound: \(items.count) operation\(items.count == 1 ? "" : "s")", metadata: [:], items: requests,
            owner: call.owner)
        return acceptedCompound(parent, children: children, call: call)
    }

    private func unfold(_ call: BitbybitCall, variant: BitbybitUnfoldVariant, schema: String) throws -> SandboxResponse {
        let body = try call.validatedBody(schema, validator: validator)
        let file = try requireConfirmedFile(body["stepFileId"]?.stringValue ?? "", path: "stepFileId", call: call)
        let outputs = variant.producesGeometry ? BitbybitOutputOptions(json: body["outputs"]) : nil
        if let outputs { try checkStepVariants(outputs, path: "outputs") }
        let faceIndex = Int(body["faceIndex"]?.numberValue ?? 0)
        let kFactor = body["kFactor"]?.numberValue ?? 0.5
        let thickness = body["thicknessOverride"]?.numberValue ?? 0
        var metadata: JSONObject = ["operation": .string("unfold/\(variant.rawValue)"), "stepFileId": .string(file.id)]
        switch variant {
        case .faceToFlat, .faceReport: metadata["faceIndex"] = .int(faceIndex)
        case .solidToFlat, .solidReport, .solid:
            metadata["kFactor"] = .number(kFactor)
            metadata["thicknessOverride"] = .number(thickness)
        }
        if let outputs { metadata["outputs"] = outputs.json }
        let request = BitbybitTaskRequest(
            kind: .cad, label: "Sheet metal: \(variant.rawValue) (\(file.filename))",
            work: .unfold(variant, fileID: file.id, faceIndex: faceIndex, kFactor: kFactor, thickness: thickness, outputs: outputs),
            metadata: metadata)
        return accepted(tasks.submit(request, owner: call.owner), call: call)
    }
}
