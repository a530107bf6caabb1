import CADSandbox
import Foundation
import Testing

@Suite("cadctl doctor against the sandbox")
struct DoctorCommandTests {
    static let keys = [
        "BITBYBIT_API_KEY": SandboxKey.bitbybitDefault.key,
        "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key,
        "MAKISTRY_API_KEY": SandboxKey.makistryDefault.key,
    ]

    static func environment(_ server: SandboxServer, overriding: [String: String] = [:]) -> [String: String] {
        var values = keys
        values["BITBYBIT_BASE_URL"] = server.bitbybitBaseURL
        values["ORVILLE_BASE_URL"] = server.orvilleBaseURL
        values["MAKISTRY_BASE_URL"] = server.makistryBaseURL
        for (key, value) in overriding { values[key] = value }
        return values
    }

    @Test("every provider answers: exit 0, JSON says ok, keys masked, each provider reached once")
    func healthy() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSandbox { server in
            let cli = CLIRunner(configPath: directory.appendingPathComponent("c.toml").path, extra: Self.environment(server))
            let outcome = try await cli.run(["doctor", "--json", "--timeout", "300"])
            #expect(outcome.exitCode == 0, "\(outcome.stdout)\(outcome.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            #expect(document["ok"] as? Bool == true)
            let providers = try #require(document["providers"] as? [[String: Any]])
            #expect(providers.map { $0["provider"] as? String } == ["bitbybit", "orville", "makistry"])
            #expect(providers.allSatisfy { $0["reachable"] as? Bool == true && $0["key_source"] as? String == "environment" })
            for key in Self.keys.values { #expect(!outcome.stdout.contains(key) && !outcome.stderr.contains(key)) }
            #expect(server.inspector.requestCount(path: "/orville/api/v1/billing/balance", method: "GET") == 1)
            #expect(server.inspector.requestCount(path: "/makistry/v1/jobs/pub_cadctl_doctor_probe", method: "GET") == 1)

            let plain = try await cli.run(["doctor", "--timeout", "300"])
            #expect(plain.exitCode == 0)
            #expect(plain.stdout.contains("ok: no problems found"))
            #expect(plain.stdout.contains("libcurl"))
        }
    }

    @Test("a refused key and an unreachable base URL: exit 1, each problem with its fix, no key printed")
    func problems() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSandbox { server in
            let wrongKey = "gcad_live_wrong_key_x"
            let cli = CLIRunner(
                configPath: directory.appendingPathComponent("c.toml").path,
                extra: Self.environment(server, overriding: ["ORVILLE_API_KEY": wrongKey, "MAKISTRY_BASE_URL": "http://127.0.0.1:1/v1"]))
            let outcome = try await cli.run(["doctor", "--timeout", "300"])
            #expect(outcome.exitCode == 1)
            #expect(outcome.stdout.contains("orville: key"))
            #expect(outcome.stdout.contains("the key was refused"))
            #expect(outcome.stdout.contains("makistry") && outcome.stdout.contains("unreachable"))
            #expect(outcome.stdout.contains("fix: check the network"))
            #expect(!outcome.stdout.contains(wrongKey) && !outcome.stderr.contains(wrongKey))
        }
    }

    @Test("offline with no key anywhere: exit 1 naming the variables to set")
    func noKeys() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await CLIRunner(configPath: directory.appendingPathComponent("c.toml").path).run(["doctor", "--offline"])
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout.contains("no API key is set"))
        #expect(outcome.stdout.contains("ORVILLE_API_KEY"))
    }

    @Test("a config file other users can read: doctor reports it, other commands warn on stderr")
    func worldReadableConfig() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.toml").path
        let cli = CLIRunner(configPath: path)
        #expect(try await cli.run(["config", "set", "orville.api_key", "gcad_live_sandbox_1"]).exitCode == 0)
        #expect(try await cli.run(["config", "get", "orville.api_key"], keyMayAppearOnStdout: true).stderr.isEmpty)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let get = try await cli.run(["config", "get", "orville.api_key"], keyMayAppearOnStdout: true)
        #expect(get.exitCode == 0)
        #expect(get.stderr.contains("other users can read it: run `chmod 600 \(path)`"))
        let doctor = try await cli.run(["doctor", "--offline", "--json"])
        #expect(doctor.exitCode == 1)
        #expect(doctor.stdout.contains("chmod 600"))
        #expect(!doctor.stdout.contains("gcad_live_sandbox_1"))
    }
}
