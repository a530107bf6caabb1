import CADSandbox
import CADTestSupport
import Foundation
import Testing

/// `cadctl jobs|artifacts|billing` against Orville in the sandbox (real clock at speed 1000: a job takes
/// 0.27 s, `poll_after_seconds` is at least 1), run as a user would with only ORVILLE_BASE_URL and a key.
@Suite("cadctl Orville", .serialized)
struct OrvilleCLITests {
    static let key = SandboxKey.orvilleDefault.key

    /// Starts a sandbox, gives `body` a runner whose environment points cadctl at it, and shuts it down.
    static func with(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in },
        key: String = OrvilleCLITests.key,
        _ body: (SandboxServer, OrvilleCLIDriver) async throws -> Void
    ) async throws {
        var configuration = SandboxConfiguration()
        configure(&configuration)
        let server = try await SandboxServer.start(configuration)
        do {
            let directory = try temporaryDirectory()
            let runner = CLIRunner(
                configPath: directory.appendingPathComponent("config.toml").path,
                extra: ["ORVILLE_BASE_URL": server.orvilleBaseURL, "ORVILLE_API_KEY": key])
            try await body(server, OrvilleCLIDriver(runner: runner, directory: directory.path))
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test func createWaitIterateReviewAndDownload() async throws {
        try await Self.with { server, cli in
            let created = try await cli.run(["jobs", "create", "--prompt", "A 30x20x5 mounting plate"])
            #expect(created.exitCode == 0, "\(created.stderr)")
            let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(id.hasPrefix("cadjob_") && !id.contains("\n"))

            let waited = try await cli.run(["jobs", "wait", id, "--json"])
            #expect(waited.exitCode == 0, "\(waited.stderr)")
            let waitedJSON = try cli.json(waited.stdout)
            #expect(waitedJSON["provider"] as? String == "orville" && waitedJSON["status"] as? String == "completed")

            let iterated = try await cli.run(["jobs", "iterate", id, "--prompt", "Make it 8 mm thick", "--wait", "--json"])
            #expect(iterated.exitCode == 0, "\(iterated.stderr)")
            #expect(try cli.json(iterated.stdout)["status"] as? String == "completed")

            let review = try await cli.run(["jobs", "review", id, "--prompt", "Any manufacturing risks?",
                                             "--viewer-state", #"{"camera":{"position":[1,2,3]}}"#])
            #expect(review.exitCode == 0, "\(review.stderr)")
            #expect(review.stdout.contains("manufacture"))

            let history = try await cli.run(["jobs", "messages", id, "--json"])
            let messages = try #require(try cli.json(history.stdout)["messages"] as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user", "assistant", "user", "assistant"])
            let plainHistory = try await cli.run(["jobs", "messages", id])
            #expect(plainHistory.stdout.contains("[assistant]") && plainHistory.stdout.contains("revision B"))

            let out = cli.directory + "/out"
            let downloaded = try await cli.run(["artifacts", "download", id, "--out", out])
            #expect(downloaded.exitCode == 0, "\(downloaded.stderr)")
            let paths = downloaded.stdout.split(separator: "\n").map(String.init)
            #expect(paths.count == 1 && paths[0].hasPrefix(out + "/") && paths[0].hasSuffix(".step"))
            #expect(try String(contentsOfFile: paths[0], encoding: .utf8).hasPrefix("ISO-10303-21;"))
            #expect(server.inspector.storageCredentialSightings.isEmpty)

            let again = try await cli.run(["artifacts", "download", id, "--out", out])
            #expect(again.exitCode == 2 && again.stderr.contains(paths[0]) && again.stderr.contains("--force"))
            let forced = try await cli.run(["artifacts", "download", id, "--out", out, "--force"])
            #expect(forced.exitCode == 0)
        }
    }

    @Test func createWithDownloadPrintsPathsAndJSON() async throws {
        try await Self.with { server, cli in
            let image = cli.directory + "/sketch.png"
            try (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 1, count: 64))
                .write(to: URL(fileURLWithPath: image))
            let dir = cli.directory + "/models"
            let plain = try await cli.run(["jobs", "create", "--prompt", "A hinge assembly", "--image", image, "--download", dir])
            #expect(plain.exitCode == 0, "\(plain.stderr)")
            let paths = plain.stdout.split(separator: "\n").map(String.init)
            #expect(paths.count == 2 && paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
            #expect(plain.stderr.contains("cadjob_"))

            let json = try await cli.run(["jobs", "create", "--prompt", "A plate", "--download", cli.directory + "/j", "--json"])
            #expect(json.exitCode == 0, "\(json.stderr)")
            let document = try cli.json(json.stdout)
            #expect(Set(document.keys) == ["provider", "id", "status", "files"])
            #expect(document["status"] as? String == "completed")
            #expect((document["files"] as? [String])?.count == 1)

            let created = try await cli.run(["jobs", "create", "--prompt", "A plate", "--json"])
            let createdJSON = try cli.json(created.stdout)
            #expect(Set(createdJSON.keys) == ["provider", "id", "status"])
            #expect(createdJSON["provider"] as? String == "orville" && createdJSON["status"] as? String == "queued")
            #expect(server.inspector.jobsCreated(.orville) == 3)
        }
    }

    @Test func getShowsTheAssemblyTreeAndArtifactsListIt() async throws {
        try await Self.with { _, cli in
            let created = try await cli.run(["jobs", "create", "--prompt", "A hinge assembly", "--wait"])
            #expect(created.exitCode == 0, "\(created.stderr)")
            let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let shown = try await cli.run(["jobs", "get", id])
            #expect(shown.stdout.contains("status: completed") && shown.stdout.contains("assembly:"))
            #expect(shown.stdout.contains("├─ ") && shown.stdout.contains("└─ "))
            let json = try await cli.run(["jobs", "get", id, "--json"])
            let job = try cli.json(json.stdout)
            #expect(job["id"] as? String == id && (job["artifacts"] as? [Any])?.count == 2)

            let listed = try await cli.run(["artifacts", "list", id])
            #expect(listed.stdout.contains("└─ ") && listed.stdout.contains("art_"))
            let listedJSON = try cli.json(try await cli.run(["artifacts", "list", id, "--json"]).stdout)
            let artifacts = try #require(listedJSON["artifacts"] as? [[String: Any]])
            let artifactID = try #require(artifacts.first?["id"] as? String)

            let one = try await cli.run(["artifacts", "download", artifactID, "--out", cli.directory + "/one"])
            #expect(one.exitCode == 0 && one.stdout.split(separator: "\n").count == 1, "\(one.stderr)")
            let url = try await cli.run(["artifacts", "download", artifactID, "--print-url"])
            #expect(url.stdout.contains("/objects/") && url.exitCode == 0)
        }
    }

    @Test func listPagesAndBalance() async throws {
        try await Self.with { _, cli in
            for index in 1...3 { _ = try await cli.run(["jobs", "create", "--prompt", "Bracket \(index)"]) }
            let page = try cli.json(try await cli.run(["jobs", "list", "--limit", "2", "--json"]).stdout)
            #expect((page["jobs"] as? [Any])?.count == 2 && page["next_cursor"] is String)
            let all = try cli.json(try await cli.run(["jobs", "list", "--limit", "2", "--all", "--json"]).stdout)
            #expect((all["jobs"] as? [Any])?.count == 4 && Set(all.keys) == ["jobs"])
            let search = try await cli.run(["jobs", "list", "--query", "Bracket 2"])
            #expect(search.stdout.split(separator: "\n").count == 1)

            let balance = try await cli.run(["billing", "balance", "--json"])
            let document = try cli.json(balance.stdout)
            // $25.00 less $2.00 held or charged for each of the three jobs.
            #expect(document["available_balance_cents"] as? Int == 1900 && document["cad_job_hold_cents"] as? Int == 200)
            #expect(document["provider"] as? String == "orville" && document["currency"] as? String == "usd")
            let plain = try await cli.run(["billing", "balance"])
            #expect(plain.stdout == "available: $19.00\njob hold: $2.00\n")
        }
    }

    @Test func usageErrorsSendNothing() async throws {
        try await Self.with { server, cli in
            let text = cli.directory + "/notes.png"
            try Data("not an image".utf8).write(to: URL(fileURLWithPath: text))
            let cases: [[String]] = [
                ["jobs", "create", "--prompt", String(repeating: "x", count: 60_001)],
                ["jobs", "create"],
                ["jobs", "create", "--prompt", "p", "--image", text],
                ["jobs", "create", "--prompt", "p", "--image", cli.directory + "/missing.png"],
                ["jobs", "create", "--prompt", "p", "--idempotency-key", "has space"],
                ["jobs", "list", "--limit", "0"],
                ["jobs", "review", "cadjob_x", "--prompt", "p", "--viewer-state", "[1]"],
            ]
            for arguments in cases {
                let outcome = try await cli.run(arguments)
                #expect(outcome.exitCode == 2, "\(arguments.prefix(3)): \(outcome.stderr)")
                #expect(outcome.stderr.hasPrefix("error: ") && outcome.stdout.isEmpty)
            }
            #expect(server.inspector.requests.isEmpty)
        }
    }

    @Test func errorsExitWithTheContractsCodes() async throws {
        try await Self.with(key: SandboxKey.orvilleReadOnly.key) { _, cli in
            let refused = try await cli.run(["jobs", "create", "--prompt", "A plate"])
            #expect(refused.exitCode == 3)
            #expect(refused.stderr.contains("orville") && refused.stderr.contains("HTTP 403") && refused.stderr.contains("request req_"))
            let json = try await cli.run(["jobs", "create", "--prompt", "A plate", "--json"])
            let error = try #require(try cli.json(json.stderr)["error"] as? [String: Any])
            #expect(error["status"] as? Int == 403 && error["provider"] as? String == "orville")
            #expect((error["request_id"] as? String)?.hasPrefix("req_") == true && json.stdout.isEmpty)
        }
        try await Self.with { server, cli in
            let failed = try await cli.run(["jobs", "create", "--prompt", "A plate [fail]", "--wait"])
            #expect(failed.exitCode == 4 && failed.stderr.contains("generation_failed"), "\(failed.stderr)")
            let slow = try await cli.run(["jobs", "create", "--prompt", "A plate [slow]", "--wait", "--timeout", "0.5"])
            #expect(slow.exitCode == 5 && slow.stderr.contains("cadjob_"), "\(slow.stderr)")

            server.faults.inject(.status(503, retryAfter: .seconds(0)), on: "POST /orville/api/v1/cad/jobs", count: 10)
            let unavailable = try await cli.run(["jobs", "create", "--prompt", "A plate"])
            #expect(unavailable.exitCode == 6 && unavailable.stderr.contains("HTTP 503"), "\(unavailable.stderr)")
            server.faults.clear()
            #expect(server.inspector.jobsCreated(.orville) == 2)

            server.faults.inject(.closeAfterProcessing, on: "POST /orville/api/v1/cad/jobs")
            let retried = try await cli.run(["jobs", "create", "--prompt", "After a drop", "--json"])
            #expect(retried.exitCode == 0, "\(retried.stderr)")
            #expect(server.inspector.jobsCreated(.orville) == 3)
        }
        try await Self.with({ $0.orville.billingState = .billingRequired }) { _, cli in
            let payment = try await cli.run(["jobs", "create", "--prompt", "A plate"])
            #expect(payment.exitCode == 8 && payment.stderr.contains("billing_required"), "\(payment.stderr)")
        }
        let directory = try temporaryDirectory()
        let offline = CLIRunner(
            configPath: directory.appendingPathComponent("c.toml").path,
            extra: ["ORVILLE_BASE_URL": "http://127.0.0.1:1", "ORVILLE_API_KEY": Self.key])
        let network = try await OrvilleCLIDriver(runner: offline, directory: directory.path).run(["billing", "balance"])
        #expect(network.exitCode == 7, "\(network.stderr)")
    }

    @Test func waitShowsStatusAndElapsedTimeOnATerminal() async throws {
        try await Self.with { _, cli in
            // `script` gives cadctl a pseudo-terminal, so stderr is a TTY as in an interactive shell.
            let command = ([CLIRunner.binary, "jobs", "create", "--prompt", "A plate", "--wait"])
                .map { "'" + $0 + "'" }.joined(separator: " ")
            let outcome = try await cli.runProcess("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"])
            #expect(outcome.exitCode == 0, "\(outcome.stdout)")
            #expect(outcome.stdout.contains("\r\u{1B}[2K"))
            #expect(outcome.stdout.range(of: #"orville cadjob_[0-9a-f-]+: (waiting|queued|running|completed), 0:0[0-9]"#,
                                         options: .regularExpression) != nil, "\(outcome.stdout)")
            // Without a terminal (the other tests), no progress is drawn.
            let piped = try await cli.run(["jobs", "create", "--prompt", "A plate", "--wait"])
            #expect(!piped.stderr.contains("\u{1B}[2K"))
        }
    }

    @Test func theSameIdempotencyKeyNeverMakesASecondJob() async throws {
        try await Self.with { server, cli in
            let first = try await cli.run(["jobs", "create", "--prompt", "A plate", "--idempotency-key", "run-7"])
            let second = try await cli.run(["jobs", "create", "--prompt", "A plate", "--idempotency-key", "run-7"])
            #expect(first.exitCode == 0 && first.stdout == second.stdout)
            #expect(server.inspector.jobsCreated(.orville) == 1)
        }
    }
}

/// Runs `cadctl` (through `CLIRunner`, off the concurrency pool and checked for leaked keys) and other programs.
struct OrvilleCLIDriver: Sendable {
    let runner: CLIRunner
    let directory: String

    func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIRunner.Outcome {
        try await runner.run(arguments, sourceLocation: sourceLocation)
    }

    /// Runs any program with the runner's environment; what it wrote to stderr follows its stdout.
    func runProcess(_ executable: String, _ arguments: [String]) async throws -> CLIRunner.Outcome {
        let outcome = try await ChildProcess.run(executable, arguments, environment: runner.environment)
        return CLIRunner.Outcome(
            exitCode: outcome.exitCode, stdout: String(decoding: outcome.stdout + outcome.stderr, as: UTF8.self),
            stderr: "")
    }

    func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let dictionary = object as? [String: Any] else {
            throw CLIJSONError(text: text)
        }
        return dictionary
    }
}

struct CLIJSONError: Error, CustomStringConvertible {
    var text: String
    var description: String { "not a JSON object: \(text.prefix(300))" }
}
