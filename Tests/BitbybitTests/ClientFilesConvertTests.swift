import Bitbybit
import CADSandbox
import CADTransport
import CADCrypto
import Foundation
import Testing

@Suite("BitbybitClient: files, conversion, CAD operations, pipelines, unfolding")
struct ClientFilesConvertTests {
    /// A real STEP file: a model run's `step` result, downloaded into `directory`.
    func stepFile(_ fixture: ClientFixture, in directory: String) async throws -> String {
        let client = fixture.client
        let accepted = try await client.models.run("dragon-cup", params: ["height": 6], formats: [.step])
        _ = try await client.tasks.wait(accepted.taskID)
        let files = try await client.tasks.download(accepted.taskID, formats: ["step"], into: directory)
        return try #require(files.first?.path)
    }

    static func sha256(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return SHA256Hasher.hash(data).hex
    }

    @Test("upload streams the file with its SHA-256 and confirms; the same bytes again are reused; list, get, delete")
    func upload() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/part.bin"
            // 3 MiB + 7 bytes: more than one read chunk and not a multiple of it.
            var bytes = Data(count: 3 * 1024 * 1024 + 7)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
            try bytes.write(to: URL(fileURLWithPath: path))

            let uploaded = try await client.files.upload(path: path)
            #expect(!uploaded.reused && uploaded.bytes == bytes.count)
            #expect(uploaded.sha256 == (try Self.sha256(path)))
            let detail = try await client.files.get(uploaded.fileID)
            #expect(detail.status == .confirmed && detail.bytes == bytes.count && detail.sha256 == uploaded.sha256)
            #expect(detail.filename == "part.bin" && detail.contentType == "application/octet-stream")
            #expect(fixture.server.inspector.storageCredentialSightings.isEmpty)
            let puts = fixture.server.inspector.requests.filter { $0.listener == .storage && $0.method == "PUT" }
            #expect(puts.count == 1)

            let again = try await client.files.upload(path: path)
            #expect(again.reused && again.fileID == uploaded.fileID)
            #expect(fixture.server.inspector.requests.filter { $0.listener == .storage && $0.method == "PUT" }.count == 1)

