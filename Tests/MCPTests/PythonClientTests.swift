import CADSandbox
import CADTestSupport
import Foundation
import Testing

/// The real `cadctl mcp` binary driven by the official Python MCP SDK (PyPI `mcp`, installed by `make setup`
/// into `.build/venv`), as an assistant's client that is not ours would drive it.
@Suite("cadctl mcp with the official Python MCP SDK")
struct PythonClientTests {
    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".build/venv/bin/python").path
    static let script = packageRoot.appendingPathComponent("Tests/MCPClients/mcp_bar.py").path
    /// `make test` sets this: there a missing venv is a failure, not a skip.
    static let required = ProcessInfo.processInfo.environment["CADCTL_REQUIRE_PYTHON_MCP"] == "1"
    static let available = FileManager.default.isExecutableFile(atPath: python)

    @Test(
        "initialize, eight tools, list_models, generate_part, inspect outside the root, invalid pipeline, preview, no key",
        .enabled(if: available || required, "the Python MCP SDK is not installed: run `make setup` (it creates .build/venv)"))
    func barWithPythonClient() async throws {
        try #require(Self.available, "the Python MCP SDK is missing from .build/venv: run `make setup`")
        try await MCPHarness.withSandbox { server, root, environment in
            let outside = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("outside.step").path
            _ = FileManager.default.createFile(atPath: outside, contents: Data("ISO-10303-21;\nEND-ISO-10303-21;\n".utf8))
            let stderrPath = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("server.err").path
            let serverEnvironment = environment.filter { key, _ in
                key.hasSuffix("_API_KEY") || key.hasSuffix("_BASE_URL") || key.hasPrefix("CADCTL_") || key == "HOME"
                    || key == "PATH"
            }
            var clientEnvironment = ProcessInfo.processInfo.environment
            clientEnvironment["CADCTL"] = MCPHarness.binary
            clientEnvironment["MCP_ROOT"] = root
            clientEnvironment["MCP_OUTSIDE"] = outside
            clientEnvironment["MCP_STDERR"] = stderrPath
            clientEnvironment["MCP_SERVER_ENV"] = String(
                decoding: try JSONSerialization.data(withJSONObject: serverEnvironment), as: UTF8.self)
            let before = server.inspector.requests.count
            let run = try await ChildProcess.run(Self.python, [Self.script], environment: clientEnvironment)
            let output = String(decoding: run.stdout, as: UTF8.self)
            #expect(run.exitCode == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
            let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any], "\(output)")

            let initialize = report["initialize"] as? [String: Any]
            #expect((initialize?["serverInfo"] as? [String: Any])?["name"] as? String == "cadctl")
            #expect(report["tools"] as? [String] == SwiftClientTests.toolNames)
            let calls = report["calls"] as? [String: [String: Any]] ?? [:]
            let models = calls["list_models"]?["structuredContent"] as? [String: Any]
            #expect((models?["models"] as? [String])?.contains("dragon-cup") == true)

            let generated = calls["generate_part"]
            #expect(generated?["isError"] as? Bool == false, "\(generated ?? [:])")
            #expect(server.inspector.workDone("orville.create") == 1)
            let files = (generated?["structuredContent"] as? [String: Any])?["files"] as? [String] ?? []
            #expect(!files.isEmpty && files.allSatisfy { $0.hasPrefix(root + "/parts/") && FileManager.default.fileExists(atPath: $0) })
            #expect(!(report["progress"] as? [Any] ?? []).isEmpty, "no progress notification reached the Python client")

            #expect(calls["inspect"]?["isError"] as? Bool == true)
            #expect("\(calls["inspect"] ?? [:])".contains("outside the root"))
            #expect(calls["run_pipeline"]?["isError"] as? Bool == true)
            #expect(!server.inspector.requests.dropFirst(before).contains { $0.path.hasSuffix("/cad/pipeline") })

            let image = report["preview_image"] as? [String: Any]
            #expect(image?["count"] as? Int == 1 && image?["mime"] as? String == "image/png" && image?["png"] as? Bool == true,
                    "\(calls["preview"] ?? [:])")

            let serverErrors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            #expect(MCPHarness.leakedKeys(in: output + serverErrors).isEmpty)
        }
    }
}
