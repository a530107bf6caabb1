#if canImport(Glibc)
import Glibc
#endif
import CADLedger
import CADSandbox
import CADTestSupport
import Foundation
import Synchronization
import Testing

/// A real `cadctl` killed with SIGKILL at each step of a paid submission, then run again: exactly one job at
/// the sandbox, the recorded idempotency key reused, no temporary file left, the lock old or new.
@Suite("cadctl crash safety", .serialized)
struct CrashSafetyCLITests {
    /// Waits (without sleeping blindly: polling a condition) until `condition` holds, for at most 120 s.
    ///
    /// The bound only decides when a test gives up: in `make test`'s main pass a debug `cadctl` started beside
    /// every other suite on two cores has taken more than 20 s to send its first request.
    static func until(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Starts `cadctl arguments` as its own process with the runner's environment.
    static func start(_ cli: CLIRunner, _ arguments: [String], in directory: String? = nil) throws -> ChildProcess.Running {
        try ChildProcess.start(CLIRunner.binary, arguments, environment: cli.environment, directory: directory)
    }

    /// Files whose names mark them temporary (a download's partial file, sync's staging, a lock being written).
    static func temporaries(under directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { path in
            let name = (path as NSString).lastPathComponent
            return name.contains(".cadctl-partial-") || name.hasPrefix(".cadctl-staging-") || name.contains(".tmp-")
        }
    }

    static func creates(_ server: SandboxServer, _ path: String) -> [SandboxInspector.RequestRecord] {
        server.inspector.requests.filter { $0.method == "POST" && $0.path == path }
    }

    @Test func killedAfterThePostBeforeItsAnswer() async throws {
        try await LedgerCLITests.with { server, cli, _ in
            server.faults.inject(.delay(seconds: 1.0), on: "POST /orville/api/v1/cad/jobs")
            let command = ["jobs", "create", "--provider", "orville", "--prompt", "A 20x20x20 cube", "--wait"]
            let child = try Self.start(cli, command)
            try await Self.until("the POST reached the sandbox") { server.inspector.faultsApplied == 1 }
            child.end(with: SIGKILL)
            try await Self.until("the sandbox made the job") { server.inspector.jobsCreated(.orville) == 1 }

            let again = try await cli.run(command)
            #expect(again.exitCode == 0, "\(again.stderr)")
            #expect(server.inspector.jobsCreated(.orville) == 1)
            let keys = Self.creates(server, "/orville/api/v1/cad/jobs").map(\.idempotencyKey)
            #expect(keys.count == 2 && keys[0] != nil && keys[0] == keys[1])
        }
    }

    /// Killed once the submission is recorded and its request is on its way, before any server acted on it:
    /// a listener of the test's own takes the request and never answers; the sandbox then serves that port.
    @Test func killedBeforeTheServerActed() async throws {
        let listener = try LoopbackListener()
        let directory = try temporaryDirectory()
        let base = "http://127.0.0.1:\(listener.port)"
        let cli = CLIRunner(
            configPath: directory.appendingPathComponent("config.toml").path,
            extra: ["ORVILLE_BASE_URL": base + "/orville", "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key])
        let command = ["jobs", "create", "--provider", "orville", "--prompt", "A 10x10x10 cube"]
        let child = try Self.start(cli, command)
        let head = await listener.acceptAndReadHead()
        #expect(head.hasPrefix("POST /orville/api/v1/cad/jobs "))
        child.end(with: SIGKILL)
        listener.close()
        let recorded = try await Ledger(path: directory.path + "/state/ledger.sqlite").history()
        #expect(recorded.count == 1 && recorded.first?.id == nil)
        let key = try #require(recorded.first?.idempotencyKey)

        try await withSandbox(SandboxConfiguration(apiPort: listener.port)) { server in
            let again = try await cli.run(command)
            #expect(again.exitCode == 0, "\(again.stderr)")
            #expect(server.inspector.jobsCreated(.orville) == 1)
            #expect(Self.creates(server, "/orville/api/v1/cad/jobs").map(\.idempotencyKey) == [key])
        }
    }

    @Test func killedWhileWaiting() async throws {
        // Polled every second while the [slow] job runs (2.7 s), so the first poll sees it running.
        try await LedgerCLITests.with({ $0.orville.pollAfterHint = .fixed(1) }) { server, cli, _ in
            let command = ["jobs", "create", "--provider", "orville", "--prompt", "A [slow] 20x20x20 cube", "--wait"]
            let child = try Self.start(cli, command)
            // Polling the running job: its id is in the ledger, its end not yet seen.
            try await Self.until("the job is polled") {
                server.inspector.requests.contains { $0.method == "GET" && $0.path.hasPrefix("/orville/api/v1/cad/jobs/cadjob_") }
            }
            child.end(with: SIGKILL)
            let again = try await cli.run(command)
            #expect(again.exitCode == 0, "\(again.stderr)")
            #expect(again.stderr.contains("resuming cadjob_"))
            #expect(server.inspector.jobsCreated(.orville) == 1)
            #expect(Self.creates(server, "/orville/api/v1/cad/jobs").count == 1)
        }
    }

    @Test func killedInTheMiddleOfADownload() async throws {
        try await LedgerCLITests.with { server, cli, directory in
            server.faults.inject(.delay(seconds: 2.0), on: "GET /objects/{object_id}")
            let out = directory + "/out"
            let command = ["jobs", "create", "--provider", "makistry", "--prompt", "A knob, 30 mm", "--download", out]
            let child = try Self.start(cli, command)
            try await Self.until("the download started") { server.inspector.faultsApplied == 1 }
            child.end(with: SIGKILL)
            let again = try await cli.run(command)
            #expect(again.exitCode == 0, "\(again.stderr)")
            #expect(again.stderr.contains("resuming pub_"))
            #expect(server.inspector.jobsCreated(.makistry) == 1)
            #expect(Self.temporaries(under: out).isEmpty, "\(Self.temporaries(under: out))")
            #expect((try FileManager.default.contentsOfDirectory(atPath: out)).count == 1)
        }
    }

    @Test func aBitbybitRunKilledBeforeItsAnswerIsNotSentAgain() async throws {
        try await LedgerCLITests.with { server, cli, _ in
            server.faults.inject(.delay(seconds: 1.0), on: "POST /bitbybit/api/v1/models/dragon-cup")
            let child = try Self.start(cli, ["models", "run", "dragon-cup"])
            try await Self.until("the POST reached the sandbox") { server.inspector.faultsApplied == 1 }
            child.end(with: SIGKILL)
            try await Self.until("the sandbox made the task") { server.inspector.jobsCreated(.bitbybit) == 1 }
            let again = try await cli.run(["models", "run", "dragon-cup"])
            #expect(again.exitCode == 1)
            #expect(again.stderr.contains("cadctl tasks list"))
            #expect(server.inspector.jobsCreated(.bitbybit) == 1)
        }
    }

    /// `sync` killed while parts are generated and downloaded: the lock is a whole one (the old one, or one with
    /// the parts already generated: each write is a rename), no staging directory survives the next run, and the
    /// next run pays for nothing again.
    @Test func syncKilledMidwayLeavesTheOldLockAndResumes() async throws {
        try await LedgerCLITests.with { server, cli, directory in
            let project = directory + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            try Data(SyncCLITests.manifest.utf8).write(to: URL(fileURLWithPath: project + "/cadctl.toml"))
            let old = "{\n  \"parts\": {},\n  \"version\": 1\n}\n"
            try Data(old.utf8).write(to: URL(fileURLWithPath: project + "/cadctl.lock"))
            server.faults.inject(.delay(seconds: 2.0), on: "GET /objects/{object_id}")
            let child = try Self.start(cli, ["sync"], in: project)
            try await Self.until("a download started") { server.inspector.faultsApplied == 1 }
            child.end(with: SIGKILL)
            let between = try String(contentsOfFile: project + "/cadctl.lock", encoding: .utf8)
            #expect(between == old || (try? SyncCLITests.json(between))?["version"] as? Int == 1)
            let created = server.inspector.jobsCreated(.orville) + server.inspector.jobsCreated(.makistry)
                + server.inspector.jobsCreated(.bitbybit)

            let again = try await cli.run(["sync"], in: project)
            #expect(again.exitCode == 0, "\(again.stderr)")
            #expect(server.inspector.jobsCreated(.orville) + server.inspector.jobsCreated(.makistry)
                    + server.inspector.jobsCreated(.bitbybit) == 3)
            #expect(created >= 1)
            #expect(Self.temporaries(under: project).isEmpty, "\(Self.temporaries(under: project))")
            let lock = try String(contentsOfFile: project + "/cadctl.lock", encoding: .utf8)
            #expect(lock != old && lock.hasSuffix("}\n"))
        }
    }
}

/// A loopback TCP listener that accepts one connection, reads a request head, and never answers.
final class LoopbackListener: Sendable {
    let descriptor: Int32
    let port: Int
    private let accepted = Mutex<Int32>(-1)

    init() throws {
        (descriptor, port) = try LoopbackSocket.listen(backlog: 4)
    }

    /// Accepts one connection and returns what arrived up to the end of the request head.
    func acceptAndReadHead() async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let connection = accept(self.descriptor, nil, nil)
                self.accepted.withLock { $0 = connection }
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                    let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
                    if count <= 0 { break }
                    received += buffer[0..<count]
                }
                continuation.resume(returning: String(decoding: received, as: UTF8.self))
            }
        }
    }

    /// Closes the connection and the listener.
    func close() {
        let connection = accepted.withLock { $0 }
        if connection >= 0 { Glibc.close(connection) }
        Glibc.close(descriptor)
    }
}
