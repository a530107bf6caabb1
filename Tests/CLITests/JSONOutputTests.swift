import CADSandbox
import CADTransport
import Foundation
import Synchronization
import Testing

/// `--json` on every command: run against one sandbox serving all three providers, each command's stdout
/// is exactly one JSON document (JSONSerialization parses it) with the documented top-level shape
/// (docs/cadctl-cli.md, "JSON output").
@Suite("cadctl --json on every command", .serialized)
struct JSONOutputTests {
    @Test func everyCommandsJSONParses() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSandbox(SandboxConfiguration(speed: 1000)) { server in
            let cli = CLIRunner(configPath: directory.appendingPathComponent("config.toml").path, extra: [
                "BITBYBIT_BASE_URL": server.bitbybitBaseURL, "BITBYBIT_API_KEY": SandboxKey.bitbybitDefault.key,
                "ORVILLE_BASE_URL": server.orvilleBaseURL, "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key,
                "MAKISTRY_BASE_URL": server.makistryBaseURL, "MAKISTRY_API_KEY": SandboxKey.makistryDefault.key,
            ])
            let checker = JSONChecker(cli: cli, directory: directory.path)
            try await checker.orville()
            try await checker.makistry()
            try await checker.bitbybit(server: server)
            try await checker.configAndDoctor()
            #expect(checker.checked.value.count >= 45, "\(checker.checked.value)")
        }
    }
}

/// Runs commands with `--json` and checks their stdout parses as one JSON object with the given keys.
struct JSONChecker: Sendable {
    let cli: CLIRunner
    let directory: String
    let checked = CheckedCommands()

