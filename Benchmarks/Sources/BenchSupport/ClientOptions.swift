#if canImport(Glibc)
import Glibc
#endif

/// The workloads a client executable runs, one per process.
public enum Workload: String, Sendable {
    /// `count` sequential GETs of `url` on one keep-alive connection (after one warm-up request).
    case sequential
    /// As `sequential`, with the request loop on the transport's own executor (CurlTransport only).
    case sequentialOnExecutor = "sequential-executor"
    /// As `sequential`, each GET sent as an SDK client sends it: `APIClientCore.send` (retry policy,
    /// per-attempt timeout, logging) and the JSON body decoded, nothing opted into (CurlTransport only).
    case sequentialSDK = "sequential-sdk"
    /// `count` concurrent GETs of `url` (the server answers each after a delay).
    case concurrent
    /// One GET of `url` streamed to the file at `file`.
    case download
    /// One PUT of the file at `file` to `url`.
    case upload
}

/// The command line every client executable takes:
/// `--workload W --url U [--count N] [--file PATH] [--cacert PEM]`.
public struct ClientOptions: Sendable {
    public var workload: Workload
    public var url: String
    public var count: Int
    public var file: String
    /// A PEM file of CA certificates to trust (the nginx workloads' per-run CA), or nil.
    public var cacert: String?

    /// Parses `CommandLine.arguments`, exiting with status 2 and a message on bad input.
    public static func parse(_ arguments: [String] = CommandLine.arguments) -> ClientOptions {
        var values: [String: String] = [:]
        var index = 1
        while index + 1 < arguments.count {
            values[arguments[index]] = arguments[index + 1]
            index += 2
        }
        guard let workloadName = values["--workload"], let workload = Workload(rawValue: workloadName),
              let url = values["--url"] else {
            fail("usage: \(arguments.first ?? "client") --workload sequential|concurrent|download|upload --url URL [--count N] [--file PATH]")
        }
        return ClientOptions(workload: workload, url: url, count: Int(values["--count"] ?? "") ?? 1,
                             file: values["--file"] ?? "", cacert: values["--cacert"].flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// Prints `message` to stderr and exits with status 2.
public func fail(_ message: String) -> Never {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
