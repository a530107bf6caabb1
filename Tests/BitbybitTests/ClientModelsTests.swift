import Bitbybit
import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("BitbybitClient: health, models, runs, results on disk")
struct ClientModelsTests {
    @Test("health, list, params and definitions decode from the sandbox's envelopes")
    func catalogue() async throws {
        try await withClient { fixture in
            let client = fixture.client
            #expect(try await client.health().status == .ok)
            let models = try await client.models.list()
            #expect(models.contains("dragon-cup") && models.contains("phone-nest"))
            let cup = try await client.models.params("dragon-cup")
            #expect(cup.name == "dragon-cup")
            #expect(cup.params.contains { $0.name == "height" && $0.type == .number })
            let definitions = try await client.models.definitions(["dragon-cup", "phone-nest"])
            #expect(Set(definitions.keys) == ["dragon-cup", "phone-nest"])
            #expect(definitions["phone-nest"]?.params.contains { $0.name == "applyOrnaments" && $0.type == .boolean } == true)
        }
    }

    @Test("dragon-cup with gltf and step: waits in 2 s polls, downloads a real GLB and STEP, no key at storage")
    func runWaitDownload() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let accepted = try await client.models.run("dragon-cup", params: ["height": 10], formats: [.gltf, .step])
            #expect(accepted.status == .queued)
            let updates = Collector<TaskDetail>()
            let task = try await client.tasks.wait(accepted.taskID, onUpdate: { updates.add($0) })
            // Progress is reported while processing (1–99 %), then the completed task.
            #expect(updates.all.contains { $0.status == .processing && ($0.progress ?? 0) > 0 })
            #expect(updates.all.last?.status == .completed)
            #expect(task.status == .completed)
            let keys = Set(task.resultParts.map { Array($0.keys) } ?? [])
            #expect(keys.isSuperset(of: ["glb", "step"]))
            // Polls 2 s apart on the client's clock: 10 s of work takes 5 or 6 polls, never a burst.
            let polls = fixture.server.inspector.requestCount(path: "/bitbybit/api/v1/tasks/\(task.taskID)", method: "GET")
            #expect((5...7).contains(polls))

            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let files = try await client.tasks.download(task.taskID, formats: ["gltf", "step"], into: directory)
            #expect(files.map(\.format) == ["glb", "step"])
            let glb = try Data(contentsOf: URL(fileURLWithPath: files[0].path))
            let step = try Data(contentsOf: URL(fileURLWithPath: files[1].path))
            #expect(files[0].path.hasSuffix(".glb") && FileMagic.isGLB(glb))
            #expect(FileMagic.isSTEP(step))
            #expect(fixture.server.inspector.storageCredentialSightings.isEmpty)
            // Only the requested formats: no metadata file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 2)

            // An existing file is not overwritten without `overwrite`.
            await #expect(throws: OutputFileExistsError.self) {
                _ = try await client.tasks.download(task.taskID, formats: ["step"], into: directory)
            }
            let again = try await client.tasks.download(task.taskID, formats: ["step"], into: directory, overwrite: true)
            #expect(again.count == 1)
            #expect(fixture.noRequestRefusedAsInvalid)
        }
    }

    @Test("typed dragon-cup and phone-nest bodies go to their own endpoints")
    func typedBodies() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let cup = try await client.models.dragonCup(DragonCupBody(
                params: DragonCupParams(height: 12, nrSkinCellsVertical: 5), outputs: OutputOptions(formats: [.stpz])))
            let nest = try await client.models.phoneNest(PhoneNestBody(
                params: PhoneNestParams(applyOrnaments: true, origin: [0, 0, 0]), outputs: OutputOptions(formats: [.gltf])))
            #expect(fixture.server.inspector.requestCount(path: "/bitbybit/api/v1/models/dragon-cup", method: "POST") == 1)
            #expect(fixture.server.inspector.requestCount(path: "/bitbybit/api/v1/models/phone-nest", method: "POST") == 1)
            let done = try await client.tasks.wait(cup.taskID)
            let link = try await client.tasks.result(done.taskID, format: "stpz")
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = try await client.tasks.download(link, into: directory)
            #expect(FileMagic.isGzip(try Data(contentsOf: URL(fileURLWithPath: file.path))))
            #expect(try await client.tasks.wait(nest.taskID).status == .completed)
        }
    }

    @Test("documented breaches are refused locally, listing every problem, and nothing is sent")
    func validationBeforeSending() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let before = fixture.server.inspector.requests.count
            do {
                _ = try await client.models.dragonCup(DragonCupBody(
                    params: DragonCupParams(height: 80, nrSkinCellsVertical: 0),
                    outputs: OutputOptions(formats: [.step, .stpz])))
                Issue.record("an invalid body was accepted")
            } catch let error as BitbybitValidationError {
                let paths = Set(error.problems.errors.map(\.path))
                #expect(paths.isSuperset(of: ["params.height", "params.nrSkinCellsVertical"]))
                #expect(paths.contains { $0.hasPrefix("outputs.formats") })
                #expect(CADError(error).category == .usage)
            }
            // The generic endpoint checks the documented model's schema too.
            await #expect(throws: BitbybitValidationError.self) {
                _ = try await client.models.run("dragon-cup", params: ["height": -1], formats: [.gltf])
            }
            #expect(fixture.server.inspector.requests.count == before)

            // With validation off the body goes out and the server refuses it with the same envelope.
            var unchecked = client
            unchecked.validate = false
            do {
                _ = try await unchecked.models.run("dragon-cup", params: ["height": -1], formats: [.gltf])
                Issue.record("the sandbox accepted an invalid height")
            } catch let error as APIError {
                #expect(error.status == 400 && error.code == "VALIDATION_ERROR")
                #expect(error.details?.contains("params.height") == true)
                #expect(error.requestID != nil)
            }
        }
    }

    @Test("a key without the models scope gets 403 INSUFFICIENT_SCOPE, exit 3; an unknown model 404")
    func scopesAndNotFound() async throws {
        try await withClient { fixture in
            let noScope = try fixture.client(key: SandboxKey.bitbybitNoScopes.key)
            do {
                _ = try await noScope.models.list()
                Issue.record("a key without scopes listed models")
            } catch let error as APIError {
                #expect(error.status == 403 && error.code == "INSUFFICIENT_SCOPE")
                #expect(CADError(error).category == .authentication)
            }
            do {
                _ = try await fixture.client.models.params("teapot")
                Issue.record("an unknown model has params")
            } catch let error as APIError {
                #expect(error.status == 404 && error.code == "MODEL_NOT_FOUND")
            }
        }
    }

    @Test("batch runs are compound tasks whose manifest downloads per item")
    func batch() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let accepted = try await client.models.runBatch("dragon-cup", body: BatchModelSubmissionBody(
                items: [.init(params: ["height": 8]), .init(params: ["height": 9])],
                outputs: OutputOptions(formats: [.gltf])))
            #expect(accepted.subTaskCount == 2)
            _ = try await client.tasks.wait(accepted.taskID)
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let files = try await client.tasks.downloadManifest(accepted.taskID, formats: ["gltf"], into: directory)
            #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["item-0.glb", "item-1.glb"])
            for file in files { #expect(FileMagic.isGLB(try Data(contentsOf: URL(fileURLWithPath: file.path)))) }
        }
    }
}
