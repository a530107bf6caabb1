import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes for tests, started with `posix_spawn` rather than Foundation's `Process`.
///
/// Foundation's `Process.run()` on Linux (swift-corelibs-foundation up to Swift 6.3.1) reads past a
/// `dirent` while it lists `/proc/self/fd`, and crashes the whole test process now and then
/// (swiftlang/swift-corelibs-foundation#5472: a SIGSEGV in `memcpy` under `Process.run`, seen here in a
/// `make test` run). This spawns directly: pipes are created close-on-exec, so one child never holds
/// another's, every other descriptor is closed in the child, and waiting happens on a thread of its own,
/// never on the concurrency pool.
public enum ChildProcess {
    /// How a child ended and what it wrote.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it.
        public var exitCode: Int32
        /// Everything it wrote to standard output.
        public var stdout: Data
        /// Everything it wrote to standard error.
        public var stderr: Data
    }

    /// A failure to start a child.
    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` to completion, blocking the calling thread (call it off the concurrency pool,
    /// or use `run(_:_:environment:directory:stdin:)`).
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; this process's when `nil`.
    ///   - directory: the child's working directory; this process's when `nil`.
    ///   - stdin: written to the child's standard input, which is then closed; `/dev/null` when `nil`.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        directory: String? = nil, stdin: Data? = nil
    ) throws -> Outcome {
        let input = stdin.map { _ in Pipe2() }
        let output = Pipe2(), errors = Pipe2()
        let pid = try spawn(
            executable, arguments, environment: environment, directory: directory,
            stdin: input?.read, stdout: output.write, stderr: errors.write)
        if let input { close(input.read) }
        close(output.write)
        close(errors.write)
        if let input, let stdin {
            ignoreBrokenPipes
            Thread.detachNewThread {
                writeAll(stdin, to: input.write)
                close(input.write)
            }
        }
        // Both pipes are drained before waiting, so a chatty child never blocks on a full pipe.
        let errorsRead = ReadToEnd(errors.read)
        let out = readToEnd(output.read)
        let err = errorsRead.wait()
        close(output.read)
        close(errors.read)
        return Outcome(exitCode: waitForExit(pid), stdout: out, stderr: err)
    }

    /// Runs `executable` to completion on a thread of its own and returns its outcome.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        directory: String? = nil, stdin: Data? = nil
    ) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, environment: environment, directory: directory, stdin: stdin)
                })
            }
        }
    }

    /// A child left running (a server): its pid and the read end of its standard output.
    public struct Running: Sendable {
        /// The child's process id.
        public let pid: pid_t
        /// The read end of its standard output.
        public let stdout: Int32

        /// The first line of its standard output that contains `marker`, or `nil` when the output ends
        /// first; read on a thread of its own.
        public func line(containing marker: String) async -> String? {
            let descriptor = stdout
            return await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    var pending: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 512)
                    while true {
                        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                        if count < 0 && errno == EINTR { continue }
                        guard count > 0 else { return continuation.resume(returning: nil) }
                        pending += buffer[0..<count]
                        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                            let line = String(decoding: pending[..<newline], as: UTF8.self)
                            pending.removeSubrange(...newline)
                            if line.contains(marker) { return continuation.resume(returning: line) }
                        }
                    }
                }
            }
        }

        /// Sends `signal` to the child and reaps it (`SIGKILL`: an end it cannot clean up after).
        public func end(with signal: Int32) {
            kill(pid, signal)
            _ = ChildProcess.waitForExit(pid)
            close(stdout)
        }

        /// Ends the child (`SIGTERM`) and reaps it.
        public func stop() {
            kill(pid, SIGTERM)
            _ = ChildProcess.waitForExit(pid)
            close(stdout)
        }
    }

    /// Starts `executable` and leaves it running, its standard output readable through `Running` (with
    /// `environment`, in `directory`, when given).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil
    ) throws -> Running {
        let output = Pipe2()
        let pid = try spawn(executable, arguments, environment: environment, directory: directory,
                            stdin: nil, stdout: output.write, stderr: nil)
        close(output.write)
        return Running(pid: pid, stdout: output.read)
    }

    /// A child whose standard input and output stay open to this process (a stdio protocol server).
    public struct Interactive: Sendable {
        /// The child's process id.
        public let pid: pid_t
        /// The write end of its standard input (close it to send end-of-file).
        public let stdin: Int32
        /// The read end of its standard output.
        public let stdout: Int32
        private let errors: ReadToEnd

        fileprivate init(pid: pid_t, stdin: Int32, stdout: Int32, errors: ReadToEnd) {
            self.pid = pid
            self.stdin = stdin
            self.stdout = stdout
            self.errors = errors
        }

        /// Waits for the child to exit (on a thread of its own) and returns its status and standard error.
        public func exit() async -> (code: Int32, stderr: Data) {
            let pid = pid, errors = errors
            return await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    let code = ChildProcess.waitForExit(pid)
                    continuation.resume(returning: (code, errors.wait()))
                }
            }
        }

        /// Ends the child (`SIGKILL`) when it is still running; for clean-up after a failed test.
        public func kill() {
            _ = Glibc.kill(pid, SIGKILL)
        }
    }

    /// Starts `executable` with pipes to its standard input and output; standard error is collected and
    /// returned by `Interactive.exit()`. The caller closes `stdin` and `stdout` when done.
    public static func startInteractive(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil
    ) throws -> Interactive {
        ignoreBrokenPipes
        let input = Pipe2(), output = Pipe2(), errors = Pipe2()
        let pid = try spawn(
            executable, arguments, environment: environment, directory: directory,
            stdin: input.read, stdout: output.write, stderr: errors.write)
        close(input.read)
        close(output.write)
        close(errors.write)
        return Interactive(pid: pid, stdin: input.write, stdout: output.read, errors: ReadToEnd(errors.read))
    }

    /// Runs `executable` with every standard stream on `/dev/null` and waits for it on a thread of its own.
    /// For a command that leaves a daemon behind (`tmux new-session -d`): a daemon holding a pipe of ours
    /// would keep a read from ever ending.
    public static func runDetached(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    let pid = try spawn(executable, arguments, environment: environment, directory: nil,
                                        stdin: nil, stdout: nil, stderr: nil)
                    return waitForExit(pid)
                })
            }
        }
    }

    // MARK: - Spawning

    /// `posix_spawn_file_actions_addclosefrom_np` and `…_addchdir_np` are glibc extensions that Swift's
    /// Glibc module does not declare; they are looked up by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let closeFrom: CloseFrom? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            .map { unsafeBitCast($0, to: CloseFrom.self) }
    private static let changeDirectory: ChangeDirectory? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
            .map { unsafeBitCast($0, to: ChangeDirectory.self) }

    private static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String]?, directory: String?,
        stdin: Int32?, stdout: Int32?, stderr: Int32?
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, STDIN_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        }
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        }
        if let stderr {
            posix_spawn_file_actions_adddup2(&actions, stderr, STDERR_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
        _ = closeFrom?(&actions, 3)
        if let directory {
            guard let changeDirectory else { throw SpawnError(description: "posix_spawn cannot change directory here") }
            _ = changeDirectory(&actions, directory)
        }
        // A clean signal mask and default handlers, whatever the spawning thread had.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    // MARK: - Descriptors

    /// A child that exits without reading all its input makes our write fail with `EPIPE`; without this the
    /// `SIGPIPE` would end the whole test process instead.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// A pipe whose two ends are close-on-exec (`dup2` in the child clears the flag on the copy). Swift's
    /// Glibc module has no `pipe2`; a child spawned by another thread between `pipe` and `fcntl` still gets
    /// neither end, because every child closes all descriptors above 2 (`addclosefrom_np`).
    private struct Pipe2 {
        let read: Int32
        let write: Int32
        init() {
            var descriptors: [Int32] = [-1, -1]
            _ = pipe(&descriptors)
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            read = descriptors[0]
            write = descriptors[1]
        }
    }

    /// Reads `descriptor` to its end on a thread of its own.
    fileprivate final class ReadToEnd: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ descriptor: Int32) {
            Thread.detachNewThread { [self] in
                data = ChildProcess.readToEnd(descriptor)
                done.signal()
            }
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }

    private static func readToEnd(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return data }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Waits for `pid` and returns its exit status (128 + signal when a signal ended it).
    static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
