import Foundation

/// Runs the client executables and the `curl` command, one process per run, and turns what they print
/// into `RunResult`s.
struct ClientRunner {
    let settings: Settings

    enum Failure: Error, CustomStringConvertible {
        case run(String)
        var description: String { switch self { case .run(let text): text } }
    }

    /// The executable of a Swift or C client.
    func executable(for peer: Peer) -> String? {
        switch peer {
        case .curlTransport, .curlTransportOnExecutor, .curlTransportSDK: settings.client("bench-client-transport")
        case .cFloor: settings.client("bench-client-c")
        case .urlSession: settings.client("bench-client-urlsession")
        case .asyncHTTPClient: settings.client("bench-client-ahc")
        default: nil
        }
    }

    /// Runs a client's workload and reads its JSON line.
    /// `wrapper` goes before the command (e.g. a namespace that trusts a per-run CA); `cacert` is passed on.
    func runClient(_ peer: Peer, workload: String, url: String, count: Int = 1, file: String = "",
                   cacert: String? = nil, wrapper: [String] = []) throws -> RunResult {
        guard let executable = executable(for: peer) else { throw Failure.run("\(peer.id) has no client executable") }
        let measurement = try runMeasured(wrapper + [executable, "--workload", workload, "--url", url,
                                                     "--count", String(count), "--file", file]
                                          + (cacert.map { ["--cacert", $0] } ?? []))
        guard measurement.exitStatus == 0,
              let line = measurement.stdout.split(separator: "\n").last,
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = (json["seconds"] as? NSNumber)?.doubleValue else {
            throw Failure.run("\(peer.id) \(workload) exited \(measurement.exitStatus): \(measurement.stderr)\(measurement.stdout)")
        }
        let result = RunResult(
            seconds: seconds, wallSeconds: measurement.wallSeconds,
            succeeded: (json["succeeded"] as? NSNumber)?.intValue ?? 0,
            failed: (json["failed"] as? NSNumber)?.intValue ?? 0,
            bytes: (json["bytes"] as? NSNumber)?.int64Value ?? 0,
            peakThreads: measurement.peakThreads, peakRSSKiB: measurement.peakRSSKiB)
        guard result.failed == 0, result.succeeded == count else {
            throw Failure.run("\(peer.id) \(workload): \(result.failed) of \(count) requests failed")
        }
        return result
    }

    /// Runs the `curl` command with `-w '%{time_total} %{size_download} %{size_upload} %{http_code}'`.
    func runCurl(_ arguments: [String]) throws -> RunResult {
        let measurement = try runMeasured(["/usr/bin/curl", "-s", "-S",
                                           "-w", "%{time_total} %{size_download} %{size_upload} %{http_code}"] + arguments)
        let fields = measurement.stdout.split(separator: " ")
        guard measurement.exitStatus == 0, fields.count == 4, let seconds = Double(fields[0]),
              let down = Int64(fields[1]), let up = Int64(fields[2]), let status = Int(fields[3]) else {
            throw Failure.run("curl \(redacted(arguments).joined(separator: " ")) exited \(measurement.exitStatus): \(measurement.stderr)")
        }
        let ok = (200..<300).contains(status)
        return RunResult(seconds: seconds, wallSeconds: measurement.wallSeconds, succeeded: ok ? 1 : 0,
                         failed: ok ? 0 : 1, bytes: max(down, up), peakThreads: measurement.peakThreads,
                         peakRSSKiB: measurement.peakRSSKiB)
    }

    /// Runs any command and measures the whole process.
    func runProcess(_ arguments: [String], environment: [String: String]? = nil) throws -> RunResult {
        let measurement = try runMeasured(arguments, environment: environment)
        guard measurement.exitStatus == 0 else {
            throw Failure.run("\(redacted(arguments).joined(separator: " ")) exited \(measurement.exitStatus): \(measurement.stderr)")
        }
        return RunResult(seconds: measurement.wallSeconds, wallSeconds: measurement.wallSeconds, succeeded: 1,
                         failed: 0, bytes: Int64(measurement.stdout.utf8.count),
                         peakThreads: measurement.peakThreads, peakRSSKiB: measurement.peakRSSKiB)
    }

    /// Runs `body` for every peer `settings.runs` times, round-robin (run 1 of each peer, then run 2, …)
    /// so that load from elsewhere on the machine spreads over all peers alike.
    func interleaved(_ peers: [Peer], runs: Int, _ body: (Peer) throws -> RunResult) -> [PeerResults] {
        var results = peers.map { PeerResults(peer: $0) }
        for run in 1...runs {
            for index in results.indices where results[index].failure == nil {
                do {
                    results[index].runs.append(try body(results[index].peer))
                } catch {
                    results[index].failure = "run \(run): \(error)"
                }
            }
            log("  run \(run)/\(runs) done")
        }
        return results
    }
}

/// Progress on stderr.
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// `arguments` with the values of credential headers (`-H 'Authorization: …'`, `-H 'x-api-key: …'`) masked,
/// for error messages and the report.
func redacted(_ arguments: [String]) -> [String] {
    arguments.map { argument in
        let lower = argument.lowercased()
        guard lower.hasPrefix("authorization:") || lower.hasPrefix("x-api-key:"),
              let colon = argument.firstIndex(of: ":") else { return argument }
        return argument[...colon] + " <redacted>"
    }
}
