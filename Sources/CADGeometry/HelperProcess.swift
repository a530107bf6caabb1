#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program with `posix_spawn` (not Foundation's `Process`) and collects its output.
enum HelperProcess {
    /// How the helper ended and what it wrote.
    struct Outcome {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// Runs `executable` with `arguments` (stdin from /dev/null) and waits for it.
    static func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&out) == 0 else { throw failure("pipe") }
        guard pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            throw failure("pipe")
        }
        // Close-on-exec, so a helper started by another thread never inherits these pipes.
        for descriptor in out + err { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0]); close(err[0])
            throw GeometryError(.toolUnavailable, "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let (stdout, stderr) = drain(out[0], err[0])
        close(out[0])
        close(err[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(status: code, stdout: stdout, stderr: stderr)
    }

    /// Reads both pipes to their ends with poll, so neither can fill up and block the child.
    private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var results: [[UInt8]] = [[], []]
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open[0] || open[1] {
            var fds = [pollfd(fd: open[0] ? first : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: open[1] ? second : -1, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for k in 0..<2 where open[k] && fds[k].revents != 0 {
                let got = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
                if got > 0 { results[k] += buffer.prefix(got) }
                else if got == 0 || errno != EINTR { open[k] = false }
            }
        }
        return (results[0], results[1])
    }

    private static func failure(_ call: String) -> GeometryError {
        GeometryError(.toolUnavailable, "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
