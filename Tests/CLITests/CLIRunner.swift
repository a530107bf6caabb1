#if canImport(Glibc)
import Glibc
#endif
import CADTestSupport
import Foundation
import Testing

/// Runs the built `cadctl` binary as a user would: its own process, arguments, environment, and
/// separate stdout and stderr.
struct CLIRunner {
    struct Outcome {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// The `cadctl` binary next to this test bundle in the build folder.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("cadctl").path,
                          bundle.deletingLastPathComponent().appendingPathComponent("cadctl").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// An environment with nothing of the user's cadctl settings: no keys, no base URLs, a private config.
    var environment: [String: String]

    init(configPath: String, extra: [String: String] = [:]) {
        var base = ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasSuffix("_API_KEY") || key.hasSuffix("_BASE_URL") || key.hasPrefix("CADCTL_") || key == "NO_COLOR")
        }
        base["CADCTL_CONFIG"] = configPath
        // A ledger and a cache of this runner's own, beside its config (never the user's).
        let directory = (configPath as NSString).deletingLastPathComponent
        base["CADCTL_STATE_DIR"] = directory + "/state"
        base["CADCTL_CACHE_DIR"] = directory + "/cache"
        for (key, value) in extra { base[key] = value }
        environment = base
    }

    /// Runs `cadctl` with `arguments` and waits for it off the Swift concurrency pool, so an in-process
    /// sandbox (whose handlers run on that pool) keeps answering while the process talks to it.
    ///
    /// Every run is checked for leaked keys: no key this runner knows (the `*_API_KEY` values of its
    /// environment, `--api-key` arguments, the sandbox's built-in keys) may appear on stderr, nor on stdout
    /// unless `keyMayAppearOnStdout` (only `config get …api_key` prints a key, on purpose).
    func run(
        _ arguments: [String], stdin: String? = nil, in directory: String? = nil, keyMayAppearOnStdout: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Outcome {
        let outcome = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, stdin: stdin, in: directory) })
            }
        }
        for key in knownKeys(arguments) {
            if outcome.stderr.contains(key) {
                Issue.record("cadctl \(arguments.first ?? "") printed an API key on stderr", sourceLocation: sourceLocation)
            }
            if !keyMayAppearOnStdout && outcome.stdout.contains(key) {
                Issue.record("cadctl \(arguments.first ?? "") printed an API key on stdout", sourceLocation: sourceLocation)
            }
        }
        return outcome
    }

    /// The sandbox's built-in keys (kept here as literals so this check does not depend on the sandbox).
    static let sandboxKeys = [
        "bbk_sandbox_key_1", "bbk_sandbox_noscope", "gcad_live_sandbox_1", "gcad_live_sandbox_ro",
        "gcad_live_sandbox_none", "mk_pub_sandbox_1", "mk_pub_sandbox_2", "mk_pub_sandbox_none",
    ]

    /// Every key a run could know about.
    func knownKeys(_ arguments: [String]) -> [String] {
        var keys = Self.sandboxKeys
        keys += environment.filter { $0.key.hasSuffix("_API_KEY") }.map(\.value).filter { $0.count >= 8 }
        if let index = arguments.firstIndex(of: "--api-key"), index + 1 < arguments.count { keys.append(arguments[index + 1]) }
        if arguments.count >= 4, arguments[0] == "config", arguments[1] == "set", arguments[2].hasSuffix("api_key") {
            keys.append(arguments[3])
        }
        keys += arguments.compactMap { $0.hasPrefix("--api-key=") ? String($0.dropFirst("--api-key=".count)) : nil }
        return keys
    }

    /// Runs `cadctl` and blocks the calling thread until it exits (never call it on the concurrency pool
    /// while an in-process server must answer).
    func runBlocking(_ arguments: [String], stdin: String? = nil, in directory: String? = nil) throws -> Outcome {
        let outcome = try ChildProcess.runBlocking(
            Self.binary, arguments, environment: environment, directory: directory, stdin: stdin.map { Data($0.utf8) })
        return Outcome(
            exitCode: outcome.exitCode,
            stdout: String(decoding: outcome.stdout, as: UTF8.self),
            stderr: String(decoding: outcome.stderr, as: UTF8.self))
    }
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    try TestScratch.directory("cadctl-cli")
}
