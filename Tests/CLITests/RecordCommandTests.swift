import CADSandbox
import Foundation
import Testing

@Suite("cadctl --record")
struct RecordCommandTests {
    @Test("--record and CADCTL_RECORD write a HAR cassette of the command's exchanges with no key in it")
    func recordsWithoutKeys() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSandbox { server in
            let key = SandboxKey.orvilleDefault.key
            let cli = CLIRunner(
                configPath: directory.appendingPathComponent("c.toml").path,
                extra: ["ORVILLE_API_KEY": key, "ORVILLE_BASE_URL": server.orvilleBaseURL])
            let cassette = directory.appendingPathComponent("orville/create.har").path
            let created = try await cli.run(["jobs", "create", "--prompt", "A 40x20x10 mm box", "--record", cassette])
            #expect(created.exitCode == 0, "\(created.stderr)")
            let text = try String(contentsOfFile: cassette, encoding: .utf8)
            #expect(!text.contains(key))
            #expect(text.contains("Bearer ***"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let log = try #require(document["log"] as? [String: Any])
            #expect(log["version"] as? String == "1.2")
            let entries = try #require(log["entries"] as? [[String: Any]])
            #expect(entries.count == 1)
            let metadata = try #require(log["_cadctl"] as? [String: Any])
            #expect(metadata["provider"] as? String == "orville")
            #expect(metadata["source"] as? String == "sandbox")

            // The environment variable does the same for any command.
            let viaEnvironment = directory.appendingPathComponent("balance.har").path
            var environment = cli
            environment.environment["CADCTL_RECORD"] = viaEnvironment
            #expect(try await environment.run(["billing", "balance"]).exitCode == 0)
            let balance = try String(contentsOfFile: viaEnvironment, encoding: .utf8)
            #expect(balance.contains("/api/v1/billing/balance") && !balance.contains(key))
        }
    }
}
