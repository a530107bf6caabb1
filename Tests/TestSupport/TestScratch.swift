import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Scratch directories for tests, all under one root per test process (`$TMPDIR/cadctl-tests-PID`): the root is
/// removed when the process exits, and roots that killed test processes left behind are removed by the next one.
/// `CADCTL_KEEP_TEST_SCRATCH=1` keeps them (to look at what a failing test wrote).
public enum TestScratch {
    private static let prefix = "cadctl-tests-"

    /// The temporary directory, without a trailing slash.
    private static var base: String {
        var base = NSTemporaryDirectory()
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        return base
    }

    private static func rootPath(of process: pid_t) -> String { base + "/" + prefix + String(process) }

    /// This process's root, made (and the stale roots removed) on first use.
    private static let root: String = {
        removeStaleRoots()
        let root = rootPath(of: getpid())
        mkdir(root, 0o700)
        if ProcessInfo.processInfo.environment["CADCTL_KEEP_TEST_SCRATCH"] != "1" {
            atexit { try? FileManager.default.removeItem(atPath: TestScratch.rootPath(of: getpid())) }
        }
        return root
    }()

    /// Removes the roots of test processes that are gone.
    private static func removeStaleRoots() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            guard let process = pid_t(name.dropFirst(prefix.count)), process > 0, process != getpid() else { continue }
            if kill(process, 0) != 0, errno == ESRCH { try? FileManager.default.removeItem(atPath: base + "/" + name) }
        }
    }

    /// A new, empty directory `LABEL-UUID` under this process's root.
    public static func directory(_ label: String) throws -> URL {
        let url = URL(fileURLWithPath: root).appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `body` with a new, empty directory (``directory(_:)``), removed afterwards.
    public static func withDirectory<T>(_ label: String, _ body: (String) throws -> T) throws -> T {
        let path = try directory(label).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }
}
