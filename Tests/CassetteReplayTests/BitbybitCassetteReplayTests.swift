@testable import Bitbybit
import CADCore
import CADRecording
import Foundation
import Testing

/// Every Bitbybit cassette (`Recordings/bitbybit/`) replayed through `BitbybitClient` over `ReplayTransport`:
/// exactly the recorded requests (request bodies validated locally first, as the client always does),
/// the documented values unwrapped from their envelopes. Task polls run on a self-advancing `ManualClock`.
@Suite("Bitbybit cassettes replayed through BitbybitClient")
struct BitbybitCassetteReplayTests {
    /// The cassettes this suite replays (the coverage test compares them with `Recordings/bitbybit/`).
    static let scenarios = [
        "health", "models-list", "model-params", "model-definitions", "model-run-dragon-cup", "model-run-phone-nest",
        "model-batch", "cad-execute", "cad-pipeline", "cad-compound", "file-upload", "files-list", "file-get",
        "file-delete", "convert-step-to-gltf", "convert-step-to-gltf-advanced", "convert-step-to-gltf-with-draco",
        "convert-step-to-gltf-advanced-with-draco", "unfold-face-to-flat", "unfold-face-report", "unfold-solid-to-flat",
        "unfold-solid-report", "unfold-solid", "tasks-list", "task-cancel", "task-retry",
        "error-400-validation", "error-401-unauthorized", "error-403-insufficient-scope", "error-404-model-not-found",
        "error-404-task-not-found", "error-409-task-not-completed",
    ]

    /// The confirmed `bracket.step` of the file cassettes.
    static let bracketFile = "306b40b0-2ee3-5f0c-9438-720c4afe21f7"
    static let bracketSHA256 = "411a05ffda77d301287cb3f5b6661ceb89a5567778778b9ccffaaa0b7921e911"
    static let box: JSONValue = ["width": 10, "length": 10, "height": 10, "center": [0, 0, 0]]

    static func requestID(_ number: Int) -> String {
        "req_01JDBB" + String(repeating: "0", count: 20 - String(number).count) + String(number)
    }

    /// One cassette, one client: the production base URL, validation on, no retries, a clock that never sleeps.
    struct Replay {
        let transport: ReplayTransport
        let clock = ManualClock(autoAdvance: true)
        let client: BitbybitClient

        init(_ scenario: String, validate: Bool = true) throws {
            transport = try Cassettes.replay("bitbybit", scenario)
            var client = try BitbybitClient(
                apiKey: "replay_bitbybit_key",
                configuration: ClientConfiguration(transport: transport, retryPolicy: .never, clock: clock))
            client.validate = validate
            self.client = client
        }
    }

    @Test("replays", arguments: scenarios)
    func replays(_ scenario: String) async throws {
        let replay = try Replay(scenario, validate: scenario != "error-400-validation")
        switch scenario {
        case "health": try await health(replay)
        case "models-list": #expect(try await replay.client.models.list() == ["dragon-cup", "phone-nest"])
        case "model-params": try await modelParams(replay)
        case "model-definitions": try await modelDefinitions(replay)
        case "model-run-dragon-cup": try await modelRunDragonCup(replay)
        case "model-run-phone-nest": try await modelRunPhoneNest(replay)
        case "model-batch": try await modelBatch(replay)
        case "cad-execute": try await cadExecute(replay)
        case "cad-pipeline": try await cadPipeline(replay)
        case "cad-compound": try await cadCompound(replay)
        case "file-upload": try await fileUpload(replay)
        case "files-list": try await filesList(replay)
        case "file-get": try await fileGet(replay)
        case "file-delete": #expect(try await replay.client.files.delete(Self.bracketFile).deleted)
        case "convert-step-to-gltf": try await convertStepToGltf(replay)
        case let name where name.hasPrefix("convert-") || name.hasPrefix("unfold-"): try await startOnly(name, replay)
        case "tasks-list": try await tasksList(replay)
        case "task-cancel": try await taskCancel(replay)
        case "task-retry": try await taskRetry(replay)
        case let name where name.hasPrefix("error-"): try await failure(name, replay)
        default: Issue.record("no replay written for bitbybit/\(scenario)")
        }
        #expect(replay.transport.unusedCount == 0, "bitbybit/\(scenario): recorded exchanges the client never made")
    }

