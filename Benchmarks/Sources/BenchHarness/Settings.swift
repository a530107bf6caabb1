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
    /// `BENCH_ONLY`: the kinds of workload to run (comma-separated names of `WorkloadKind`), or nil for all.
    var only: Set<WorkloadKind>?

    /// Whether this run includes workloads of `kind` (`BENCH_ONLY`).
    func includes(_ kind: WorkloadKind) -> Bool { only?.contains(kind) ?? true }

    /// Whether this run includes any of `kinds`.
    func includesAny(_ kinds: WorkloadKind...) -> Bool { kinds.contains(where: includes) }

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
        var only: Set<WorkloadKind>?
        if let names = environment["BENCH_ONLY"], !names.isEmpty {
            only = Set(names.split(separator: ",").map { name in
                guard let kind = WorkloadKind(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    log("cadctl-bench: BENCH_ONLY names an unknown workload \"\(name)\"; use a comma-separated list of "
                        + WorkloadKind.allCases.map(\.rawValue).joined(separator: ", "))
                    exit(2)
                }
                return kind
            })
        }
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
            command: environment["BENCH_COMMAND"] ?? (quick ? "BENCH_QUICK=1 make bench" : "make bench"),
            only: only)
    }

    func client(_ name: String) -> String { binaries.appendingPathComponent(name).path }
    var cadctl: String { root.appendingPathComponent(".build/release/cadctl").path }
    var sandbox: String { root.appendingPathComponent(".build/release/cad-sandbox").path }
}

/// The kinds of workload `BENCH_ONLY` can select (each covers its plain-loopback and its TLS workload).
enum WorkloadKind: String, CaseIterable, Sendable {
    /// 1 and 6: sequential small GETs.
    case sequential
    /// 2, 7 and 8: concurrent polls.
    case polls
    /// 3a and 9a: the large download.
    case download
    /// 3b and 9b: the upload.
    case upload
    /// 4: process start-up and `cadctl jobs get` against the sandbox.
    case startup
    /// 5: the pollers' request counts against the sandbox.
    case polling
    /// 10: `cadctl jobs get` over TLS.
    case tlsProcess = "tls-process"
    /// 11: inspect and preview.
    case geometry
    /// 12: `cadctl sync`.
    case sync
}
