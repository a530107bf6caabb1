import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("cadctl tasks and files against the Bitbybit sandbox")
struct BitbybitTasksFilesCLITests {
    @Test("--no-wait prints the id; tasks get, wait, result, list and retry follow it")
    func tasks() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let submitted = try await cli.run(["models", "run", "dragon-cup", "--format", "gltf", "--no-wait"])
            #expect(submitted.exitCode == 0, "\(submitted.stderr)")
            let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!id.isEmpty && !id.contains("\n"))

            let waited = try await cli.run(["tasks", "wait", id])
            #expect(waited.exitCode == 0 && waited.stdout == "\(id)\tcompleted\n", "\(waited.stderr)")
            let get = try await cli.run(["tasks", "get", id, "--json"])
            let task = try JSONSerialization.jsonObject(with: Data(get.stdout.utf8)) as? [String: Any]
            #expect(task?["taskId"] as? String == id && task?["status"] as? String == "completed")

            let out = directory.appendingPathComponent("results").path
            let result = try await cli.run(["tasks", "result", id, "gltf", "--out", out])
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(isGLB(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let byKey = try await cli.run(["tasks", "result", id, "glb", "--out", out])
            #expect(byKey.exitCode == 2 && byKey.stderr.contains("exists"))

            let list = try await cli.run(["tasks", "list", "--json", "--status", "completed"])
            let page = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
            #expect((page?["tasks"] as? [[String: Any]])?.contains { $0["taskId"] as? String == id } == true)
            #expect(page?["total"] as? Int == 1)
            let badStatus = try await cli.run(["tasks", "list", "--status", "done"])
            #expect(badStatus.exitCode == 2 && badStatus.stderr.contains("completed"))

            let retry = try await cli.run(["tasks", "retry", id])
            #expect(retry.exitCode == 1 && retry.stderr.contains("HTTP 409"))
            let missing = try await cli.run(["tasks", "get", "00000000-0000-4000-8000-000000000000"])
            #expect(missing.exitCode == 1 && missing.stderr.contains("TASK_NOT_FOUND"))
        }
    }

    @Test("a failed task exits 4 with the task's error message")
    func failedTask() async throws {
        try await withBitbybitCLI { server, cli, directory in
            let transport = CurlTransport()
            let response = try await transport.send(HTTPRequest(
                method: .post, url: try #require(URL(string: server.bitbybitBaseURL + "/_sandbox/fail-next-tasks")),
                headers: ["x-api-key": SandboxKey.bitbybitDefault.key, "Content-Type": "application/json"],
                body: .bytes(Data(#"{"count":1,"message":"mesh went sideways"}"#.utf8))))
            #expect(response.status < 300)
            let run = try await cli.run(["models", "run", "dragon-cup", "--out", directory.path])
            #expect(run.exitCode == 4)
            #expect(run.stderr.contains("mesh went sideways"))
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("a submission dropped after sending is not resubmitted: exit 7 pointing at tasks list")
    func droppedSubmission() async throws {
        try await withBitbybitCLI { server, cli, _ in
            server.faults.inject(.closeAfterProcessing, on: "POST /bitbybit/api/v1/models/dragon-cup", count: 1)
            let run = try await cli.run(["models", "run", "dragon-cup"])
            #expect(run.exitCode == 7)
            #expect(run.stderr.contains("cadctl tasks list"))
            #expect(server.inspector.requestCount(path: "/bitbybit/api/v1/models/dragon-cup", method: "POST") == 1)
            let list = try await cli.run(["tasks", "list"])
            #expect(list.stdout.split(separator: "\n").count == 1)
        }
    }

    @Test("files upload, list, get, delete")
    func files() async throws {
        try await withBitbybitCLI { server, cli, directory in
            let path = directory.appendingPathComponent("notes.json").path
            try #"{"hello":"world"}"#.write(toFile: path, atomically: true, encoding: .utf8)
            let upload = try await cli.run(["files", "upload", path, "--json"])
            #expect(upload.exitCode == 0, "\(upload.stderr)")
            let file = try JSONSerialization.jsonObject(with: Data(upload.stdout.utf8)) as? [String: Any]
            let id = try #require(file?["id"] as? String)
            #expect(file?["contentType"] as? String == "application/json" && file?["bytes"] as? Int == 17)
            #expect(server.inspector.storageCredentialSightings.isEmpty)

            let list = try await cli.run(["files", "list"])
            #expect(list.stdout.hasPrefix("\(id)\tconfirmed\t17\tnotes.json"))
            let get = try await cli.run(["files", "get", id])
            #expect(get.exitCode == 0 && get.stdout.contains("application/json"))
            let delete = try await cli.run(["files", "delete", id])
            #expect(delete.exitCode == 0 && delete.stdout == id + "\n")
            let gone = try await cli.run(["files", "get", id])
            #expect(gone.exitCode == 1 && gone.stderr.contains("HTTP 404"))
            let missing = try await cli.run(["files", "upload", directory.appendingPathComponent("nope.step").path])
            #expect(missing.exitCode == 2)
        }
    }

    @Test("a missing key is a usage error naming BITBYBIT_API_KEY")
    func missingKey() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cli = CLIRunner(configPath: directory.appendingPathComponent("c.toml").path)
        let run = try await cli.run(["models", "list"])
        #expect(run.exitCode == 2 && run.stderr.contains("BITBYBIT_API_KEY"))
    }
}