    // MARK: - Health and models

    func health(_ replay: Replay) async throws {
        let health = try await replay.client.health()
        #expect(health.status == .ok && health.timestamp == "2026-11-24T09:00:00.000Z")
    }

    func modelParams(_ replay: Replay) async throws {
        let cup = try await replay.client.models.params("dragon-cup")
        #expect(cup.name == "dragon-cup" && cup.displayName == "Dragon Cup")
        // Every DragonCupParams parameter, defaults from the document's example.
        #expect(Set(cup.params.map(\.name)) == Set(Self.dragonCupParams.keys) && cup.params.count == 21)
        #expect(cup.params.first?.name == "height" && cup.params.first?.description == "Total cup height (cm)")
        #expect(cup.params.first { $0.name == "nrSkinCellsVertical" }?.type == .integer)
        #expect(cup.params.first { $0.name == "origin" }?.type == .array)
        #expect(cup.params.first { $0.name == "origin" }?.items?.type == "number")
        #expect(cup.defaults == Self.dragonCupParams)
    }

    func modelDefinitions(_ replay: Replay) async throws {
        let definitions = try await replay.client.models.definitions(["dragon-cup", "phone-nest"])
        #expect(definitions.keys.sorted() == ["dragon-cup", "phone-nest"])
        #expect(definitions["dragon-cup"]?.params.count == 21)
        let nest = try #require(definitions["phone-nest"])
        #expect(nest.displayName == "Phone Nest" && nest.params.count == 17)
        #expect(nest.params.first { $0.name == "applyOrnaments" }?.type == .boolean)
        #expect(nest.defaults["applyOrnaments"] == false && nest.defaults["phoneWidth"] == 7.8)
    }

    /// The dragon-cup example of the OpenAPI document: every parameter.
    static let dragonCupParams: [String: JSONValue] = [
        "height": 8, "radiusBottom": 4, "radiusTopOffset": 2, "radiusMidOffset": 2, "rotationTopAngle": 20,
        "rotationMidAngle": 20, "nrSkinCellsVertical": 5, "nrSkinCellsHorizontal": 10, "nrSkinCellDivisionsTop": 1,
        "nrSkinCellDivisionsBottom": 3, "skinCellOuterHeight": 0.4, "skinCellInnerHeight": 0.3,
        "skinCellBottomHeight": 0.4, "skinCellTopHeight": 0.4, "thickness": 0.6, "bottomThickness": 1,
        "precision": 0.01, "rotation": 0, "scale": 1, "origin": [0, 0, 0], "direction": [0, 1, 0],
    ]

    func modelRunDragonCup(_ replay: Replay) async throws {
        let folder = try Cassettes.scratchFolder()
        // As `cadctl models run` does: the definition first (it types --param values and checks names).
        let definition = try await replay.client.models.params("dragon-cup")
        #expect(Set(Self.dragonCupParams.keys).isSubset(of: Set(definition.params.map(\.name))))
        let accepted = try await replay.client.models.run("dragon-cup", params: Self.dragonCupParams, formats: [.step, .gltf])
        let id = "7c0a0607-3812-5857-91dc-23b15ca8e4b9"
        #expect(accepted.taskID == id && accepted.status == .queued && accepted.statusURL == "/api/v1/tasks/\(id)")
        let log = PollStatusLog()
        let task = try await replay.client.tasks.wait(id, observer: log.observer)
        #expect(log.seen == ["queued", "processing", "completed"])
        #expect(replay.clock.now.offset >= .seconds(4))  // two 2-second intervals between three polls
        #expect(task.kind == .model && task.label == "Model: dragon-cup" && task.progress == 100)
        #expect(task.resultParts?.keys.sorted() == ["glb", "metadata", "step"])
        #expect(task.resultParts?["glb"]?.bytes == 424 && task.resultParts?["step"]?.mime == "application/step")
        let files = try await replay.client.tasks.download(id, formats: ["gltf", "step"], into: folder)
        #expect(files.map(\.format) == ["glb", "step"])
        #expect(files.map(\.path) == [folder + "/result.glb", folder + "/result.stp"])
        #expect(try Cassettes.contents(of: folder + "/result.glb") == Cassettes.responseBody("bitbybit", "model-run-dragon-cup", entry: 6))
        #expect(try Cassettes.contents(of: folder + "/result.stp") == Cassettes.responseBody("bitbybit", "model-run-dragon-cup", entry: 8))
        #expect(files.first?.size == 424)
    }