    /// Runs `arguments + ["--json"]`, expects exit 0 and a JSON object holding `keys`; returns it.
    @discardableResult
    func object(_ arguments: [String], keys: [String], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> [String: Any]
    {
        let outcome = try await cli.run(arguments + ["--json"], sourceLocation: sourceLocation)
        checked.add(arguments.prefix(2).joined(separator: " "))
        #expect(outcome.exitCode == 0, "cadctl \(arguments.joined(separator: " ")) --json: \(outcome.stderr)",
                sourceLocation: sourceLocation)
        let parsed = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        guard let object = parsed as? [String: Any] else {
            Issue.record("cadctl \(arguments.joined(separator: " ")) --json printed no JSON object: \(outcome.stdout.prefix(300))",
                         sourceLocation: sourceLocation)
            return [:]
        }
        for key in keys where object[key] == nil {
            Issue.record("cadctl \(arguments.joined(separator: " ")) --json has no \"\(key)\": \(outcome.stdout.prefix(300))",
                         sourceLocation: sourceLocation)
        }
        #expect(outcome.stdout.hasSuffix("}\n") && outcome.stdout.filter { $0 == "\n" }.count == 1,
                "one document on one line", sourceLocation: sourceLocation)
        return object
    }

    func orville() async throws {
        let job = "provider id status".split(separator: " ").map(String.init)
        let created = try await object(["jobs", "create", "--provider", "orville", "--prompt", "A plate"], keys: job)
        let id = try #require(created["id"] as? String)
        try await object(["jobs", "get", id], keys: job)
        try await object(["jobs", "wait", id], keys: job)
        try await object(["jobs", "list", "--provider", "orville"], keys: ["jobs", "next_cursor"])
        try await object(["jobs", "list", "--provider", "orville", "--all"], keys: ["jobs"])
        try await object(["jobs", "iterate", id, "--prompt", "Make it 8 mm thick", "--wait"], keys: job)
        try await object(["jobs", "messages", id], keys: ["provider", "messages"])
        try await object(["jobs", "review", id, "--prompt", "Any risks?"], keys: ["provider"])
        let artifacts = try await object(["artifacts", "list", id], keys: ["provider", "artifacts"])
        try await object(["artifacts", "download", id, "--out", directory + "/orville-a"], keys: ["provider", "id", "files"])
        let artifactID = try #require((artifacts["artifacts"] as? [[String: Any]])?.first?["id"] as? String)
        try await object(["artifacts", "download", artifactID, "--print-url"], keys: ["provider", "url"])
        try await object(["artifacts", "download", artifactID, "--out", directory + "/orville-b"], keys: ["files"])
        try await object(["billing", "balance"], keys: ["provider"])
        try await object(["jobs", "create", "--provider", "orville", "--prompt", "A plate", "--download",
                          directory + "/orville-c"], keys: job + ["files"])
    }

    func makistry() async throws {
        let job = ["provider", "id", "status"]
        let created = try await object(["jobs", "create", "--provider", "makistry", "--prompt", "a box"], keys: job)
        let id = try #require(created["id"] as? String)
        try await object(["jobs", "get", id], keys: job + ["download_url"])
        try await object(["jobs", "wait", id], keys: job)
        try await object(["jobs", "wait", id, "--download", directory + "/makistry"], keys: job + ["files"])
        try await object(["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--wait"], keys: job)

        let secret = "whsec_json_test_secret"
        let body = Data(#"{"job_id":"pub_1","status":"success"}"#.utf8)
        let bodyPath = directory + "/webhook.json"
        try body.write(to: URL(fileURLWithPath: bodyPath))
        let now = String(Int(Date().timeIntervalSince1970))
        let signature = try MakistryCLITests.hmacHex(secret: secret, message: Data((now + ".").utf8) + body)
        try await object(["webhooks", "verify", "--secret", secret, "--signature", "sha256=" + signature,
                          "--timestamp", now, "--body", bodyPath], keys: ["valid"])
    }

    func bitbybit(server: SandboxServer) async throws {
        let task = ["provider", "id", "status"]
        let out = directory + "/bitbybit"
        try await object(["models", "list"], keys: ["models"])
        try await object(["models", "params", "dragon-cup"], keys: [])
        let run = try await object(["models", "run", "dragon-cup", "--format", "step", "--out", out], keys: task + ["files"])
        let part = try #require((run["files"] as? [String])?.first)
        let taskID = try #require(run["id"] as? String)
        try await object(["models", "run", "dragon-cup", "--no-wait"], keys: task)
        try await object(["cad", "execute", "--operation", "occt.shapes.solid.createBox",
                          "--params", #"{"width":1,"length":2,"height":3}"#, "--out", out + "/exec"], keys: task + ["files"])
        let pipeline = directory + "/pipeline.json"
        try #"{"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":1,"length":2,"height":3}}]}"#
            .write(toFile: pipeline, atomically: true, encoding: .utf8)
        try await object(["cad", "pipeline", pipeline, "--validate"], keys: ["valid"])
        try await object(["cad", "pipeline", pipeline, "--out", out + "/pipe"], keys: task + ["files"])
        try await object(["cad", "unfold", "solid-report", part, "--out", out + "/report"], keys: task + ["files"])
        try await object(["convert", "step-to-gltf", part, "--out", out + "/converted.glb"], keys: task + ["files"])
        let uploaded = try await object(["files", "upload", part, "--name", "again.step"], keys: ["provider", "id"])
        let fileID = try #require(uploaded["id"] as? String)
        try await object(["files", "list"], keys: [])
        try await object(["files", "get", fileID], keys: [])
        try await object(["files", "delete", fileID], keys: [])
        try await object(["tasks", "list"], keys: ["tasks"])
        try await object(["tasks", "get", taskID], keys: ["taskId", "status"])
        try await object(["tasks", "wait", taskID], keys: ["taskId", "status"])
        try await object(["tasks", "wait", taskID, "--out", out + "/waited"], keys: task + ["files"])
        try await object(["tasks", "result", taskID, "step", "--out", out + "/result"], keys: ["provider", "id", "format", "files"])
        try await object(["tasks", "cancel", taskID], keys: ["id", "cancelled", "previousStatus"])
        // A failed task, retried.
        let response = try await CurlTransport().send(HTTPRequest(
            method: .post, url: try #require(URL(string: server.bitbybitBaseURL + "/_sandbox/fail-next-tasks")),
            headers: ["x-api-key": SandboxKey.bitbybitDefault.key, "Content-Type": "application/json"],
            body: .bytes(Data(#"{"count":1,"message":"for retry"}"#.utf8))))
        #expect(response.status < 300)
        // --new: the ledger would resume the identical unfinished `--no-wait` run above.
        let failed = try await object(["models", "run", "dragon-cup", "--no-wait", "--new"], keys: task)
        let failedID = try #require(failed["id"] as? String)
        let waited = try await cli.run(["tasks", "wait", failedID, "--json"])
        #expect(waited.exitCode == 4, "\(waited.stderr)")
        let error = try JSONSerialization.jsonObject(with: Data(waited.stderr.split(separator: "\n").last.map(String.init)?.utf8 ?? "".utf8))
        #expect((error as? [String: Any])?["error"] != nil, "errors under --json are JSON on stderr: \(waited.stderr)")
        try await object(["tasks", "retry", failedID, "--out", out + "/retried"], keys: task + ["files"])
    }

    func configAndDoctor() async throws {
        try await object(["config", "set", "default_provider", "orville"], keys: ["key", "path"])
        try await object(["config", "get", "default_provider"], keys: ["key", "value"])
        try await object(["config", "list"], keys: [])
        try await object(["config", "unset", "default_provider"], keys: ["key", "path"])
        try await object(["doctor"], keys: ["providers"])
        try await object(["doctor", "--offline"], keys: ["providers"])
    }
}

/// The commands a test ran, for a count at the end.
final class CheckedCommands: Sendable {
    private let storage = Mutex<[String]>([])
    func add(_ command: String) { storage.withLock { $0.append(command) } }
    var value: [String] { storage.withLock { $0 } }
}
