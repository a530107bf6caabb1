import Foundation

/// Workloads 6–9: the transport against its peers over TLS 1.3, against nginx (see `NginxServer`), with
/// HTTP/2 where the client and port allow it. The bench server stays the upstream of `/slow` and `/upload`.
struct TLSWorkloads {
    let settings: Settings
    let runner: ClientRunner
    let nginx: NginxServer

    /// The document of `/small` (the bench server's, byte for byte).
    static let smallJSON = #"{"id":"job_01HZX3B9Q4","status":"running","progress":0.42,"#
        + #""created_at":"2026-11-24T05:00:00Z","updated_at":"2026-11-24T05:00:07Z","#
        + #""artifacts":[],"next_poll_after_ms":2000}"#

    /// Runs every TLS workload against a fresh nginx whose upstream is the bench server at `upstreamPort`.
    static func run(settings: Settings, runner: ClientRunner, upstreamPort: String) -> [WorkloadSection] {
        log("TLS workloads: starting nginx (per-run CA, TLS 1.3, HTTP/2 and HTTP/1.1 ports)")
        let nginx: NginxServer
        do {
            nginx = try NginxServer(upstreamPort: upstreamPort, smallBody: smallJSON,
                                    bigFileBytes: settings.downloadBytes, scratch: settings.scratch)
        } catch {
            return [WorkloadSection(title: "6–9. TLS workloads against nginx",
                                    description: "Not measured: nginx did not start: \(error)", table: [])]
        }
        defer { nginx.stop() }
        let workloads = TLSWorkloads(settings: settings, runner: runner, nginx: nginx)
        var sections: [WorkloadSection] = []
        if settings.includes(.sequential) { sections.append(workloads.sequential()) }
        if settings.includes(.polls) {
            sections += [workloads.concurrent(http2: true), workloads.concurrent(http2: false)]
        }
        return sections + workloads.bulk()
    }

    /// URLSession on Linux takes its CAs only from the system bundle: it runs in a user and mount namespace
    /// (`unshare -rm`, no privilege needed) where the per-run CA is bind-mounted over that bundle.
    private var urlSessionWrapper: [String] {
        ["/usr/bin/unshare", "-rm", "/bin/sh", "-c",
         "mount --bind \"$0\" /etc/ssl/certs/ca-certificates.crt && exec \"$@\"", nginx.caPath]
    }

    private func runPeer(_ peer: Peer, workload: String, url: String, count: Int = 1, file: String = "") throws -> RunResult {
        try runner.runClient(peer, workload: workload, url: url, count: count, file: file, cacert: nginx.caPath,
                             wrapper: peer == .urlSession ? urlSessionWrapper : [])
    }

    /// 6. Sequential small GETs over TLS on one kept-alive connection (HTTP/2 port: every libcurl-based
    /// client and AsyncHTTPClient negotiate HTTP/2 there).
    func sequential() -> WorkloadSection {
        let count = settings.sequentialRequests
        let url = nginx.h2BaseURL + "/small"
        log("workload 6: \(count) sequential GETs over TLS, \(settings.runs) runs")
        let peers: [Peer] = [.cFloor, .curlTransport, .curlTransportSDK, .curlTransportOnExecutor, .urlSession,
                             .asyncHTTPClient]
        let results = runner.interleaved(peers, runs: settings.runs) { peer in
            try runPeer(peer, workload: peer.sequentialWorkload, url: url, count: count)
        }
        func rate(_ run: RunResult) -> Double { Double(run.succeeded) / run.seconds }
        let byPeer = Dictionary(uniqueKeysWithValues: results.map { ($0.peer, $0) })
        var table = [["Client", "Requests/s, median (min–max)", "÷ C floor, per run: median (min–max)", "Peak threads", "Peak RSS"]]
        for result in results {
            table.append([result.titleCell, result.summary(rate)?.text(Format.integer) ?? "–",
                          perRunRatio(result, byPeer[.cFloor], rate)?.text(Format.ratio) ?? "–",
                          result.threadsCell(), result.rssCell()])
        }
        let share = perRunRatio(byPeer[.curlTransport], byPeer[.cFloor], rate)
        return WorkloadSection(
            title: "6. Sequential small JSON GETs over TLS 1.3 (\(count), one kept-alive connection, nginx)",
            description: "As workload 1, against nginx on its HTTP/2 port (TLS 1.3, ALPN h2 and http/1.1; the "
                + "libcurl clients and AsyncHTTPClient speak HTTP/2 there). The ratio is taken run by run (run i of "
                + "a client against run i of the C floor, which ran just before it), then the median of those.",
            table: table,
            checks: [check(6, "2,000 sequential GETs over TLS: CurlTransport ≥ 0.9× the C floor, by default",
                           share, Format.ratio) { $0 >= 0.9 },
                     check(6, "the same through the SDK's default path (`APIClientCore.send` + decode) ≥ 0.9×",
                           perRunRatio(byPeer[.curlTransportSDK], byPeer[.cFloor], rate), Format.ratio) { $0 >= 0.9 }])
    }

