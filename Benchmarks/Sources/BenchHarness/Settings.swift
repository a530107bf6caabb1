import Foundation

/// Sizes, counts and paths of one benchmark run (`BENCH_QUICK=1` shrinks the sizes for a smoke run).
struct Settings: Sendable {
    var quick: Bool
    /// Repetitions of every measurement.
    var runs: Int
    /// Repetitions of the whole-process measurements of workload 4 (cheap, noisier).
    var processRuns: Int
    var sequentialRequests: Int
    var concurrentPolls: Int
    var slowMilliseconds: Int
    var downloadBytes: Int64
    var uploadBytes: Int64
    /// The repository root (BENCHMARKS.md goes there; cadctl and cad-sandbox are in its .build/release).
    var root: URL
    /// Where the bench executables are (next to this harness).
    var binaries: URL
    /// Where downloads and the upload source go.
    var scratch: URL
    /// The report file.
    var output: URL
    /// The command that produced the report, for the report.
    var command: String

    static func fromEnvironment() -> Settings {
        let environment = ProcessInfo.processInfo.environment
        let quick = environment["BENCH_QUICK"].map { $0 != "0" && !$0.isEmpty } ?? false
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binaries = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                           ?? executable.path).deletingLastPathComponent()
        // Benchmarks/.build/<triple>/release/cadctl-bench → the repository root, unless BENCH_ROOT says.
        let root = environment["BENCH_ROOT"].map { URL(fileURLWithPath: $0) }
            ?? binaries.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
        let runs = Int(environment["BENCH_RUNS"] ?? "") ?? (quick ? 3 : 5)
        return Settings(
            quick: quick,
            runs: max(1, runs),
            processRuns: quick ? 10 : 30,
            sequentialRequests: quick ? 300 : 2_000,
            concurrentPolls: quick ? 200 : 1_000,
            slowMilliseconds: 200,
            downloadBytes: quick ? 64 << 20 : 1 << 30,
            uploadBytes: quick ? 32 << 20 : 256 << 20,
            root: root,
            binaries: binaries,
            scratch: root.appendingPathComponent("Benchmarks/.build/bench-scratch"),
            output: environment["BENCH_OUTPUT"].map { URL(fileURLWithPath: $0) }
                ?? root.appendingPathComponent("BENCHMARKS.md"),
            command: environment["BENCH_COMMAND"] ?? (quick ? "BENCH_QUICK=1 make bench" : "make bench"))
    }

    func client(_ name: String) -> String { binaries.appendingPathComponent(name).path }
    var cadctl: String { root.appendingPathComponent(".build/release/cadctl").path }
    var sandbox: String { root.appendingPathComponent(".build/release/cad-sandbox").path }
}
