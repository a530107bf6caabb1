#if canImport(Glibc)
import Glibc
#endif
import CADSandbox
import CADTestSupport
import Foundation
import Testing

/// The local ledger end to end: real `cadctl` processes against the sandbox, one state directory per test.
@Suite("cadctl ledger", .serialized)
struct LedgerCLITests {
    /// A sandbox with all three providers, a runner pointed at it, and the runner's state directory.
    static func with(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (SandboxServer, CLIRunner, String) async throws -> Void
    ) async throws {
        var configuration = SandboxConfiguration()
        configure(&configuration)
        let server = try await SandboxServer.start(configuration)
        do {
            let directory = try temporaryDirectory()
            let runner = CLIRunner(
                configPath: directory.appendingPathComponent("config.toml").path,
                extra: [
                    "ORVILLE_BASE_URL": server.orvilleBaseURL, "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key,
                    "MAKISTRY_BASE_URL": server.makistryBaseURL, "MAKISTRY_API_KEY": SandboxKey.makistryDefault.key,
                    "BITBYBIT_BASE_URL": server.bitbybitBaseURL, "BITBYBIT_API_KEY": SandboxKey.bitbybitDefault.key,
                ])
            try await body(server, runner, directory.path)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    static func line(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func aRerunResumesTheUnfinishedJobAndNewSubmitsAnother() async throws {
        try await Self.with { server, cli, _ in
            let first = try await cli.run(["jobs", "create", "--provider", "orville", "--prompt", "A 30x20x5 plate"])
            #expect(first.exitCode == 0, "\(first.stderr)")
            let id = Self.line(first.stdout)
            let again = try await cli.run(["jobs", "create", "--provider", "orville", "--prompt", "A 30x20x5 plate"])
            #expect(again.exitCode == 0 && Self.line(again.stdout) == id, "\(again.stderr)")
            #expect(again.stderr.contains("resuming \(id), submitted at "))
            #expect(again.stderr.contains(" by an earlier run (--new submits another)"))
            #expect(server.inspector.jobsCreated(.orville) == 1)

            let fresh = try await cli.run(["jobs", "create", "--provider", "orville", "--prompt", "A 30x20x5 plate", "--new"])
            #expect(fresh.exitCode == 0 && Self.line(fresh.stdout) != id)
            #expect(server.inspector.jobsCreated(.orville) == 2)
        }
    }

    @Test func aFinishedSubmissionIsNeverResumed() async throws {
        try await Self.with { server, cli, directory in
            let out = directory + "/out"
            let first = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "A knob, 30 mm",
                                           "--download", out, "--json"])
            #expect(first.exitCode == 0, "\(first.stderr)")
            let second = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "A knob, 30 mm",
                                            "--download", out + "2", "--json"])
            #expect(second.exitCode == 0, "\(second.stderr)")
            #expect(!second.stderr.contains("resuming"))
            #expect(server.inspector.jobsCreated(.makistry) == 2)

            let history = try await cli.run(["jobs", "history", "--json", "--provider", "makistry"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
            let submissions = try #require(document["submissions"] as? [[String: Any]])
            #expect(submissions.count == 2)
            #expect(Set(submissions[0].keys) == ["provider", "id", "status", "submitted_at", "summary", "files"])
            #expect(submissions.allSatisfy { $0["status"] as? String == "success" })
            let files = try #require(submissions[1]["files"] as? [[String: Any]])
            #expect(files.count == 1 && Set(files[0].keys) == ["path", "sha256", "bytes"])
            #expect((files[0]["sha256"] as? String)?.count == 64)
        }
    }

    @Test func aBitbybitSubmissionOfUnknownFateIsNotSentAgain() async throws {
        try await Self.with { server, cli, _ in
            server.faults.inject(.closeAfterProcessing, on: "POST /bitbybit/api/v1/models/dragon-cup")
            let first = try await cli.run(["models", "run", "dragon-cup", "--no-wait"])
            #expect(first.exitCode == 7, "\(first.stderr)")
            #expect(server.inspector.jobsCreated(.bitbybit) == 1)
            let second = try await cli.run(["models", "run", "dragon-cup", "--no-wait"])
            #expect(second.exitCode == 1)
            #expect(second.stderr.contains("cadctl tasks list") && second.stderr.contains("--new"))
            #expect(server.inspector.jobsCreated(.bitbybit) == 1)
            let forced = try await cli.run(["models", "run", "dragon-cup", "--no-wait", "--new"])
            #expect(forced.exitCode == 0, "\(forced.stderr)")
            #expect(server.inspector.jobsCreated(.bitbybit) == 2)
        }
    }

    @Test func noLedgerTurnsItOff() async throws {
        try await Self.with { server, cli, directory in
            _ = try await cli.run(["jobs", "create", "--provider", "orville", "--prompt", "A cube", "--no-ledger"])
            var other = cli
            other.environment["CADCTL_NO_LEDGER"] = "1"
            _ = try await other.run(["jobs", "create", "--provider", "orville", "--prompt", "A cube"])
            #expect(server.inspector.jobsCreated(.orville) == 2)
            #expect(!FileManager.default.fileExists(atPath: directory + "/state/ledger.sqlite"))
        }
    }

    @Test func theLedgerIsPrivateAndHoldsNoKey() async throws {
        try await Self.with { _, cli, directory in
            _ = try await cli.run(["jobs", "create", "--provider", "orville", "--prompt", "A cube", "--wait"])
            _ = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "A cube"])
            _ = try await cli.run(["models", "run", "dragon-cup", "--no-wait"])
            let state = directory + "/state"
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? Int)
            #expect(mode == 0o700)
            let fileMode = try #require(
                try FileManager.default.attributesOfItem(atPath: state + "/ledger.sqlite")[.posixPermissions] as? Int)
            #expect(fileMode == 0o600)
            for name in try FileManager.default.contentsOfDirectory(atPath: state) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: state + "/" + name))
                for key in CLIRunner.sandboxKeys {
                    #expect(bytes.range(of: Data(key.utf8)) == nil, "\(name) holds \(key)")
                }
            }
            let history = try await cli.run(["jobs", "history"])
            #expect(history.stdout.split(separator: "\n").filter { !$0.hasPrefix("\t") }.count == 3)
        }
    }

    /// Two processes on one ledger at once: both work, and each request is recorded once.
    @Test func twoProcessesShareOneLedger() async throws {
        try await Self.with { server, cli, _ in
            async let first = cli.run(["jobs", "create", "--provider", "orville", "--prompt", "Part A", "--wait"])
            async let second = cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "Part B", "--wait"])
            let (a, b) = try await (first, second)
            #expect(a.exitCode == 0, "\(a.stderr)")
            #expect(b.exitCode == 0, "\(b.stderr)")
            let history = try await cli.run(["jobs", "history", "--json"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
            #expect((document["submissions"] as? [Any])?.count == 2)
            #expect(server.inspector.jobsCreated(.orville) == 1 && server.inspector.jobsCreated(.makistry) == 1)
        }
    }

    /// A compound submission (`models run --batch`, `cad compound`) goes through the ledger: a second `--no-wait`
    /// resumes the unfinished parent, a waiting run resumes it too and finishes it (history lists its files), and
    /// only then does the same command submit again. `created` is the sandbox's task count per submission
    /// (the parent and one per item).
    static func compoundIsLedgered(
        _ command: [String], created: Int, files: Int, server: SandboxServer, cli: CLIRunner, directory: String
    ) async throws {
        let first = try await cli.run(command + ["--no-wait"])
        #expect(first.exitCode == 0, "\(first.stderr)")
        let id = line(first.stdout)
        #expect(server.inspector.jobsCreated(.bitbybit) == created)
        let again = try await cli.run(command + ["--no-wait"])
        #expect(again.exitCode == 0 && line(again.stdout) == id, "\(again.stderr)")
        #expect(again.stderr.contains("resuming \(id), submitted at "))
        #expect(server.inspector.jobsCreated(.bitbybit) == created)

        let waited = try await cli.run(command + ["--out", directory + "/out", "--json"])
        #expect(waited.exitCode == 0, "\(waited.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(waited.stdout.utf8)) as? [String: Any])
        #expect(result["id"] as? String == id)
        #expect((result["files"] as? [String])?.count == files)
        #expect(server.inspector.jobsCreated(.bitbybit) == created)

        let history = try await cli.run(["jobs", "history", "--json", "--provider", "bitbybit"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
        let submissions = try #require(document["submissions"] as? [[String: Any]])
        #expect(submissions.count == 1)
        #expect(submissions.first?["id"] as? String == id)
        #expect(submissions.first?["status"] as? String == "completed")
        #expect((submissions.first?["files"] as? [Any])?.count == files)

        // Finished: the same command is a new request now.
        let fresh = try await cli.run(command + ["--no-wait"])
        #expect(fresh.exitCode == 0 && line(fresh.stdout) != id, "\(fresh.stderr)")
        #expect(!fresh.stderr.contains("resuming"))
        #expect(server.inspector.jobsCreated(.bitbybit) == 2 * created)
    }

    @Test func aBatchRunIsRecordedAndResumed() async throws {
        try await Self.with { server, cli, directory in
            let file = directory + "/variations.jsonl"
            try Data("{\"height\": 6}\n{\"height\": 9}\n".utf8).write(to: URL(fileURLWithPath: file))
            try await Self.compoundIsLedgered(
                ["models", "run", "dragon-cup", "--batch", file], created: 3, files: 2, server: server, cli: cli,
                directory: directory)
        }
    }

    @Test func aCompoundRunIsRecordedAndResumed() async throws {
        try await Self.with { server, cli, directory in
            let file = directory + "/compound.json"
            try Data(#"[{"operation": "occt.shapes.solid.createBox", "params": {"width": 4, "length": 3, "height": 2, "center": [0, 0, 0]}, "outputFormats": ["gltf"]}]"#.utf8)
                .write(to: URL(fileURLWithPath: file))
            try await Self.compoundIsLedgered(
                ["cad", "compound", file], created: 2, files: 1, server: server, cli: cli, directory: directory)
        }
    }
}