    /// 7/8. 1,000 concurrent polls over TLS, HTTP/2 (one connection) or HTTP/1.1 (a connection each).
    func concurrent(http2: Bool) -> WorkloadSection {
        let count = settings.concurrentPolls
        let ideal = Double(settings.slowMilliseconds) / 1000
        let base = http2 ? nginx.h2BaseURL : nginx.h1BaseURL
        let url = "\(base)/slow?ms=\(settings.slowMilliseconds)"
        let number = http2 ? 7 : 8
        let protocolName = http2 ? "HTTP/2" : "HTTP/1.1"
        log("workload \(number): \(count) concurrent polls over TLS + \(protocolName), \(settings.runs) runs")
        let peers: [Peer] = [.curlTransport, .curlCommand, .asyncHTTPClient, .urlSession]
        var handshakes: [Peer: [NginxServer.Handshakes]] = [:]
        let results = runner.interleaved(peers, runs: settings.runs) { peer in
            let offset = nginx.logOffset()
            let run = peer == .curlCommand
                ? try curlParallel(url: url, count: count)
                : try runPeer(peer, workload: "concurrent", url: url, count: count)
            // nginx buffers its log for up to 100 ms; the requests are complete, their lines follow.
            waitForLog(lines: count, since: offset)
            handshakes[peer, default: []].append(nginx.handshakes(since: offset))
            return run
        }
        var table = [["Client", "Wall time, median (min–max)", "÷ ideal (\(settings.slowMilliseconds) ms)",
                      "TLS handshakes (resumed)", "Peak threads", "Peak RSS"]]
        for result in results {
            let wall = result.summary { $0.seconds }
            let shakes = handshakes[result.peer] ?? []
            let connections = Summary(shakes.map { Double($0.connections) })
            let resumed = Summary(shakes.map { Double($0.resumed) })
            table.append([result.titleCell, wall?.text(Format.ms) ?? "–",
                          wall.map { Format.ratio($0.median / ideal) } ?? "–",
                          connections.map { "\(Format.integer($0.median)) (\(Format.integer(resumed?.median ?? 0)))" } ?? "–",
                          result.threadsCell(), result.rssCell()])
        }
        let transport = results.first { $0.peer == .curlTransport }
        let wall = transport?.summary { $0.seconds }
        let ratioToIdeal = wall.map { Summary([$0.median / ideal, $0.min / ideal, $0.max / ideal]) } ?? nil
        let shakes = handshakes[.curlTransport] ?? []
        let connections = Summary(shakes.map { Double($0.connections) })
        let unresumed = Summary(shakes.map { Double($0.connections - $0.resumed) })
        var checks: [TargetCheck]
        if http2 {
            let threads = transport?.summary { Double($0.peakThreads) }
            let rss = transport?.summary { Double($0.peakRSSKiB) }
            let bestPeer = results.filter { $0.peer != .curlTransport }
                .compactMap { $0.summary { $0.seconds }?.median }.min()
            checks = [
                check(7, "1,000 concurrent polls, TLS + HTTP/2: ≤ 1.25× the ideal wall time", ratioToIdeal, Format.ratio) { $0 <= 1.25 },
                check(7, "… TLS + HTTP/2: 1 TLS handshake", connections, Format.integer) { $0 <= 1 },
                check(7, "… TLS + HTTP/2: ≤ 8 threads", threads, Format.integer) { $0 <= 8 },
                check(7, "… TLS + HTTP/2: ≤ 64 MB peak RSS", rss, Format.mib) { $0 * 1024 <= 64_000_000 },
                TargetCheck(workload: 7, target: "… TLS + HTTP/2: faster than every peer",
                            measured: wall.map { Format.ms($0.median) } ?? "–",
                            met: wall.flatMap { mine in bestPeer.map { mine.median < $0 } },
                            range: bestPeer.map { "best peer \(Format.ms($0))" } ?? "–"),
            ]
        } else {
            checks = [
                check(8, "1,000 concurrent polls, TLS + HTTP/1.1: ≤ 1.5× the ideal wall time", ratioToIdeal, Format.ratio) { $0 <= 1.5 },
                check(8, "… TLS + HTTP/1.1: TLS handshakes ≤ the connection cap (1,024)", connections, Format.integer) { $0 <= 1024 },
                check(8, "… TLS + HTTP/1.1: full handshakes (not resumed): only the first", unresumed, Format.integer) { $0 <= 1 },
            ]
        }
        return WorkloadSection(
            title: "\(number). \(count) concurrent polls over TLS 1.3 + \(protocolName), each answered after \(settings.slowMilliseconds) ms (nginx)",
            description: "As workload 2, through nginx on its \(protocolName) port (`/slow` is proxied to the bench "
                + "server, which answers 200 ms later). `curl` is `curl --parallel --parallel-max 300` with the "
                + "\(count) URLs on one command line (300 is curl's ceiling for transfers in flight), timed as a "
                + "whole process. TLS handshakes are counted by nginx: distinct connections in its access log for "
                + "the run, and how many of them resumed a TLS session (`$ssl_session_reused`)."
                + (http2 ? " nginx allows 1,024 concurrent streams per connection here (its default is 128)." : ""),
            table: table, checks: checks)
    }

