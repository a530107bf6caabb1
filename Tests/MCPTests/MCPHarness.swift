import CADSandbox
import CADTestSupport
import Foundation
import Logging
import MCP
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Starts the real `cadctl mcp` binary against an in-process sandbox and talks to it over its pipes.
enum MCPHarness {
    /// The `cadctl` binary next to this test bundle in the build folder.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("cadctl").path,
                          bundle.deletingLastPathComponent().appendingPathComponent("cadctl").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Every key the server could know: the sandbox's built-in keys.
    static let keys = [
        "bbk_sandbox_key_1", "bbk_sandbox_noscope", "gcad_live_sandbox_1", "gcad_live_sandbox_ro",
        "gcad_live_sandbox_none", "mk_pub_sandbox_1", "mk_pub_sandbox_2", "mk_pub_sandbox_none",
    ]

    /// The server's environment: this process's without any cadctl settings, plus the sandbox's URLs and
    /// keys for all three providers, a private config file and a private ledger.
    static func environment(_ server: SandboxServer, config: String, state: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasSuffix("_API_KEY") || key.hasSuffix("_BASE_URL") || key.hasPrefix("CADCTL_"))
        }
        environment["CADCTL_CONFIG"] = config
        environment["CADCTL_STATE_DIR"] = state
        environment["BITBYBIT_BASE_URL"] = server.bitbybitBaseURL
        environment["ORVILLE_BASE_URL"] = server.orvilleBaseURL
        environment["MAKISTRY_BASE_URL"] = server.makistryBaseURL
        environment["BITBYBIT_API_KEY"] = SandboxKey.bitbybitDefault.key
        environment["ORVILLE_API_KEY"] = SandboxKey.orvilleDefault.key
        environment["MAKISTRY_API_KEY"] = SandboxKey.makistryDefault.key
        return environment
    }

    /// A sandbox (fast jobs), a fresh root directory and the server's environment.
    static func withSandbox<T: Sendable>(
        _ body: (SandboxServer, _ root: String, _ environment: [String: String]) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-mcp-\(UUID().uuidString)")
        let root = directory.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await CADSandbox.withSandbox(SandboxConfiguration(speed: 1000)) { server in
            let environment = Self.environment(
                server, config: directory.appendingPathComponent("config.toml").path,
                state: directory.appendingPathComponent("state").path)
            // The root as the kernel names it (the temporary directory may be reached through a link).
            let canonical = URL(fileURLWithPath: root.path).resolvingSymlinksInPath().path
            return try await body(server, canonical, environment)
        }
    }

    /// Every key of `keys` found in `text`.
    static func leakedKeys(in text: String) -> [String] {
        keys.filter { text.contains($0) }
    }
}

/// A running `cadctl mcp` and a Swift SDK `Client` connected to it over the child's pipes.
struct MCPSession {
    let child: ChildProcess.Interactive
    let transport: PipeTransport
    let client: Client

    /// Starts `cadctl mcp --root ROOT` and initializes the client.
    static func start(root: String, environment: [String: String]) async throws -> MCPSession {
        let child = try ChildProcess.startInteractive(
            MCPHarness.binary, ["mcp", "--root", root], environment: environment, directory: root)
        let transport = PipeTransport(input: child.stdout, output: child.stdin)
        let client = Client(name: "cadctl-tests", version: "1.0")
        do {
            try await client.connect(transport: transport)
        } catch {
            child.kill()
            throw error
        }
        return MCPSession(child: child, transport: transport, client: client)
    }

    /// Closes the server's input and waits for it to exit.
    func close() async -> (code: Int32, stderr: String) {
        await client.disconnect()
        Glibc.close(child.stdin)
        let (code, errors) = await child.exit()
        Glibc.close(child.stdout)
        return (code, String(decoding: errors, as: UTF8.self))
    }

    /// Calls `name` and returns its result.
    func call(_ name: String, _ arguments: [String: Value] = [:], meta: Metadata? = nil) async throws -> CallTool.Result {
        let context: RequestContext<CallTool.Result> = try await client.callTool(name: name, arguments: arguments, meta: meta)
        return try await context.value
    }
}

/// An MCP transport over a child's pipes (one JSON-RPC message per line), recording every line it
/// received so tests can check what the server sent.
actor PipeTransport: Transport {
    nonisolated let logger = Logger(label: "cadctl.tests.mcp", factory: { _ in SwiftLogNoOpLogHandler() })
    private let input: Int32
    private let output: Int32
    private let lines: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let received = ReceivedLines()
    private let arrivals: AsyncStream<Void>.Continuation
    private let arrivalStream: AsyncStream<Void>

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
        (lines, continuation) = AsyncThrowingStream.makeStream()
        (arrivalStream, arrivals) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func connect() async throws {
        let descriptor = input, continuation = continuation, received = received, arrivals = arrivals
        Thread.detachNewThread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(pending[..<newline])
                    pending.removeSubrange(...newline)
                    received.append(String(decoding: line, as: UTF8.self))
                    arrivals.yield()
                    continuation.yield(line)
                }
            }
            continuation.finish()
            arrivals.finish()
        }
    }

    func disconnect() async {}

    func send(_ data: Data) async throws {
        var bytes = [UInt8](data)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw MCPError.connectionClosed }
            offset += written
        }
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { lines }

    /// Every line received so far.
    nonisolated var messages: [String] { received.all }

    /// Waits until a received line satisfies `predicate` (or the server's output ends) and returns it.
    func firstMessage(where predicate: (String) -> Bool) async -> String? {
        if let found = messages.first(where: predicate) { return found }
        for await _ in arrivalStream {
            if let found = messages.first(where: predicate) { return found }
        }
        return messages.first(where: predicate)
    }
}

/// Lines received, shared with the reading thread.
final class ReceivedLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

extension CallTool.Result {
    /// The text of every text content, joined.
    var text: String {
        content.compactMap { item -> String? in
            if case .text(let text, _, _) = item { return text }
            return nil
        }.joined(separator: "\n")
    }

    /// The structured content as an object.
    var structured: [String: Value] { structuredContent?.objectValue ?? [:] }
}