    func modelRunPhoneNest(_ replay: Replay) async throws {
        let params: [String: JSONValue] = [
            "heightBottom": 5, "heightTop": 16, "widthBack": 25, "widthFront": 10, "length": 16, "backOffset": 6,
            "thickness": 0.4, "applyOrnaments": false, "filletRadius": 2, "phoneHeight": 16.8, "phoneWidth": 7.8,
            "phoneThickness": 0.7, "precision": 0.01, "rotation": 0, "scale": 1, "origin": [0, 0, 0],
            "direction": [0, 1, 0],
        ]
        let accepted = try await replay.client.models.run("phone-nest", params: params, formats: [.step, .gltf])
        #expect(accepted.taskID == "4e1ad9bc-c1dd-5817-80cf-3713bfc3e88f" && accepted.status == .queued)
    }

    func modelBatch(_ replay: Replay) async throws {
        let body = BatchModelSubmissionBody(
            items: [.init(params: ["height": 8]), .init(params: ["height": 12])], outputs: OutputOptions(formats: [.gltf]))
        let accepted = try await replay.client.models.runBatch("dragon-cup", body: body)
        let id = "45109f9b-3224-5074-ae6f-806b3753294f"
        let items = ["d15ed21f-732a-5ddb-b61d-6912cef6ca1a", "5c1e03c8-0caa-59b9-aac4-adf8c07f30d9"]
        #expect(accepted.taskID == id && accepted.kind == .compound && accepted.subTaskCount == 2)
        #expect(accepted.subTasks.map(\.taskID) == items && accepted.subTasks.map(\.index) == [0, 1])
        let task = try await replay.client.tasks.wait(id)
        #expect(task.status == .completed && task.label == "Batch: dragon-cup (2 items)")
        let manifest = try await replay.client.tasks.manifest(id)
        #expect(manifest.manifest.map(\.taskID) == items)
        #expect(manifest.manifest.allSatisfy { $0.status == .completed && $0.downloadURLs?["glb"]?.contains("/results/\($0.taskID)/result.glb") == true })
    }

    // MARK: - CAD operations

    func cadExecute(_ replay: Replay) async throws {
        let accepted = try await replay.client.cad.execute(ExecuteBody(operation: "occt.shapes.solid.createBox", params: Self.box))
        let id = "2dcafc90-8d16-59f7-870e-e9410f3b0625"
        #expect(accepted.taskID == id && accepted.status == .queued)
        let task = try await replay.client.tasks.wait(id)
        #expect(task.kind == .cad && task.metadata?["operation"] == "occt.shapes.solid.createBox")
        guard case .single(let link) = try await replay.client.tasks.resultOrManifest(id) else {
            Issue.record("a plain task's result came back as a manifest")
            return
        }
        #expect(link.filename == "result.json" && link.downloadURL.contains("/results/\(id)/result.json"))
    }

    func cadPipeline(_ replay: Replay) async throws {
        let folder = try Cassettes.scratchFolder()
        // A pipeline file, as `cadctl cad pipeline FILE` reads it.
        let pipeline = try JSONValue(parsing: """
            {"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":10,"length":10,"height":10,"center":[0,0,0]}},
            {"operation":"occt.shapes.solid.createSphere","params":{"radius":6,"center":[0,0,0]}},
            {"operation":"occt.booleans.difference","params":{"shape":"$ref:0","shapes":["$ref:1"],"keepEdges":false}}],
            "outputs":{"formats":["gltf","step"]}}
            """)
        let accepted = try await replay.client.cad.pipeline(json: pipeline)
        let id = "6f09443f-66db-5471-9ff9-0894430dc8a8"
        #expect(accepted.taskID == id)
        let task = try await replay.client.tasks.wait(id)
        #expect(task.kind == .pipeline && task.label == "Pipeline: 3 steps")
        let results = try await replay.client.tasks.results(id)
        #expect(results.downloads.map(\.format) == ["glb", "step", "metadata"])
        #expect(results.downloads.map(\.filename) == ["result.glb", "result.step", "metadata.json"])
        let step = try #require(results.downloads.first { $0.format == "step" })
        let file = try await replay.client.tasks.download(
            TaskResultDownload(downloadURL: step.downloadURL, filename: step.filename), into: folder)
        #expect(file.path == folder + "/result.step")
        #expect(try Cassettes.contents(of: file.path) == Cassettes.responseBody("bitbybit", "cad-pipeline", entry: 3))
    }

