import CADCore
import CADSandbox
import Foundation
import Testing
@testable import cadctl

/// `cadctl jobs …` run in-process (command logic, capturing console, loopback sandbox), for Orville and
/// Makistry through the same `PromptToCADFlow`.
@Suite("cadctl jobs in-process", .serialized)
struct InProcessJobsTests {
    /// Makistry jobs that finish as soon as they are created.
    static let instantMakistry: SandboxConfiguration = {
        var configuration = SandboxConfiguration(speed: 1000)
        configuration.makistry = MakistrySettings(
            queuedSeconds: 0, processingSeconds: ["standard": 0, "pro": 0, "assembly": 0])
        return configuration
    }()

    @Test("Makistry: create prints the id; get --json keeps the contract's key order; wait --download writes the file")
    func makistryCreateGetWait() async throws {
        try await InProcessCLI.withSandbox(Self.instantMakistry) { _, cli in
            let created = await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "A 40x20x10 mm box"])
            #expect(created.exitCode == 0, "\(created.stderr)")
            let id = try #require(created.lines.first)
            #expect(created.lines.count == 1 && id.hasPrefix("pub_"))

            let shown = await cli.run(["jobs", "get", id, "--json"])
            #expect(shown.exitCode == 0, "\(shown.stderr)")
            #expect(try printedKeys(shown.stdout) == [
                "provider", "id", "status", "download_url", "error_code", "error_message", "metadata", "tokens_used",
                "latency_ms",
            ])
            #expect(try parsedObject(shown.stdout)["id"] as? String == id)

            let out = cli.directory + "/out"
            let waited = await cli.run(["jobs", "wait", id, "--download", out, "--json"])
            #expect(waited.exitCode == 0, "\(waited.stderr)")
            #expect(try printedKeys(waited.stdout) == ["provider", "id", "status", "files"])
            let document = try parsedObject(waited.stdout)
            #expect(document["provider"] as? String == "makistry" && document["status"] as? String == "success")
            let files = try #require(document["files"] as? [String])
            #expect(files == [out + "/" + id + ".step"])
            #expect(FileManager.default.fileExists(atPath: files[0]))
            #expect(waited.stderr.contains("makistry job \(id) success"), "the id goes to stderr")
        }
    }

    @Test("Orville: create --wait --json, get in plain text, wait --download prints the STEP paths")
    func orvilleCreateGetWait() async throws {
        try await InProcessCLI.withSandbox { _, cli in
            let created = await cli.run(["jobs", "create", "--provider", "orville", "--prompt", "A 30x20x5 plate",
                                         "--wait", "--json"])
            #expect(created.exitCode == 0, "\(created.stderr)")
            #expect(try printedKeys(created.stdout) == ["provider", "id", "status"])
            let document = try parsedObject(created.stdout)
            #expect(document["provider"] as? String == "orville" && document["status"] as? String == "completed")
            let id = try #require(document["id"] as? String)

            let shown = await cli.run(["jobs", "get", id])
            #expect(shown.exitCode == 0, "\(shown.stderr)")
            #expect(shown.lines.prefix(2) == ["id: \(id)", "status: completed"])

            let out = cli.directory + "/out"
            let waited = await cli.run(["jobs", "wait", id, "--download", out])
            #expect(waited.exitCode == 0, "\(waited.stderr)")
            #expect(!waited.lines.isEmpty && waited.lines.allSatisfy { $0.hasPrefix(out + "/") && $0.hasSuffix(".step") })
            #expect(waited.stderr.contains("orville job \(id) completed"))
        }
    }

    @Test("a wait that outlasts --timeout exits 5 and names the job id on stderr")
    func waitTimeout() async throws {
        var slow = SandboxConfiguration(speed: 1)
        slow.makistry = MakistrySettings(queuedSeconds: 600, processingSeconds: ["standard": 600])
        try await InProcessCLI.withSandbox(slow) { _, cli in
            let created = await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "a box"])
            let id = try #require(created.lines.first)
            let waited = await cli.run(["jobs", "wait", id, "--timeout", "0.5"])
            #expect(waited.exitCode == 5)
            #expect(waited.stderr.contains(id) && waited.stdout.isEmpty)
        }
    }

    @Test("an unknown job under --json: exit 1, the contract's error object on stderr, stdout empty")
    func jsonError() async throws {
        try await InProcessCLI.withSandbox(Self.instantMakistry) { _, cli in
            let outcome = await cli.run(["jobs", "get", "pub_doesnotexist", "--json"])
            #expect(outcome.exitCode == 1)
            #expect(outcome.stdout.isEmpty)
            let error = try #require(try parsedObject(outcome.stderr)["error"] as? [String: Any])
            #expect(error["provider"] as? String == "makistry" && error["status"] as? Int == 404)
            #expect((error["message"] as? String)?.contains("pub_doesnotexist") == true)
            let keys = try #require(try JSONValue(parsing: outcome.stderr.trimmingCharacters(in: .newlines))
                .objectValue?["error"]?.objectValue?.keys)
            #expect(keys == ["message", "code", "status", "provider", "request_id"])
        }
    }

    @Test("progress is drawn only on a terminal: none on a plain console, the wait line on a terminal")
    func progressOnlyOnATerminal() async throws {
        try await InProcessCLI.withSandbox(Self.instantMakistry) { _, cli in
            let arguments = ["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--wait"]
            let plain = await cli.run(arguments)
            #expect(plain.exitCode == 0, "\(plain.stderr)")
            #expect(!plain.stderr.contains("\u{1B}[") && !plain.stderr.contains("\r"))

            let terminal = await cli.run(arguments, terminal: TerminalFacts(isTerminal: true, columns: 100))
            #expect(terminal.exitCode == 0, "\(terminal.stderr)")
            #expect(terminal.stderr.contains("\r\u{1B}[2K"), "the wait line is drawn and cleared")
            #expect(!terminal.stdout.contains("\u{1B}["), "stdout carries results only")

            let quiet = await cli.run(arguments + ["--quiet"], terminal: TerminalFacts(isTerminal: true))
            #expect(quiet.stderr.isEmpty, "--quiet: \(quiet.stderr)")
        }
    }
}