    /// 9a/9b. A large download and an upload over TLS (those `BENCH_ONLY` selects).
    func bulk() -> [WorkloadSection] {
        guard settings.includesAny(.download, .upload) else { return [] }
        let scratch = settings.scratch
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let source = scratch.appendingPathComponent("tls-upload-source.bin").path
        let target = scratch.appendingPathComponent("tls-download.bin").path
        if settings.includes(.upload) { try? PseudoRandomFile.write(at: source, bytes: settings.uploadBytes) }
        defer {
            try? FileManager.default.removeItem(atPath: source)
            try? FileManager.default.removeItem(atPath: target)
        }
        let peers: [Peer] = [.curlCommand, .cFloor, .curlTransport, .urlSession, .asyncHTTPClient]
        var sections: [WorkloadSection] = []
        if settings.includes(.download) {
            let downloadURL = nginx.h2BaseURL + "/big"
            log("workload 9a: \(settings.downloadBytes >> 20) MiB download over TLS, \(settings.runs) runs")
            let downloads = runner.interleaved(peers, runs: settings.runs) { peer in
                defer { try? FileManager.default.removeItem(atPath: target) }
                let run = peer == .curlCommand
                    ? try runner.runCurl(["--cacert", nginx.caPath, "-o", target, downloadURL])
                    : try runPeer(peer, workload: "download", url: downloadURL, file: target)
                let size = fileSize(target)
                guard size == settings.downloadBytes else {
                    throw ClientRunner.Failure.run("\(peer.id) wrote \(size.map(String.init) ?? "no file") bytes, expected \(settings.downloadBytes)")
                }
                return run
            }
            sections.append(bulkSection(number: "9a", title: "\(settings.downloadBytes >> 20) MiB download over TLS 1.3 to disk (nginx, HTTP/2 port)",
                                        results: downloads, bytes: settings.downloadBytes, workload: "download over TLS"))
        }
        guard settings.includes(.upload) else { return sections }
        let uploadURL = nginx.h2BaseURL + "/upload"
        log("workload 9b: \(settings.uploadBytes >> 20) MiB upload over TLS, \(settings.runs) runs")
        let uploads = runner.interleaved(peers, runs: settings.runs) { peer in
            peer == .curlCommand
                ? try runner.runCurl(["--cacert", nginx.caPath, "-T", source, "-o", "/dev/null", uploadURL])
                : try runPeer(peer, workload: "upload", url: uploadURL, file: source)
        }
        return sections + [
            bulkSection(number: "9b", title: "\(settings.uploadBytes >> 20) MiB upload over TLS 1.3 from disk (PUT; nginx, HTTP/2 port)",
                        results: uploads, bytes: settings.uploadBytes, workload: "upload over TLS"),
        ]
    }

