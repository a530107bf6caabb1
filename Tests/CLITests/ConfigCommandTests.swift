import Foundation
import Testing

@Suite("cadctl config and the CLI contract's basics")
struct ConfigCommandTests {
    @Test("--version names cadctl and libcurl, on stdout, exit 0")
    func version() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await CLIRunner(configPath: directory.appendingPathComponent("c.toml").path).run(["--version"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.hasPrefix("cadctl 0."))
        #expect(outcome.stdout.contains("libcurl"))
    }

    @Test("config set writes a 0600 TOML file; list masks keys; get prints the value")
    func roundTrip() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/config.toml").path
        let cli = CLIRunner(configPath: path)
        let key = "gcad_live_test_0123456789"
        #expect(try await cli.run(["config", "set", "orville.api_key", key]).exitCode == 0)
        #expect(try await cli.run(["config", "set", "default_provider", "makistry"]).exitCode == 0)
        #expect(try await cli.run(["config", "set", "makistry.base_url", "http://127.0.0.1:9/makistry/v1"]).exitCode == 0)

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("[orville]"))
        #expect(text.contains("default_provider = 'makistry'") || text.contains("default_provider = \"makistry\""))

        let list = try await cli.run(["config", "list"])
        #expect(list.exitCode == 0)
        #expect(!list.stdout.contains(key))
        #expect(list.stdout.contains("gcad…6789"))
        #expect(!list.stderr.contains(key))

        let get = try await cli.run(["config", "get", "orville.api_key"])
        #expect(get.stdout == key + "\n")

        let json = try await cli.run(["config", "list", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let settings = object?["settings"] as? [String: String]
        #expect(settings?["makistry.base_url"] == "http://127.0.0.1:9/makistry/v1")
        #expect(settings?["orville.api_key"] == "gcad…6789")

        #expect(try await cli.run(["config", "unset", "orville.api_key"]).exitCode == 0)
        #expect(try await cli.run(["config", "get", "orville.api_key"]).exitCode == 1)
    }

    @Test("bad keys and values are usage errors (exit 2) that say what is allowed")
    func usageErrors() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cli = CLIRunner(configPath: directory.appendingPathComponent("c.toml").path)
        let unknown = try await cli.run(["config", "set", "orville.apikey", "x"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.hasPrefix("error: unknown config key 'orville.apikey'"))
        #expect(unknown.stdout.isEmpty)
        let provider = try await cli.run(["config", "set", "default_provider", "acme"])
        #expect(provider.exitCode == 2)
        #expect(provider.stderr.contains("bitbybit, orville, makistry"))
        let url = try await cli.run(["config", "set", "bitbybit.base_url", "ftp://x"])
        #expect(url.exitCode == 2)
        let parser = try await cli.run(["config", "frobnicate"])
        #expect(parser.exitCode == 2)
    }

    @Test("errors with --json go to stderr as one JSON object")
    func jsonErrors() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await CLIRunner(configPath: directory.appendingPathComponent("c.toml").path)
            .run(["config", "get", "bitbybit.api_key", "--json"])
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stderr.utf8)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        #expect(error?["message"] as? String == "bitbybit.api_key is not set")
    }

    @Test("an unparsable config file is a usage error naming the file")
    func brokenConfig() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.toml").path
        try "this is = = not toml".write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try await CLIRunner(configPath: path).run(["config", "list"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr.contains(path))
    }
}

@Suite("Shell completions")
struct CompletionTests {
    @Test("bash, zsh and fish completion scripts name the commands", arguments: ["bash", "zsh", "fish"])
    func completionScript(shell: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await CLIRunner(configPath: directory.appendingPathComponent("c.toml").path)
            .run(["--generate-completion-script", shell])
        #expect(outcome.exitCode == 0)
        for command in ["jobs", "config", "doctor"] { #expect(outcome.stdout.contains(command)) }
    }
}
