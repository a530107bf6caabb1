#if canImport(Glibc)
import Glibc
#endif

/// What a client reports on stdout when its workload is done: one JSON line the harness reads.
/// Threads and RSS are measured by the harness from outside the process (/proc and wait4).
public struct ClientResult: Sendable {
    /// Seconds spent in the workload itself (process start-up excluded).
    public var seconds: Double
    /// Requests that completed with a 2xx status.
    public var succeeded: Int
    /// Requests that failed or answered otherwise.
    public var failed: Int
    /// Body bytes received (downloads) or sent (uploads).
    public var bytes: Int64

    public init(seconds: Double, succeeded: Int, failed: Int, bytes: Int64) {
        self.seconds = seconds
        self.succeeded = succeeded
        self.failed = failed
        self.bytes = bytes
    }

    /// Prints the JSON line and flushes stdout.
    public func print() {
        let line = #"{"seconds":\#(seconds),"succeeded":\#(succeeded),"failed":\#(failed),"bytes":\#(bytes)}"#
        Swift.print(line)
        fflush(nil)
    }
}

/// A monotonic stopwatch (CLOCK_MONOTONIC).
public struct Stopwatch: Sendable {
    private let start = Stopwatch.now()

    public init() {}

    /// Seconds since this stopwatch was made.
    public var elapsed: Double { Stopwatch.now() - start }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// The size of the file at `path`, or nil.
public func fileSize(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int64(info.st_size)
}