    private func bulkSection(number: String, title: String, results: [PeerResults], bytes: Int64, workload: String) -> WorkloadSection {
        func throughput(_ run: RunResult) -> Double { Double(bytes) / run.seconds / 1_000_000 }
        let byPeer = Dictionary(uniqueKeysWithValues: results.map { ($0.peer, $0) })
        var table = [["Client", "MB/s, median (min–max)", "÷ `curl`, per run: median (min–max)", "Peak threads", "Peak RSS"]]
        for result in results {
            table.append([result.titleCell, result.summary(throughput)?.text { Format.fixed($0, 0) } ?? "–",
                          perRunRatio(result, byPeer[.curlCommand], throughput)?.text(Format.ratio) ?? "–",
                          result.threadsCell(), result.rssCell()])
        }
        let transport = byPeer[.curlTransport]
        let share = perRunRatio(transport, byPeer[.curlCommand], throughput)
        let rss = transport?.summary { Double($0.peakRSSKiB) }
        return WorkloadSection(
            title: "\(number). \(title)",
            description: "As workload 3, through nginx (TLS 1.3; the libcurl clients and AsyncHTTPClient negotiate "
                + "HTTP/2). nginx serves the download from a file with sendfile; the upload is streamed to the bench "
                + "server (`proxy_request_buffering off`), which discards it.",
            table: table,
            checks: [
                check(9, "\(workload): CurlTransport ≥ 0.95× `curl`", share, Format.ratio) { $0 >= 0.95 },
                check(9, "\(workload): CurlTransport ≤ 32 MB peak RSS", rss, Format.mib) { $0 * 1024 <= 32_000_000 },
            ])
    }

    /// `curl --parallel` fetching `url` `count` times in one process; succeeded = 2xx answers.
    private func curlParallel(url: String, count: Int) throws -> RunResult {
        let arguments = ["/usr/bin/curl", "-s", "-S", "--cacert", nginx.caPath, "--parallel", "--parallel-max", "300",
                         "-w", "%{http_code}\\n", "-o", "/dev/null"]
            + Array(repeating: ["-o", "/dev/null", url], count: count).flatMap { $0 }.dropFirst(2)
        let measurement = try runMeasured(arguments)
        let ok = measurement.stdout.split(separator: "\n").filter { $0.hasPrefix("2") }.count
        guard measurement.exitStatus == 0, ok == count else {
            throw ClientRunner.Failure.run("curl --parallel: \(ok) of \(count) answered 2xx, exit \(measurement.exitStatus): \(measurement.stderr.prefix(300))")
        }
        return RunResult(seconds: measurement.wallSeconds, wallSeconds: measurement.wallSeconds, succeeded: ok,
                         failed: 0, bytes: 0, peakThreads: measurement.peakThreads, peakRSSKiB: measurement.peakRSSKiB)
    }

    /// Waits (up to a second) until nginx has logged `lines` requests after `offset`: it buffers its log.
    private func waitForLog(lines: Int, since offset: Int) {
        let deadline = monotonicSeconds() + 1
        while monotonicSeconds() < deadline {
            if nginx.loggedRequests(since: offset) >= lines { return }
            usleep(20_000)
        }
    }
}

/// `figure(a) ÷ figure(b)` run by run (the runs are interleaved, so run i of both shared the same moment).
func perRunRatio(_ a: PeerResults?, _ b: PeerResults?, _ figure: (RunResult) -> Double) -> Summary? {
    guard let a, let b else { return nil }
    return Summary(zip(a.runs, b.runs).compactMap { quotient(figure($0), figure($1)) })
}

/// A target check from a summary: the median decides, the range is shown.
func check(_ workload: Int, _ target: String, _ summary: Summary?, _ format: (Double) -> String,
           met: (Double) -> Bool) -> TargetCheck {
    TargetCheck(workload: workload, target: target, measured: summary.map { format($0.median) } ?? "–",
                met: summary.map { met($0.median) }, range: summary.map { "\(format($0.min))–\(format($0.max))" } ?? "–")
}