    func cadCompound(_ replay: Replay) async throws {
        let body = CompoundExecuteBody(items: [
            CompoundItem(operation: "occt.shapes.solid.createBox", params: Self.box, outputFormats: ["gltf"]),
            CompoundItem(operation: "occt.shapes.solid.createSphere", params: ["radius": 6, "center": [0, 0, 0]],
                         outputFormats: ["gltf"]),
        ])
        let accepted = try await replay.client.cad.compound(body)
        #expect(accepted.taskID == "3d094c39-581e-5e48-b2fd-9c02bbdeeda9" && accepted.kind == .compound)
        #expect(accepted.subTaskCount == 2 && accepted.subTasks.map(\.status) == [.queued, .queued])
        #expect(accepted.subTasks.map(\.taskID) == ["ab146788-d53d-5825-b01e-c2ccccad8f41", "dc574a2b-987d-508a-b8d3-15733fc960c5"])
    }

    // MARK: - Files and conversion

    /// `bracket.step` as the cassettes uploaded it (the recorded PUT's body), in a fresh folder.
    static func bracketStep(_ scenario: String) throws -> String {
        let cassette = try Cassette.load(from: Cassettes.path("bitbybit", scenario))
        let put = try #require(cassette.entries.first { $0.request.method == "PUT" }, "\(scenario) has no upload PUT")
        let text = try #require(put.request.postData?.text)
        let path = try Cassettes.scratchFolder() + "/bracket.step"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func fileUpload(_ replay: Replay) async throws {
        let uploaded = try await replay.client.files.upload(path: try Self.bracketStep("file-upload"))
        #expect(uploaded.fileID == Self.bracketFile && uploaded.filename == "bracket.step")
        #expect(uploaded.contentType == "application/step" && uploaded.bytes == 370)
        #expect(uploaded.sha256 == Self.bracketSHA256 && !uploaded.reused)
    }

    func filesList(_ replay: Replay) async throws {
        var files: [FileDetail] = []
        for try await file in replay.client.files.list(pageSize: 20) { files.append(file) }
        #expect(files.map(\.fileID) == [Self.bracketFile, "c401d792-d685-5b47-80a6-2913929811d9"])
        #expect(files.map(\.filename) == ["bracket.step", "holes.csv"])
        #expect(files.map(\.status) == [.confirmed, .pending])
        #expect(files.map(\.bytes) == [370, nil] && files.first?.sha256 == Self.bracketSHA256)
    }

    func fileGet(_ replay: Replay) async throws {
        let file = try await replay.client.files.get(Self.bracketFile)
        #expect(file.status == .confirmed && file.bytes == 370 && file.sha256 == Self.bracketSHA256)
        #expect(file.confirmedAt == "2026-11-24T08:55:01.000Z")
        #expect(file.downloadURL?.hasPrefix("https://storage.bitbybit.dev/files/\(Self.bracketFile)/bracket.step?") == true)
    }

    func convertStepToGltf(_ replay: Replay) async throws {
        let folder = try Cassettes.scratchFolder()
        let accepted = try await replay.client.convert.stepToGltf(.localFile(path: try Self.bracketStep("convert-step-to-gltf")))
        let id = "eb0b80ae-8e3f-5d7d-b75f-a056416c51d8"
        #expect(accepted.taskID == id)
        let task = try await replay.client.tasks.wait(id)
        #expect(task.kind == .convertSimple && task.metadata?["stepFileId"] == .string(Self.bracketFile))
        let files = try await replay.client.tasks.download(id, formats: ["gltf"], into: folder)
        #expect(files.map(\.path) == [folder + "/result.glb"])
        #expect(try Cassettes.contents(of: folder + "/result.glb") == Cassettes.responseBody("bitbybit", "convert-step-to-gltf", entry: 7))
    }

    /// The conversions and sheet-metal operations recorded as their start alone (a 202 with a task id).
    func startOnly(_ scenario: String, _ replay: Replay) async throws {
        let file = Self.bracketFile
        let client = replay.client
        let accepted: TaskAccepted
        switch scenario {
        case "convert-step-to-gltf-advanced":
            accepted = try await client.convert.stepToGltfAdvanced(
                .fileID(file), options: ConvertAdvancedOptions(readColors: true, readNames: true, meshDeflection: 0.005,
                                                                meshRelative: true))
        case "convert-step-to-gltf-with-draco":
            accepted = try await client.convert.stepToGltfWithDraco(
                .fileID(file), options: StepToGltfWithDracoBody(stepFileID: "", draco: DracoCompressionOptions(dracoCompressionLevel: 7)))
        case "convert-step-to-gltf-advanced-with-draco":
            accepted = try await client.convert.stepToGltfAdvancedWithDraco(
                .fileID(file), options: ConvertAdvancedOptions(readColors: true),
                draco: DracoCompressionOptions(useDraco: true, dracoQuantizePositionBits: 14))
        case "unfold-face-to-flat":
            accepted = try await client.cad.unfoldFaceToFlat(
                UnfoldFaceToFlatBody(stepFileID: file, faceIndex: 0, outputs: OutputOptions(formats: [.gltf])))
        case "unfold-face-report":
            accepted = try await client.cad.unfoldFaceReport(UnfoldFaceReportBody(stepFileID: file, faceIndex: 0))
        case "unfold-solid-to-flat":
            accepted = try await client.cad.unfoldSolidToFlat(
                UnfoldSolidToFlatBody(stepFileID: file, kFactor: 0.44, outputs: OutputOptions(formats: [.step])))
        case "unfold-solid-report":
            accepted = try await client.cad.unfoldSolidReport(UnfoldSolidReportBody(stepFileID: file, kFactor: 0.5))
        case "unfold-solid":
            accepted = try await client.cad.unfoldSolid(
                UnfoldSolidBody(stepFileID: file, kFactor: 0.5, thicknessOverride: 2, outputs: OutputOptions(formats: [.gltf])))
        default:
            Issue.record("no replay written for bitbybit/\(scenario)")
            return
        }
        let expected: [String: String] = [
            "convert-step-to-gltf-advanced": "1122e3eb-4404-5951-b500-9c9c018a7e46",
            "convert-step-to-gltf-with-draco": "d0de75ea-3d7c-593a-8e1c-1ecca5bda02d",
            "convert-step-to-gltf-advanced-with-draco": "0958c27d-02c6-50ca-af76-cf75fd7e1fd9",
            "unfold-face-to-flat": "1b62da31-9f45-5aaa-bdda-18908f2e5d4e",
            "unfold-face-report": "336584eb-bedc-5974-9334-936497737cf0",
            "unfold-solid-to-flat": "30699894-b4c6-56fc-8608-09aab01f48d8",
            "unfold-solid-report": "60e646df-2634-50d8-b992-bce94f6323db",
            "unfold-solid": "6ebaf22a-21cb-536b-8131-a0e3f64fc0fd",
        ]
        #expect(accepted.taskID == expected[scenario] && accepted.status == .queued)
        #expect(accepted.statusURL == "/api/v1/tasks/\(accepted.taskID)")
    }

    // MARK: - Tasks

    func tasksList(_ replay: Replay) async throws {
        var tasks: [TaskDetail] = []
        for try await task in replay.client.tasks.list(status: .completed, pageSize: 20) { tasks.append(task) }
        #expect(tasks.map(\.taskID) == ["7c0a0607-3812-5857-91dc-23b15ca8e4b9"])
        #expect(tasks.first?.status == .completed && tasks.first?.kind == .model)
    }

    func taskCancel(_ replay: Replay) async throws {
        let cancelled = try await replay.client.tasks.cancel("0da79340-6a65-55aa-9fe8-21670362dfac")
        #expect(cancelled.cancelled && cancelled.previousStatus == .queued)
    }

    func taskRetry(_ replay: Replay) async throws {
        let id = "34010743-9ad6-5036-8260-37802ee838fb"
        do {
            _ = try await replay.client.tasks.wait(id)
            Issue.record("waiting for a failed task returned")
        } catch let error as JobFailedError {
            #expect(error.provider == "bitbybit" && error.jobID == id && error.status == "failed")
            #expect(error.message == "Boolean operation failed: the shapes do not intersect")
            #expect(CADError(error).category == .jobFailed)
        }
        let retried = try await replay.client.tasks.retry(id)
        #expect(retried.taskID == id && retried.status == .queued)
    }

    // MARK: - Refusals

    /// The documented refusal of each error cassette.
    struct Refusal {
        var status: Int
        var code: String
        var requestNumber: Int
        var classification: APIError.Classification
        var category: CADError.Category
        var details: String? = nil
    }

    static let refusals: [String: Refusal] = [
        "error-400-validation": Refusal(
            status: 400, code: "VALIDATION_ERROR", requestNumber: 23, classification: .invalidRequest, category: .other,
            details: "\"path\":\"operation\""),
        "error-401-unauthorized": Refusal(
            status: 401, code: "UNAUTHORIZED", requestNumber: 43, classification: .authentication, category: .authentication),
        "error-403-insufficient-scope": Refusal(
            status: 403, code: "INSUFFICIENT_SCOPE", requestNumber: 42, classification: .authentication, category: .authentication,
            details: "\"requiredScope\":\"convert\""),
        "error-404-model-not-found": Refusal(
            status: 404, code: "MODEL_NOT_FOUND", requestNumber: 5, classification: .notFound, category: .other),
        "error-404-task-not-found": Refusal(
            status: 404, code: "TASK_NOT_FOUND", requestNumber: 48, classification: .notFound, category: .other),
        "error-409-task-not-completed": Refusal(
            status: 409, code: "TASK_NOT_COMPLETED", requestNumber: 49, classification: .invalidRequest, category: .other,
            details: "\"status\":\"processing\""),
    ]

    func failure(_ scenario: String, _ replay: Replay) async throws {
        let expected = try #require(Self.refusals[scenario], "no documented refusal for bitbybit/\(scenario)")
        let client = replay.client
        let error = try await Cassettes.apiError {
            switch scenario {
            case "error-400-validation":
                // A body without `operation`: the client's own check refuses it, so this one is sent raw by a
                // client with validation off (the typed `ExecuteBody` cannot even express it).
                _ = try await client.post("/api/v1/cad/execute", json: ["params": ["width": 10]], schema: .execute,
                                          as: TaskAccepted.self)
            case "error-401-unauthorized": _ = try await client.models.list()
            case "error-403-insufficient-scope": _ = try await client.convert.stepToGltf(.fileID(Self.bracketFile))
            case "error-404-model-not-found": _ = try await client.models.run("teapot", formats: [.gltf])
            case "error-404-task-not-found": _ = try await client.tasks.get("00000000-0000-4000-8000-000000000000")
            default: _ = try await client.tasks.result("fc66c89c-ab50-52ea-9df4-791598b34566", format: "gltf")
            }
        }
        #expect(error.provider == "bitbybit")
        #expect(error.status == expected.status)
        #expect(error.code == expected.code)
        #expect(error.requestID == Self.requestID(expected.requestNumber))
        #expect(error.classification == expected.classification)
        #expect(CADError(error).category == expected.category)
        #expect(error.attempts == 1 && error.retryAfter == nil)
        if let details = expected.details {
            #expect(error.details?.contains(details) == true, "details: \(error.details ?? "none")")
        }
    }

    @Test("the 400 cassette's body is refused locally, before anything is sent, when validation is on")
    func invalidBodyNeverLeaves() async throws {
        let replay = try Replay("error-400-validation")
        await #expect(throws: BitbybitValidationError.self) {
            _ = try await replay.client.post("/api/v1/cad/execute", json: ["params": ["width": 10]], schema: .execute,
                                             as: TaskAccepted.self)
        }
        #expect(replay.transport.unusedCount == 1)
    }
}
