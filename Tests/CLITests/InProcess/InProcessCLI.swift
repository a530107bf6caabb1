import CADCLICore
import CADCore
import CADSandbox
import Foundation
import Synchronization
import Testing
@testable import cadctl

/// A console whose stdout and stderr are kept in memory, with the terminal facts a test chooses.
final class CapturingConsole: Sendable {
    private let streams = Mutex<(out: String, err: String)>(("", ""))
    /// What the console tells commands about the terminal.
    let terminal: TerminalFacts

    init(terminal: TerminalFacts = .none) { self.terminal = terminal }

    /// The `Console` value commands write through.
    var console: Console {
        Console(
            terminal: terminal,
            standardOutput: { [self] text in streams.withLock { $0.out += text } },
            standardError: { [self] text in streams.withLock { $0.err += text } })
    }

    /// Everything written to stdout so far.
    var stdout: String { streams.withLock { $0.out } }
    /// Everything written to stderr so far.
    var stderr: String { streams.withLock { $0.err } }
}

/// Runs cadctl's command logic in this process, as `cadctl` would run it (`CADCTL.run`: parsing, the
/// command, the error report and exit code), with a capturing console and an environment of the test's own
/// (a private config file, ledger and cache) instead of the process's.
struct InProcessCLI: Sendable {
    struct Outcome: Sendable {
        var exitCode: Int32
        var stdout: String
        var stderr: String

        /// stdout's lines.
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// The environment commands see.
    var environment: [String: String]
    /// The directory the config, ledger and cache live in.
    var directory: String

    /// A runner whose environment holds `variables` and private config, state and cache paths under `directory`.
    init(directory: String, variables: [String: String]) {
        self.directory = directory
        var environment = variables
        environment["CADCTL_CONFIG"] = directory + "/config.toml"
        environment["CADCTL_STATE_DIR"] = directory + "/state"
        environment["CADCTL_CACHE_DIR"] = directory + "/cache"
        if let home = ProcessInfo.processInfo.environment["HOME"] { environment["HOME"] = home }
        self.environment = environment
    }

    /// Runs `arguments` (without `cadctl`) on a console with `terminal`'s facts.
    func run(_ arguments: [String], terminal: TerminalFacts = .none) async -> Outcome {
        let capture = CapturingConsole(terminal: terminal)
        let code = await Console.$current.withValue(capture.console) {
            await CommandScope.$environment.withValue(Environment(values: environment)) {
                await CADCTL.run(arguments)
            }
        }
        return Outcome(exitCode: code, stdout: capture.stdout, stderr: capture.stderr)
    }

    /// Runs `body` with a sandbox (`configuration`) and a runner pointed at it for every provider, keys included.
    static func withSandbox<T: Sendable>(
        _ configuration: SandboxConfiguration = SandboxConfiguration(speed: 1000),
        _ body: (SandboxServer, InProcessCLI) async throws -> T
    ) async throws -> T {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await CADSandbox.withSandbox(configuration) { server in
            let cli = InProcessCLI(directory: directory.path, variables: [
                "BITBYBIT_BASE_URL": server.bitbybitBaseURL, "BITBYBIT_API_KEY": SandboxKey.bitbybitDefault.key,
                "ORVILLE_BASE_URL": server.orvilleBaseURL, "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key,
                "MAKISTRY_BASE_URL": server.makistryBaseURL, "MAKISTRY_API_KEY": SandboxKey.makistryDefault.key,
            ])
            return try await body(server, cli)
        }
    }
}

/// A JSON object printed by a command, parsed (keys in any order) for its values.
func parsedObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text)")
}

/// The keys of a JSON object printed on one line, in the order printed.
func printedKeys(_ text: String) throws -> [String] {
    let value = try JSONValue(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
    return try #require(value.objectValue, "not a JSON object: \(text)").keys
}
