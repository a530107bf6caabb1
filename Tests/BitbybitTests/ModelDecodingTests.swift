import Bitbybit
import Testing

/// The OpenAPI document has no response examples, so each response schema gets one here: every
/// fixture is first checked against its OpenAPI response schema (so it is a response the server may
/// send), then decoded into the models.
@Suite("Response models")
struct ModelDecodingTests {
    private func decode<T: Decodable & Sendable>(
        _ type: T.Type, _ text: String, schema: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        let value = json(text, sourceLocation: sourceLocation)
        #expect(bundledValidator.schemas.problems(in: value, schemaNamed: schema) == [], sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Envelope<T>.self, from: Data(text.utf8)).get()
    }

    @Test("HealthResponse")
    func health() throws {
        let health = try decode(HealthStatus.self, #"{"ok": true, "data": {"status": "ok", "timestamp": "2025-06-01T10:00:00Z"}}"#, schema: "HealthResponse")
        #expect(health.status == .ok)
    }

    @Test("TaskAcceptedResponse")
    func taskAccepted() throws {
        let accepted = try decode(TaskAccepted.self, #"""
        {"ok": true, "data": {"taskId": "7b1c2f4e-8a55-4a57-9b0a-3f1e2d4c5b6a", "status": "queued",
         "statusUrl": "/api/v1/tasks/7b1c2f4e-8a55-4a57-9b0a-3f1e2d4c5b6a"}}
        """#, schema: "TaskAcceptedResponse")
        #expect(accepted.status == .queued)
        #expect(accepted.statusURL.hasSuffix(accepted.taskID))
    }

    @Test("CompoundTaskAcceptedResponse")
    func compoundAccepted() throws {
        let accepted = try decode(CompoundTaskAccepted.self, #"""
        {"ok": true, "data": {"taskId": "p1", "kind": "compound", "subTaskCount": 2, "statusUrl": "/api/v1/tasks/p1",
         "subTasks": [
           {"taskId": "s1", "index": 0, "status": "queued", "progress": null, "computeMs": null, "error": null, "downloadFormats": []},
           {"taskId": "s2", "index": 1, "status": "completed", "progress": 100, "computeMs": 812.5, "error": null, "downloadFormats": ["glb", "stpz"]}]}}
        """#, schema: "CompoundTaskAcceptedResponse")
        #expect(accepted.kind == .compound)
        #expect(accepted.subTasks[1].downloadFormats == ["glb", "stpz"])
        #expect(accepted.subTasks[0].progress == nil)
        #expect(accepted.subTasks[1].computeMs == 812.5)
    }

    private let taskDetail = #"""
    {"taskId": "7b1c2f4e-8a55-4a57-9b0a-3f1e2d4c5b6a", "kind": "model", "label": "Model: dragon-cup", "status": "completed",
     "progress": 100, "error": null,
     "resultParts": {"glb": {"mime": "model/gltf-binary", "bytes": 482113}, "step": {"mime": "application/step", "bytes": 1203311}},
     "metadata": {"model": "dragon-cup", "params": {"height": 8}},
     "createdAt": "2025-06-01T10:00:00Z", "startedAt": "2025-06-01T10:00:01Z", "finishedAt": "2025-06-01T10:00:09Z",
     "expiresAt": "2025-06-08T10:00:09Z"}
    """#

    @Test("TaskDetailResponse")
    func taskDetailResponse() throws {
        let task = try decode(TaskDetail.self, #"{"ok": true, "data": \#(taskDetail)}"#, schema: "TaskDetailResponse")
        #expect(task.kind == .model)
        #expect(task.status == .completed)
        #expect(task.status.isTerminal)
        #expect(task.resultParts?["glb"]?.bytes == 482_113)
        #expect(task.metadata?["model"] == "dragon-cup")
    }

    @Test("a compound parent's sub-tasks: from the top-level subTasks, else from metadata.subTasks, else none")
    func compoundSubTasks() throws {
        let summary = #"{"taskId": "s1", "index": 0, "status": "completed", "progress": 100, "computeMs": 5, "error": null, "downloadFormats": ["glb"]}"#
        let other = #"{"taskId": "s2", "index": 1, "status": "queued", "progress": null, "computeMs": null, "error": null, "downloadFormats": []}"#
        func detail(metadata: String, topLevel: String?) -> String {
            #"{"taskId": "p1", "kind": "compound", "label": "Compound", "status": "processing", "progress": 50, "error": null, "#
                + #""resultParts": null, "metadata": \#(metadata), "createdAt": "2025-06-01T10:00:00Z", "startedAt": null, "#
                + #""finishedAt": null, "expiresAt": "2025-06-08T10:00:00Z""# + (topLevel.map { #", "subTasks": \#($0)}"# } ?? "}")
        }
        let decoder = JSONDecoder()
        // Only in metadata (the OpenAPI document's TaskDetail).
        let nested = try decoder.decode(TaskDetail.self, from: Data(detail(metadata: #"{"subTaskCount": 2, "subTasks": [\#(summary), \#(other)]}"#, topLevel: nil).utf8))
        #expect(nested.subTasks?.map(\.taskID) == ["s1", "s2"])
        #expect(nested.subTasks?.last?.status == .queued)
        // Only top-level (Bitbybit's TypeScript client's CompoundTaskDetail).
        let top = try decoder.decode(TaskDetail.self, from: Data(detail(metadata: "null", topLevel: "[\(other)]").utf8))
        #expect(top.subTasks?.map(\.taskID) == ["s2"])
        // Both: the top-level list wins.
        let both = try decoder.decode(TaskDetail.self, from: Data(detail(metadata: #"{"subTasks": [\#(summary)]}"#, topLevel: "[\(other)]").utf8))
        #expect(both.subTasks?.map(\.taskID) == ["s2"])
        // Neither: a plain task.
        let plain = try decoder.decode(TaskDetail.self, from: Data(taskDetail.utf8))
        #expect(plain.subTasks == nil)
        // A malformed metadata.subTasks is a decoding error that says so.
        #expect(throws: DecodingError.self) {
            try decoder.decode(TaskDetail.self, from: Data(detail(metadata: #"{"subTasks": [1, 2]}"#, topLevel: nil).utf8))
        }
        // Encoding keeps the top-level list, so a decoded detail round-trips.
        let again = try decoder.decode(TaskDetail.self, from: try JSONEncoder().encode(nested))
        #expect(again == nested)
    }

    @Test("TaskListResponse with page, limit and total")
    func taskList() throws {
        let queued = #"""
        {"taskId": "a", "kind": "pipeline", "label": "Pipeline", "status": "waiting", "progress": null, "error": null,
         "resultParts": null, "metadata": null, "createdAt": "2025-06-01T10:00:00Z", "startedAt": null, "finishedAt": null,
         "expiresAt": "2025-06-08T10:00:00Z"}
        """#
        let list = try decode(TaskList.self, #"{"ok": true, "data": {"tasks": [\#(taskDetail), \#(queued)], "page": 1, "limit": 20, "total": 42}}"#,
                              schema: "TaskListResponse")
        #expect(list.tasks.map(\.status) == [.completed, .waiting])
        #expect((list.page, list.limit, list.total) == (1, 20, 42))
        #expect(list.tasks[1].resultParts == nil)
        #expect(list.tasks[1].status.isTerminal == false)
    }

    @Test("CancelTaskResponse")
    func cancel() throws {
        let cancelled = try decode(CancelResult.self, #"{"ok": true, "data": {"cancelled": true, "previousStatus": "processing"}}"#,
                                   schema: "CancelTaskResponse")
        #expect(cancelled.previousStatus == .processing)
    }

    @Test("TaskResultResponse: downloadUrl and filename; gltf results are keyed glb")
    func result() throws {
        let download = try decode(TaskResultDownload.self, #"""
        {"ok": true, "data": {"downloadUrl": "https://cdn.example.com/r/abc.glb?sig=1", "filename": "result.glb"}}
        """#, schema: "TaskResultResponse")
        #expect(download.filename == "result.glb")
        #expect(OutputFormat.gltf.resultKey == "glb")
        #expect(PipelineOutputFormat.gltf.resultKey == "glb")
        #expect(PipelineOutputFormat.threeMF.resultKey == "3mf")
        #expect(BitbybitResultKey.forRequestedFormat("decomposed-mesh") == "decomposed-mesh")
    }

    @Test("TaskResultsResponse")
    func results() throws {
        let results = try decode(TaskResultsDownload.self, #"""
        {"ok": true, "data": {"downloads": [
          {"format": "glb", "downloadUrl": "https://cdn.example.com/r/a.glb", "filename": "pipeline.glb"},
          {"format": "metadata", "downloadUrl": "https://cdn.example.com/r/m.json", "filename": "metadata.json"}]}}
        """#, schema: "TaskResultsResponse")
        #expect(results.downloads.map(\.format) == ["glb", "metadata"])
    }

    @Test("TaskOrCompoundResultResponse: a single result or a compound manifest")
    func taskOrCompound() throws {
        let single = try decode(TaskOrCompoundResult.self, #"{"ok": true, "data": {"downloadUrl": "https://x/a", "filename": "result.step"}}"#,
                                schema: "TaskOrCompoundResultResponse")
        let expected = try json(#"{"downloadUrl": "https://x/a", "filename": "result.step"}"#).decode(TaskResultDownload.self)
        #expect(single == .single(expected))
        let manifest = try decode(TaskOrCompoundResult.self, #"""
        {"ok": true, "data": {"manifest": [
          {"taskId": "s1", "index": 0, "status": "completed", "downloadUrls": {"glb": "https://x/s1.glb"}},
          {"taskId": "s2", "index": 1, "status": "failed"}]}}
        """#, schema: "TaskOrCompoundResultResponse")
        guard case .compound(let compound) = manifest else {
            Issue.record("expected a manifest, got \(manifest)")
            return
        }
        #expect(compound.manifest[0].downloadURLs?["glb"] == "https://x/s1.glb")
        #expect(compound.manifest[1].status == .failed)
    }

    @Test("ModelListResponse, ModelDefinitionResponse, ModelBatchDefinitionsResponse")
    func modelDefinitions() throws {
        let list = try decode(ModelList.self, #"{"ok": true, "data": {"models": ["dragon-cup", "phone-nest"]}}"#, schema: "ModelListResponse")
        #expect(list.models == ["dragon-cup", "phone-nest"])
        let definition = #"""
        {"name": "dragon-cup", "displayName": "Dragon Cup", "description": "A cup with dragon scales",
         "params": [{"name": "height", "type": "number", "description": "Total cup height (cm)", "default": 8},
                    {"name": "origin", "type": "array", "description": "Placement origin", "default": [0, 0, 0], "items": {"type": "number"}}],
         "defaults": {"height": 8, "origin": [0, 0, 0]}}
        """#
        let single = try decode(ModelDefinition.self, #"{"ok": true, "data": \#(definition)}"#, schema: "ModelDefinitionResponse")
        #expect(single.params.map(\.type) == [.number, .array])
        #expect(single.params[1].items?.type == "number")
        #expect(single.defaults["height"] == 8)
        let batch = try decode(ModelBatchDefinitions.self, #"{"ok": true, "data": {"definitions": {"dragon-cup": \#(definition)}}}"#,
                               schema: "ModelBatchDefinitionsResponse")
        #expect(batch.definitions["dragon-cup"]?.displayName == "Dragon Cup")
    }

    @Test("UploadResponse, FileListResponse, FileDetailResponse, ConfirmResponse, DeleteFileResponse")
    func files() throws {
        let upload = try decode(UploadResult.self, #"""
        {"ok": true, "data": {"fileId": "0f8fad5b-d9cb-469f-a165-70867728950e", "uploadUrl": "https://uploads.example.com/x?sig=1",
         "expiresIn": 900, "maxBytes": 104857600, "status": "pending"}}
        """#, schema: "UploadResponse")
        #expect(upload.status == .pending)
        #expect(upload.expiresIn == 900)

        let pending = #"""
        {"fileId": "0f8fad5b-d9cb-469f-a165-70867728950e", "filename": "part.step", "contentType": "application/step",
         "bytes": null, "sha256": null, "status": "pending", "createdAt": "2025-06-01T10:00:00Z", "confirmedAt": null}
        """#
        let confirmed = #"""
        {"fileId": "1f8fad5b-d9cb-469f-a165-70867728950e", "filename": "part2.step", "contentType": "application/step",
         "bytes": 1024, "sha256": "ab12", "status": "confirmed", "createdAt": "2025-06-01T10:00:00Z",
         "confirmedAt": "2025-06-01T10:01:00Z", "downloadUrl": "https://cdn.example.com/f/part2.step"}
        """#
        let list = try decode(FileList.self, #"{"ok": true, "data": {"files": [\#(pending), \#(confirmed)], "page": 2, "limit": 2, "total": 3}}"#,
                              schema: "FileListResponse")
        #expect(list.files.map(\.status) == [.pending, .confirmed])
        #expect(list.files[0].bytes == nil)
        #expect(list.files[1].downloadURL != nil)
        #expect(list.page == 2)

        let detail = try decode(FileDetail.self, #"{"ok": true, "data": \#(confirmed)}"#, schema: "FileDetailResponse")
        #expect(detail.bytes == 1024)

        let confirm = try decode(ConfirmResult.self, #"""
        {"ok": true, "data": {"fileId": "1f8fad5b-d9cb-469f-a165-70867728950e", "status": "confirmed", "bytes": 1024, "contentType": "application/step"}}
        """#, schema: "ConfirmResponse")
        #expect(confirm.status == .confirmed)

        let deleted = try decode(DeleteResult.self, #"{"ok": true, "data": {"deleted": true}}"#, schema: "DeleteFileResponse")
        #expect(deleted.deleted)
    }

    @Test("ErrorResponse decodes into the envelope's failure and throws from get()")
    func errorEnvelope() throws {
        let text = #"""
        {"ok": false, "error": {"code": "VALIDATION_ERROR", "message": "steps: Required", "details": {"path": ["steps"]}, "requestId": "req_123"}}
        """#
        #expect(bundledValidator.schemas.problems(in: json(text), schemaNamed: "ErrorResponse") == [])
        let envelope = try JSONDecoder().decode(Envelope<TaskAccepted>.self, from: Data(text.utf8))
        guard case .failure(let error) = envelope else {
            Issue.record("expected a failure, got \(envelope)")
            return
        }
        #expect(error.code == "VALIDATION_ERROR")
        #expect(error.requestID == "req_123")
        #expect(error.details?["path"] == ["steps"])
        #expect(throws: BitbybitErrorDetail.self) { try envelope.get() }
    }

    @Test("Unknown enum values are kept, added fields ignored")
    func tolerance() throws {
        let text = #"""
        {"ok": true, "newTopLevel": 1, "data": {"taskId": "t", "kind": "render-farm", "label": "x", "status": "paused",
         "progress": 10, "error": null, "resultParts": null, "metadata": null, "createdAt": "2025-06-01T10:00:00Z",
         "startedAt": null, "finishedAt": null, "expiresAt": "2025-06-08T10:00:00Z", "priority": "high"}}
        """#
        let task = try JSONDecoder().decode(Envelope<TaskDetail>.self, from: Data(text.utf8)).get()
        #expect(task.kind == .unknown("render-farm"))
        #expect(task.status == .unknown("paused"))
        #expect(task.status.isKnown == false)
        #expect(task.status.isTerminal == false)
        let encoded = try JSONValue(encoding: task)
        #expect(encoded["status"] == "paused")
        #expect(encoded["kind"] == "render-farm")
        #expect(TaskStatus(rawValue: "completed") == .completed)
        #expect(PipelineOutputFormat(rawValue: "obj") == .unknown("obj"))
        #expect(FileStatus.knownCases.map(\.rawValue) == ["pending", "confirmed", "expired"])
    }

    @Test("Open enums cover exactly the values of their OpenAPI enums")
    func enumsMatchSchema() {
        func values(_ schema: String) -> [String] {
            bundledValidator.schemas.schema(named: schema)?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        #expect(TaskStatus.knownCases.map(\.rawValue) == values("TaskStatus"))
        #expect(TaskKind.knownCases.map(\.rawValue) == values("TaskKind"))
        #expect(FileStatus.knownCases.map(\.rawValue) == values("FileStatus"))
        #expect(OutputFormat.knownCases.map(\.rawValue) == values("OutputFormat"))
        #expect(PipelineOutputFormat.knownCases.map(\.rawValue) == values("PipelineOutputFormat"))
        #expect(ComparisonOperator.knownCases.map(\.rawValue) == values("ComparisonOperator"))
        #expect(GltfNameFormat.knownCases.map(\.rawValue) == values("GltfNameFormat"))
        #expect(GltfTransformFormat.knownCases.map(\.rawValue) == values("GltfTransformFormat"))
        #expect(ModelParamApiType.knownCases.map(\.rawValue) == values("ModelParamApiType"))
        let health = bundledValidator.schemas.schema(named: "HealthStatus")?["properties"]?["status"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
        #expect(HealthState.knownCases.map(\.rawValue) == health)
    }

    @Test("Request models encode with the schema's field names and pass their schema")
    func requestModels() throws {
        let bodies: [any BitbybitRequestBody] = [
            ExecuteBody(operation: .occtCreateBox, params: ["width": 2]),
            CompoundExecuteBody(items: [CompoundItem(operation: .occtCreateBox, params: [:], outputFormats: ["gltf"])]),
            DefinitionsBody(names: ["dragon-cup"]),
            ModelSubmissionBody(params: ["height": 8], outputs: OutputOptions(formats: [.gltf], meshPrecision: 0.1)),
            BatchModelSubmissionBody(items: [.init(params: ["height": 8])], outputs: OutputOptions(formats: [.step])),
            StepToGltfBody(stepFileID: "f", meshPrecision: 0.01, meshAngle: 0.5, meshRelative: true),
            StepToGltfAdvancedBody(stepFileID: "f", options: ConvertAdvancedOptions(
                readColors: true, faceCountThreshold: -1, nodeNameFormat: .productOrInstance, transformFormat: .trs, scale: 0.001)),
            StepToGltfWithDracoBody(stepFileID: "f", draco: DracoCompressionOptions(useDraco: true, dracoCompressionLevel: 7)),
            StepToGltfAdvancedWithDracoBody(stepFileID: "f", options: ConvertAdvancedOptions(mergeFaces: true), draco: DracoCompressionOptions()),
            UnfoldFaceToFlatBody(stepFileID: "f", faceIndex: 3, outputs: OutputOptions(formats: [.gltf])),
            UnfoldFaceReportBody(stepFileID: "f", faceIndex: 0),
            UnfoldSolidToFlatBody(stepFileID: "f", kFactor: 0.44, thicknessOverride: 0),
            UnfoldSolidReportBody(stepFileID: "f", kFactor: 1),
            UnfoldSolidBody(stepFileID: "f", outputs: OutputOptions(formats: [.decomposedMesh])),
            FileUploadBody(filename: "a.step", contentType: "application/step", bytes: 1, sha256: "ab"),
            PhoneNestBody(params: PhoneNestParams(applyOrnaments: true, origin: [0, 0, 0]), outputs: OutputOptions(formats: [.stpz])),
        ]
        for body in bodies {
            #expect(bundledValidator.validate(body) == [], "\(type(of: body))")
        }
        let encoded = try JSONValue(encoding: StepToGltfAdvancedBody(stepFileID: "f", options: ConvertAdvancedOptions(nodeNameFormat: .productOrInstance)))
        #expect(encoded == ["stepFileId": "f", "options": ["nodeNameFormat": "productOrInstance"]])
    }
}
