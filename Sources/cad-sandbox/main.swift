import ArgumentParser
import CADSandbox
import Dispatch
import Foundation
import Synchronization

/// `cad-sandbox`: runs the sandbox on loopback until SIGINT or SIGTERM, after printing the
/// environment to point cadctl at it.
@main
struct CADSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cad-sandbox",
        abstract: "A local imitation of the Bitbybit, Orville and Makistry APIs, for demos and tests.",
        discussion: """
            Prints `export` lines for BITBYBIT_*, ORVILLE_* and MAKISTRY_* (base URLs and sandbox keys) and \
            serves until interrupted. Prompts containing [fail] make Orville and Makistry jobs fail; [slow] \
            makes them ten times slower. See docs/sandbox.md.
            """)

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "API port (all three providers under /bitbybit, /orville, /makistry/v1); 0 picks a free port.")
    var port = 0

    @Option(name: .customLong("storage-port"), help: "Port of the storage listener (signed URLs); 0 picks a free port.")
    var storagePort = 0

    @Option(help: "JSON file of keys: an array of {provider, key, scopes, name?, workspace?} (replaces the built-in keys).")
    var keys: String?

    @Option(help: "JSON file of faults: {\"faults\": [{\"route\", \"count\", \"action\", ...}]}.")
    var faults: String?

    @Option(help: "Simulated seconds per real second: job durations and rate-limit windows shrink by this factor.")
    var speed: Double = 30

    @Flag(name: .customLong("no-rate-limits"), help: "Do not enforce the documented rate limits.")
    var noRateLimits = false

    @Option(name: .customLong("env-file"), help: "Also write the export lines to this file.")
    var envFile: String?

    @Flag(name: .customLong("log-requests"), help: "Log each request (method, path, status) to standard error.")
    var logRequests = false

    @Option(help: ArgumentHelp(
        "Serve this recorded cassette (HAR) on --port instead of the simulated APIs; see Recordings/README.md.",
        valueName: "FILE"))
    var replay: String?

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be greater than 0.") }
        for (name, value) in [("--port", port), ("--storage-port", storagePort)] where !(0...65535).contains(value) {
            throw ValidationError("\(name) must be from 0 to 65535.")
        }
    }

    func run() async throws {
        if let replay { return try await serveCassette(replay) }
        var configuration = SandboxConfiguration(
            host: host, apiPort: port, storagePort: storagePort, speed: speed,
            rateLimitsEnabled: !noRateLimits, logRequests: logRequests)
        if let keys { configuration.keys = try Self.loadKeys(keys) }
        if let faults { configuration.faults = try Self.loadFaults(faults) }

        let server = try await SandboxServer.start(configuration)
        let exports = Self.exports(server: server, keys: configuration.keys)
        FileHandle.standardOutput.write(Data(exports.utf8))
        if let envFile {
            do {
                try Data(exports.utf8).write(to: URL(fileURLWithPath: envFile), options: .atomic)
            } catch {
                throw ValidationError("Cannot write --env-file \(envFile): \(error.localizedDescription)")
            }
        }
        let signal = await Self.waitForTerminationSignal()
        FileHandle.standardError.write(Data("cad-sandbox: \(signal), shutting down\n".utf8))
        try await server.shutdown()
    }

    /// `--replay FILE`: serves the cassette until interrupted.
    func serveCassette(_ path: String) async throws {
        let server: CassetteServer
        do {
            server = try await CassetteServer.start(cassettePath: path, host: host, port: port)
        } catch {
            throw ValidationError("Cannot replay \(path): \(error)")
        }
        var lines = ["# cad-sandbox replaying \(path) at \(server.baseURL) (\(server.cassette.entries.count) exchanges); stop with Ctrl-C"]
        for provider in SandboxProvider.allCases {
            guard let base = server.baseURL(for: provider) else { continue }
            let prefix = provider.rawValue.uppercased()
            lines.append("export \(prefix)_BASE_URL=\(base)")
            lines.append("export \(prefix)_API_KEY=replay_\(provider.rawValue)_key")
        }
        let exports = lines.joined(separator: "\n") + "\n"
        FileHandle.standardOutput.write(Data(exports.utf8))
        if let envFile { try? Data(exports.utf8).write(to: URL(fileURLWithPath: envFile), options: .atomic) }
        let signal = await Self.waitForTerminationSignal()
        FileHandle.standardError.write(Data("cad-sandbox: \(signal), shutting down\n".utf8))
        try await server.shutdown()
    }

    static func exports(server: SandboxServer, keys: [SandboxKey]) -> String {
        var lines = ["# cad-sandbox \(server.apiBaseURL) (storage \(server.storageBaseURL)); stop with Ctrl-C"]
        for provider in SandboxProvider.allCases {
            let prefix = provider.rawValue.uppercased()
            lines.append("export \(prefix)_BASE_URL=\(server.baseURL(for: provider))")
            let candidates = keys.filter { $0.provider == provider }
            if let key = candidates.first(where: { $0.scopes.contains("*") }) ?? candidates.max(by: { $0.scopes.count < $1.scopes.count }) {
                lines.append("export \(prefix)_API_KEY=\(key.key)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func loadKeys(_ path: String) throws -> [SandboxKey] {
        struct Wrapper: Decodable { var keys: [SandboxKey] }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if let wrapper = try? JSONDecoder().decode(Wrapper.self, from: data) { return wrapper.keys }
            return try JSONDecoder().decode([SandboxKey].self, from: data)
        } catch {
            throw ValidationError("Cannot read --keys \(path): \(error). Expected [{\"provider\":\"orville\",\"key\":\"…\",\"scopes\":[\"cad:read\"]}].")
        }
    }

    static func loadFaults(_ path: String) throws -> [FaultRule] {
        do {
            return try FaultPlan.rules(fromJSON: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("Cannot read --faults \(path): \(error)")
        }
    }

    /// Suspends until SIGINT or SIGTERM arrives; returns its name.
    static func waitForTerminationSignal() async -> String {
        let queue = DispatchQueue(label: "cad-sandbox.signals")
        let once = SignalOnce()
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { once.deliver(name) }
            source.resume()
            sources.append(source)
        }
        let name = await once.wait()
        for source in sources { source.cancel() }
        return name
    }
}

/// Hands the first signal's name to the one waiter, whether it arrives before or after `wait()`.
/// Thread-safe (`Mutex`).
final class SignalOnce: Sendable {
    private struct State {
        var continuation: CheckedContinuation<String, Never>?
        var delivered: String?
    }

    private let state = Mutex(State())

    func deliver(_ name: String) {
        let continuation = state.withLock { state -> CheckedContinuation<String, Never>? in
            guard state.delivered == nil else { return nil }
            state.delivered = name
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: name)
    }

    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let delivered = state.withLock { state -> String? in
                if let delivered = state.delivered { return delivered }
                state.continuation = continuation
                return nil
            }
            if let delivered { continuation.resume(returning: delivered) }
        }
    }
}
