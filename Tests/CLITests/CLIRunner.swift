import Foundation

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
        for (key, value) in extra { base[key] = value }
        environment = base
    }

    func run(_ arguments: [String], stdin: String? = nil, in directory: String? = nil) throws -> Outcome {
        let process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a chatty process cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            exitCode: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
