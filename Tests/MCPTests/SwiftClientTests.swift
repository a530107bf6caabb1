import CADSandbox
import CADTestSupport
import Foundation
import MCP
import Synchronization
import Testing

/// The real `cadctl mcp` binary driven by the MCP Swift SDK's own `Client` over stdio, against the sandbox.
@Suite("cadctl mcp with the MCP Swift SDK client")
struct SwiftClientTests {
    static let toolNames = [
        "generate_part", "run_model", "run_pipeline", "job_status", "download", "list_models", "inspect", "preview",
    ]

    @Test("initialize, the eight tools, list_models, generate_part (one paid job, files under --root), job_status, download")
    func barWithSwiftClient() async throws {
        try await MCPHarness.withSandbox { server, root, environment in
            let session = try await MCPSession.start(root: root, environment: environment)
            let progress = Mutex<[ProgressNotification.Parameters]>([])
            await session.client.onNotification(ProgressNotification.self) { message in
                progress.withLock { $0.append(message.params) }
            }

            let (tools, _) = try await session.client.listTools()
            #expect(tools.map(\.name) == Self.toolNames)
            #expect(tools.allSatisfy { $0.inputSchema.objectValue?["type"] == "object" })
            #expect(tools.first { $0.name == "generate_part" }?.inputSchema.objectValue?["required"] == ["prompt"])
            #expect(tools.allSatisfy { $0.outputSchema != nil })

            let models = try await session.call("list_models")
            #expect(models.isError == false)
            #expect(models.structured["models"]?.arrayValue?.contains("dragon-cup") == true, "\(models.text)")

            let generated = try await session.call(
                "generate_part", ["prompt": "A 40x20x10 mm box", "provider": "orville", "dir": "parts"],
                meta: Metadata(progressToken: .string("generate-1")))
            #expect(generated.isError == false, "\(generated.text)")
            #expect(server.inspector.workDone("orville.create") == 1)
            let id = try #require(generated.structured["id"]?.stringValue)
            #expect(id.hasPrefix("cadjob_"))
            let files = generated.structured["files"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(!files.isEmpty)
            for file in files {
                #expect(file.hasPrefix(root + "/parts/"), "\(file)")
                #expect(FileManager.default.fileExists(atPath: file))
            }
            let reports = progress.withLock { $0 }
            #expect(!reports.isEmpty, "no progress notification for a call with a progressToken")
            #expect(reports.allSatisfy { $0.progressToken == .string("generate-1") })
            #expect(reports.contains { $0.message?.contains(id) == true })

            // inspect answers what `cadctl inspect --json` prints; preview returns the PNG as image content.
            let step = try #require(files.first { $0.hasSuffix(".step") } ?? files.first)
            let inspected = try await session.call("inspect", ["path": .string(String(step.dropFirst(root.count + 1)))])
            #expect(inspected.isError == false, "\(inspected.text)")
            let cli = try await ChildProcess.run(MCPHarness.binary, ["inspect", "--json", step], environment: environment)
            #expect(cli.exitCode == 0)
            let fromCLI = try JSONSerialization.jsonObject(with: cli.stdout) as? NSDictionary
            let fromTool = try JSONSerialization.jsonObject(with: Data(inspected.text.utf8)) as? NSDictionary
            #expect(fromCLI != nil && fromCLI == fromTool, "\(inspected.text) vs \(String(decoding: cli.stdout, as: UTF8.self))")
            let size = ((fromTool?["files"] as? [[String: Any]])?.first?["size_mm"] as? [Double])?.sorted(by: >)
            #expect(size == [40, 20, 10], "the sandbox makes the prompt's 40x20x10 box")
            let preview = try await session.call("preview", ["path": .string(step), "view": "front"])
            #expect(preview.isError == false, "\(preview.text)")
            let images = preview.content.compactMap { item -> (String, String)? in
                if case .image(let data, let mimeType, _, _) = item { return (data, mimeType) }
                return nil
            }
            #expect(images.count == 1 && images.first?.1 == "image/png")
            let png = Data(base64Encoded: images.first?.0 ?? "") ?? Data()
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(preview.structured["path"]?.stringValue == step + ".png")
            #expect(FileManager.default.contents(atPath: step + ".png") == png)

            let status = try await session.call("job_status", ["id": .string(id)])
            #expect(status.isError == false, "\(status.text)")
            #expect(status.structured["provider"] == "orville")
            #expect(status.structured["details"]?.objectValue != nil)

            let again = try await session.call("download", ["id": .string(id), "dir": "again"])
            #expect(again.isError == false, "\(again.text)")
            #expect(again.structured["files"]?.arrayValue?.count == files.count)
            // Downloading into the same place again keeps the files: an error, as the CLI's without --force.
            let twice = try await session.call("download", ["id": .string(id), "dir": "again"])
            #expect(twice.isError == true)
            #expect(server.inspector.workDone("orville.create") == 1)

            let messages = session.transport.messages
            let outcome = await session.close()
            #expect(outcome.code == 0, "\(outcome.stderr)")
            for message in messages + [outcome.stderr] {
                #expect(MCPHarness.leakedKeys(in: message).isEmpty, "a key in: \(message.prefix(300))")
            }
        }
    }

    @Test("files outside --root are refused (.., absolute, symlink) with isError; the server keeps serving")
    func rootConfinement() async throws {
        try await MCPHarness.withSandbox { server, root, environment in
            let outside = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("outside.stl").path
            _ = FileManager.default.createFile(atPath: outside, contents: Data("solid x\nendsolid x\n".utf8))
            try FileManager.default.createSymbolicLink(atPath: root + "/link.stl", withDestinationPath: outside)
            try FileManager.default.createSymbolicLink(
                atPath: root + "/escape", withDestinationPath: URL(fileURLWithPath: root).deletingLastPathComponent().path)
            let session = try await MCPSession.start(root: root, environment: environment)
            for path in ["../outside.stl", outside, "link.stl", "escape/outside.stl", "nothing/../../outside.stl"] {
                let result = try await session.call("inspect", ["path": .string(path)])
                #expect(result.isError == true, "\(path)")
                #expect(result.text.contains("outside the root"), "\(path): \(result.text)")
            }
            let preview = try await session.call("preview", ["path": "link.stl"])
            #expect(preview.isError == true && preview.text.contains("outside the root"))
            let written = try await session.call("run_model", ["model": "dragon-cup", "dir": "escape/out"])
            #expect(written.isError == true && written.text.contains("outside the root"))
            #expect(server.inspector.workDone("bitbybit.task") == 0)
            let images = try await session.call(
                "generate_part", ["prompt": "A box", "provider": "makistry", "images": .array([.string(outside)])])
            #expect(images.isError == true && images.text.contains("outside the root"))
            #expect(server.inspector.workDone("makistry.create") == 0)
            let outcome = await session.close()
            #expect(outcome.code == 0)
        }
    }

    @Test("an invalid pipeline is refused before anything is sent; bad arguments are isError with the reason")
    func refusedBeforeSending() async throws {
        try await MCPHarness.withSandbox { server, root, environment in
            let session = try await MCPSession.start(root: root, environment: environment)
            let before = server.inspector.requests.count
            let invalid = try await session.call(
                "run_pipeline", ["pipeline": ["steps": [["operation": "not.an.operation"]]]])
            #expect(invalid.isError == true)
            #expect(invalid.text.hasPrefix("error: ") && invalid.text.contains("nothing was sent"), "\(invalid.text)")
            #expect(server.inspector.requests.count == before, "the sandbox saw a request for an invalid pipeline")

            let unknown = try await session.call("list_models", ["api_key": "gcad_live_sandbox_1"])
            #expect(unknown.isError == true && unknown.text.contains("unknown argument 'api_key'"))
            let missing = try await session.call("generate_part", [:])
            #expect(missing.isError == true && missing.text.contains("'prompt' is required"))
            let orvilleFormat = try await session.call(
                "generate_part", ["prompt": "A box", "provider": "orville", "format": "stl"])
            #expect(orvilleFormat.isError == true && orvilleFormat.text.contains("Orville only produces STEP"))
            #expect(server.inspector.requests.count == before)

            let messages = session.transport.messages
            #expect(await session.close().code == 0)
            // The key given as an argument never comes back: refused, and redacted had it been echoed.
            for message in messages { #expect(MCPHarness.leakedKeys(in: message).isEmpty, "\(message.prefix(300))") }
        }
    }

    @Test("calls run concurrently; a cancelled wait stops and says which job to resume; the same call again resumes it (the ledger)")
    func concurrencyAndCancellation() async throws {
        try await MCPHarness.withSandbox { server, root, environment in
            let session = try await MCPSession.start(root: root, environment: environment)
            async let first = session.call("run_model", ["model": "dragon-cup", "dir": "a"])
            async let second = session.call("run_model", ["model": "dragon-cup", "dir": "b", "formats": ["step"]])
            let (a, b) = try await (first, second)
            #expect(a.isError == false && b.isError == false, "\(a.text) \(b.text)")
            #expect(server.inspector.workDone("bitbybit.task") == 2)
            #expect(a.structured["id"] != b.structured["id"])

            // Makistry polls every 5–10 s: the call is cancelled while it waits.
            let context: RequestContext<CallTool.Result> = try await session.client.callTool(
                name: "generate_part", arguments: ["prompt": "A 40x20x10 mm box", "provider": "makistry"],
                meta: Metadata(progressToken: .string("slow")))
            let submitted = await session.transport.firstMessage { $0.contains("notifications/progress") && $0.contains("pub_") }
            #expect(submitted != nil)
            try await session.client.cancelRequest(context.requestID, reason: "the user changed their mind")
            let requestID = "\(context.requestID)"
            let answer = await session.transport.firstMessage { $0.contains("cancelled while waiting") }
            let text = try #require(answer, "no answer after the cancellation (request \(requestID))")
            let jobID = try #require(submitted.flatMap { $0.range(of: #"pub_[A-Za-z0-9_]+"#, options: .regularExpression) }
                .flatMap { range in submitted.map { String($0[range]) } })
            #expect(text.contains(jobID), "\(text)")
            #expect(text.contains("\"isError\":true"))
            #expect(server.inspector.workDone("makistry.create") == 1)

            // The assistant asks again: the ledger resumes the unfinished job instead of paying for another.
            let again = try await session.call(
                "generate_part", ["prompt": "A 40x20x10 mm box", "provider": "makistry"])
            #expect(again.isError == false, "\(again.text)")
            #expect(again.structured["id"]?.stringValue == jobID)
            #expect(server.inspector.workDone("makistry.create") == 1)
            #expect(again.structured["files"]?.arrayValue?.count == 1)
            #expect(await session.close().code == 0)
        }
    }
}
