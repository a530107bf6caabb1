import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one child process did, measured from outside it.
struct ChildMeasurement: Sendable {
    /// Wall time from spawn to exit.
    var wallSeconds: Double
    /// The most threads /proc/PID/status showed while it ran (sampled every few milliseconds).
    var peakThreads: Int
    /// Its peak resident set (wait4's ru_maxrss), in KiB.
    var peakRSSKiB: Int
    /// Its exit status (128 + signal when killed by one).
    var exitStatus: Int32
    /// What it printed on stdout.
    var stdout: String
    /// What it printed on stderr (truncated).
    var stderr: String
}

enum ChildProcessError: Error, CustomStringConvertible {
    case spawn(String, Int32)
    var description: String {
        switch self {
        case .spawn(let path, let code): "cannot start \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Runs `arguments` (arguments[0] is the executable's path) to completion with stdout and stderr sent to
/// temporary files, sampling its thread count from /proc while it runs.
func runMeasured(_ arguments: [String], environment: [String: String]? = nil,
                 sampleInterval: useconds_t = 2_000) throws -> ChildMeasurement {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-bench-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let outPath = scratch.appendingPathComponent("stdout").path
    let errPath = scratch.appendingPathComponent("stderr").path

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }

    let start = monotonicSeconds()
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], &actions, nil, &argv, &envp)
    guard code == 0 else { throw ChildProcessError.spawn(arguments[0], code) }

    var peakThreads = 0
    var status: Int32 = 0
    var usage = rusage()
    let statusPath = "/proc/\(pid)/status"
    while true {
        let reaped = wait4(pid, &status, WNOHANG, &usage)
        if reaped == pid { break }
        if reaped < 0 && errno != EINTR { break }
        if let threads = threadsIn(statusPath) { peakThreads = max(peakThreads, threads) }
        usleep(sampleInterval)
    }
    let wall = monotonicSeconds() - start
    let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let stdoutText = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderrText = String(((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "").prefix(2_000))
    return ChildMeasurement(wallSeconds: wall, peakThreads: max(peakThreads, 1), peakRSSKiB: Int(usage.ru_maxrss),
                            exitStatus: exitStatus, stdout: stdoutText, stderr: stderrText)
}

/// The `Threads:` line of a /proc status file.
private func threadsIn(_ path: String) -> Int? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }) else { return nil }
    return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces))
}

/// CLOCK_MONOTONIC in seconds.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A server process the harness starts and stops: it prints a line with its address, then runs until its
/// stdin closes or it is sent SIGTERM.
///
/// Started with `posix_spawn`, not Foundation's `Process`, whose `run()` on Linux can crash the caller
/// (swiftlang/swift-corelibs-foundation#5472; the tests avoid it the same way, see `CADTestSupport`).
final class BackgroundServer {
    let pid: pid_t
    private let stdinWrite: Int32
    /// Lines the server printed on stdout before it was ready (e.g. `port=12345`).
    private(set) var readyLines: [String] = []

    /// Starts `executable` and reads stdout until a line satisfies `isReady`.
    init(executable: String, arguments: [String], stderrPath: String? = nil,
         isReady: (String) -> Bool) throws {
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&output) == 0 else { throw ChildProcessError.spawn(executable, errno) }
        // Our ends must not leak into the child (it would then never see its stdin close).
        _ = fcntl(input[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(output[0], F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addclose(&actions, input[0])
        posix_spawn_file_actions_addclose(&actions, output[1])
        let env = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, &argv, &envp)
        close(input[0])
        close(output[1])
        guard code == 0 else {
            close(input[1])
            close(output[0])
            throw ChildProcessError.spawn(executable, code)
        }
        self.pid = pid
        stdinWrite = input[1]
        defer { close(output[0]) }

        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                stop()
                throw ChildProcessError.spawn(executable, EPIPE)
            }
            pending.append(contentsOf: buffer[0..<count])
            let text = String(decoding: pending, as: UTF8.self)
            let lines = text.split(separator: "\n").map(String.init)
            if text.hasSuffix("\n") || lines.count > 1 {
                readyLines = lines
                if lines.contains(where: isReady) { break }
            }
        }
    }

    /// Closes stdin, sends SIGTERM and waits.
    func stop() {
        close(stdinWrite)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