            var listed: [String] = []
            for try await file in client.files.list(status: .confirmed) { listed.append(file.fileID) }
            #expect(listed == [uploaded.fileID])
            #expect(try await client.files.delete(uploaded.fileID).deleted)
            await #expect(throws: APIError.self) { _ = try await client.files.get(uploaded.fileID) }
        }
    }

    @Test("an empty or missing file is a usage error before anything is sent")
    func badUploads() async throws {
        try await withClient { fixture in
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect(FileManager.default.createFile(atPath: directory + "/empty.step", contents: Data()))
            for path in [directory + "/empty.step", directory + "/missing.step", directory] {
                do {
                    _ = try await fixture.client.files.upload(path: path)
                    Issue.record("\(path) was uploaded")
                } catch {
                    #expect(CADError(error).category == .usage)
                }
            }
            #expect(fixture.server.inspector.requests.isEmpty)
        }
    }

    @Test("step-to-gltf from a local file: upload, convert, wait, a real GLB; advanced and both Draco variants by id")
    func convert() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let step = try await stepFile(fixture, in: directory)

            let simple = try await client.convert.stepToGltf(.localFile(path: step))
            let done = try await client.tasks.wait(simple.taskID)
            #expect(done.kind == .convertSimple)
            let out = directory + "/simple"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let glb = try await client.tasks.download(done.taskID, formats: ["gltf"], into: out)
            #expect(FileMagic.isGLB(try Data(contentsOf: URL(fileURLWithPath: try #require(glb.first).path))))

            let fileID = try #require(try await client.files.list().first { _ in true }).fileID
            let started = [
                try await client.convert.stepToGltfAdvanced(.fileID(fileID), options: ConvertAdvancedOptions(readColors: true)),
                try await client.convert.stepToGltfWithDraco(.fileID(fileID)),
                try await client.convert.stepToGltfAdvancedWithDraco(
                    .fileID(fileID), draco: DracoCompressionOptions(useDraco: true, dracoCompressionLevel: 5)),
            ]
            for accepted in started {
                let task = try await client.tasks.wait(accepted.taskID)
                let link = try await client.tasks.result(task.taskID, format: "gltf")
                #expect(link.filename.hasSuffix(".glb"))
            }
            #expect(fixture.noRequestRefusedAsInvalid)
            for path in ["step-to-gltf-advanced", "step-to-gltf-with-draco", "step-to-gltf-advanced-with-draco"] {
                #expect(fixture.server.inspector.requestCount(path: "/bitbybit/api/v1/convert/\(path)", method: "POST") == 1)
            }
            // A Draco level beyond the documented range never leaves the client.
            await #expect(throws: BitbybitValidationError.self) {
                _ = try await client.convert.stepToGltfWithDraco(
                    .fileID(fileID), options: StepToGltfWithDracoBody(
                        stepFileID: "", draco: DracoCompressionOptions(dracoCompressionLevel: 99)))
            }
        }
    }

    @Test("execute, a built pipeline, compound and the unfold endpoints run to completion")
    func cadOperations() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }

            let execute = try await client.cad.execute(ClientTasksTests.box)
            #expect(try await client.tasks.wait(execute.taskID).status == .completed)

            let pipeline = PipelineBody(
                steps: [
                    .operation(PipelineStep(operation: "occt.shapes.solid.createBox",
                                       params: ["width": 4, "length": 5, "height": 6])),
                ],
                outputs: PipelineOutputOptions(formats: [.gltf, .step]))
            let run = try await client.cad.pipeline(pipeline)
            _ = try await client.tasks.wait(run.taskID)
            let files = try await client.tasks.download(run.taskID, formats: ["gltf", "step"], into: directory)
            #expect(files.count == 2)
            #expect(FileMagic.isSTEP(try Data(contentsOf: URL(fileURLWithPath: files[1].path))))

            let compound = try await client.cad.compound(CompoundExecuteBody(items: [
                CompoundItem(operation: "occt.shapes.solid.createBox", params: ["width": 1, "length": 1, "height": 1],
                             outputFormats: ["gltf"]),
                CompoundItem(operation: "occt.shapes.solid.createSphere", params: ["radius": 2], outputFormats: ["gltf"]),
            ]))
            _ = try await client.tasks.wait(compound.taskID)
            let manifest = try await client.tasks.manifest(compound.taskID)
            #expect(manifest.manifest.count == 2 && manifest.manifest.allSatisfy { $0.status == .completed })

            let step = try await stepFile(fixture, in: directory)
            let fileID = try await client.files.upload(path: step).fileID
            let unfolds = [
                try await client.cad.unfoldSolidReport(UnfoldSolidReportBody(stepFileID: fileID)),
                try await client.cad.unfoldFaceReport(UnfoldFaceReportBody(stepFileID: fileID, faceIndex: 0)),
                try await client.cad.unfoldSolidToFlat(UnfoldSolidToFlatBody(stepFileID: fileID, kFactor: 0.4)),
                try await client.cad.unfoldFaceToFlat(UnfoldFaceToFlatBody(stepFileID: fileID)),
                try await client.cad.unfoldSolid(UnfoldSolidBody(stepFileID: fileID)),
            ]
            for accepted in unfolds { #expect(try await client.tasks.wait(accepted.taskID).status == .completed) }
            // Every body the client sent passed the sandbox's independent OpenAPI request-schema check.
            #expect(fixture.noRequestRefusedAsInvalid)
            // An unknown operation is caught locally with a suggestion.
            do {
                _ = try await client.cad.execute(ExecuteBody(operation: "occt.shapes.solid.createBoks"))
                Issue.record("an unknown operation was sent")
            } catch let error as BitbybitValidationError {
                #expect(error.description.contains("createBox"))
            }
        }
    }
}
