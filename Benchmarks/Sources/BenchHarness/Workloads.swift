import Foundation

/// Workloads 1–3: the transport against its peers on the bench server.
struct TransportWorkloads {
    let settings: Settings
    let runner: ClientRunner
    let baseURL: String

    /// 1. Sequential small JSON GETs on one keep-alive connection.
    func sequential() -> WorkloadSection {
        let count = settings.sequentialRequests
        log("workload 1: \(count) sequential GETs, \(settings.runs) runs")
        let peers: [Peer] = [.cFloor, .curlTransport, .curlTransportSDK, .curlTransportOnExecutor, .urlSession,
                             .asyncHTTPClient]
        let results = runner.interleaved(peers, runs: settings.runs) { peer in
            try runner.runClient(peer, workload: peer.sequentialWorkload, url: "\(baseURL)/small", count: count)
        }
        func rate(_ run: RunResult) -> Double { Double(run.succeeded) / run.seconds }
        let medians = Dictionary(uniqueKeysWithValues: results.compactMap { result in
            result.summary(rate).map { (result.peer, $0.median) }
        })
        var table = [["Client", "Requests/s, median (min–max)", "vs C floor", "CurlTransport ÷ this", "Peak threads", "Peak RSS"]]
        for result in results {
            let median = medians[result.peer]
            table.append([
                result.titleCell,
                result.summary(rate)?.text(Format.integer) ?? "–",
                ratio(median, medians[.cFloor]),
                ratio(medians[.curlTransport], median),
                result.threadsCell(), result.rssCell(),
            ])
        }
        let transport = medians[.curlTransport]
        let onExecutor = medians[.curlTransportOnExecutor]
        let sdk = medians[.curlTransportSDK]
        return WorkloadSection(
            title: "1. Sequential small JSON GETs (\(count), one keep-alive connection)",
            description: "Each client opens the connection with one warm-up request, then times \(count) GETs of a "
                + "\(BenchSmallBody.size)-byte JSON document one after another, each awaited before the next. "
                + "CurlTransport runs three times: `transport.send` as any caller uses it; the SDK's default "
                + "path, each GET sent through `APIClientCore.send` (retry policy, per-attempt timeout, logging) "
                + "and its JSON decoded, as a provider client does, nothing opted into; and the raw loop inside "
                + "`withTaskExecutorPreference(transport.executor)`, so the code between requests runs on the "
                + "loop thread.",
            table: table,
            checks: [
                TargetCheck(workload: 1, target: "CurlTransport ≥ 0.85× the C floor",
                            measured: ratio(transport, medians[.cFloor]),
                            met: quotient(transport, medians[.cFloor]).map { $0 >= 0.85 }),
                TargetCheck(workload: 1, target: "SDK default path (`APIClientCore.send` + decode) ≥ 0.85× the C floor",
                            measured: ratio(sdk, medians[.cFloor]),
                            met: quotient(sdk, medians[.cFloor]).map { $0 >= 0.85 }),
                TargetCheck(workload: 1, target: "CurlTransport on `transport.executor` ≥ 0.85× the C floor",
                            measured: ratio(onExecutor, medians[.cFloor]),
                            met: quotient(onExecutor, medians[.cFloor]).map { $0 >= 0.85 }),
                TargetCheck(workload: 1, target: "CurlTransport ≥ 1.5× URLSession",
                            measured: ratio(transport, medians[.urlSession]),
                            met: quotient(transport, medians[.urlSession]).map { $0 >= 1.5 }),
            ])
    }

    /// 2. Concurrent polls against a server that answers each after 200 ms.
    func concurrent() -> WorkloadSection {
        let count = settings.concurrentPolls
        let ideal = Double(settings.slowMilliseconds) / 1000
        log("workload 2: \(count) concurrent polls, \(settings.runs) runs")
        let peers: [Peer] = [.curlTransport, .urlSession, .asyncHTTPClient]
        let results = runner.interleaved(peers, runs: settings.runs) { peer in
            try runner.runClient(peer, workload: "concurrent", url: "\(baseURL)/slow?ms=\(settings.slowMilliseconds)",
                                 count: count)
        }
        var table = [["Client", "Wall time, median (min–max)", "÷ ideal (\(settings.slowMilliseconds) ms)", "Peak threads", "Peak RSS"]]
        for result in results {
            let wall = result.summary { $0.seconds }
            table.append([result.titleCell, wall?.text(Format.ms) ?? "–",
                          wall.map { Format.ratio($0.median / ideal) } ?? "–",
                          result.threadsCell(), result.rssCell()])
        }
        let transport = results.first { $0.peer == .curlTransport }
        let wall = transport?.summary { $0.seconds }?.median
        let threads = transport?.summary { Double($0.peakThreads) }?.max
        let rss = transport?.summary { Double($0.peakRSSKiB) }?.max
        return WorkloadSection(
            title: "2. \(count) concurrent polls, each answered after \(settings.slowMilliseconds) ms",
            description: "Each client starts \(count) GETs at once (a task group) against `/slow`, which answers "
                + "every request \(settings.slowMilliseconds) ms after it arrives without blocking the server. All "
                + "\(count) fit in one wave (no per-host connection cap in any client), so the ideal wall time is "
                + "\(settings.slowMilliseconds) ms. Threads and RSS are the client process's peaks, sampled from "
                + "/proc every 2 ms and read from wait4 (ru_maxrss).",
            table: table,
            checks: [
                TargetCheck(workload: 2, target: "CurlTransport ≤ 8 threads (worst run)",
                            measured: threads.map(Format.integer) ?? "–", met: threads.map { $0 <= 8 }),
                TargetCheck(workload: 2, target: "CurlTransport ≤ 64 MB peak RSS (worst run)",
                            measured: rss.map(Format.mib) ?? "–", met: rss.map { $0 * 1024 <= 64_000_000 }),
                TargetCheck(workload: 2, target: "CurlTransport wall ≤ 1.2× the \(settings.slowMilliseconds) ms ideal",
                            measured: wall.map { "\(Format.ms($0)) = \(Format.ratio($0 / ideal))" } ?? "–",
                            met: wall.map { $0 <= 1.2 * ideal }),
            ])
    }

    /// 3. A large download to disk and an upload from disk (those `BENCH_ONLY` selects).
    func bulk() -> [WorkloadSection] {
        guard settings.includesAny(.download, .upload) else { return [] }
        let scratch = settings.scratch
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let source = scratch.appendingPathComponent("upload-source.bin").path
        let target = scratch.appendingPathComponent("download.bin").path
        if settings.includes(.upload) { try? PseudoRandomFile.write(at: source, bytes: settings.uploadBytes) }
        defer {
            try? FileManager.default.removeItem(atPath: source)
            try? FileManager.default.removeItem(atPath: target)
        }
        let peers: [Peer] = [.curlCommand, .cFloor, .curlTransport, .urlSession, .asyncHTTPClient]

        var sections: [WorkloadSection] = []
        if settings.includes(.download) {
            log("workload 3a: \(settings.downloadBytes >> 20) MiB download, \(settings.runs) runs")
            let downloadURL = "\(baseURL)/big?bytes=\(settings.downloadBytes)"
            let downloads = runner.interleaved(peers, runs: settings.runs) { peer in
                defer { try? FileManager.default.removeItem(atPath: target) }
                let run = peer == .curlCommand
                    ? try runner.runCurl(["-o", target, downloadURL])
                    : try runner.runClient(peer, workload: "download", url: downloadURL, file: target)
                let size = fileSize(target)
                guard size == settings.downloadBytes else {
                    throw ClientRunner.Failure.run("\(peer.id) wrote \(size.map(String.init) ?? "no file") bytes, expected \(settings.downloadBytes)")
                }
                return run
            }
            sections.append(bulkSection(title: "3a. \(settings.downloadBytes >> 20) MiB download to disk", results: downloads,
                                        bytes: settings.downloadBytes, workload: "download"))
        }
        guard settings.includes(.upload) else { return sections }
        log("workload 3b: \(settings.uploadBytes >> 20) MiB upload, \(settings.runs) runs")
        let uploadURL = "\(baseURL)/upload"
        let uploads = runner.interleaved(peers, runs: settings.runs) { peer in
            peer == .curlCommand
                ? try runner.runCurl(["-T", source, "-o", "/dev/null", uploadURL])
                : try runner.runClient(peer, workload: "upload", url: uploadURL, file: source)
        }
        return sections + [
            bulkSection(title: "3b. \(settings.uploadBytes >> 20) MiB upload from disk (PUT)", results: uploads,
                        bytes: settings.uploadBytes, workload: "upload"),
        ]
    }

    private func bulkSection(title: String, results: [PeerResults], bytes: Int64, workload: String) -> WorkloadSection {
        func throughput(_ run: RunResult) -> Double { Double(bytes) / run.seconds / 1_000_000 }
        let medians = Dictionary(uniqueKeysWithValues: results.compactMap { result in
            result.summary(throughput).map { (result.peer, $0.median) }
        })
        var table = [["Client", "MB/s, median (min–max)", "vs `curl`", "Peak threads", "Peak RSS"]]
        for result in results {
            table.append([result.titleCell, result.summary(throughput)?.text { Format.fixed($0, 0) } ?? "–",
                          ratio(medians[result.peer], medians[.curlCommand]),
                          result.threadsCell(), result.rssCell()])
        }
        let transport = results.first { $0.peer == .curlTransport }
        let rss = transport?.summary { Double($0.peakRSSKiB) }?.max
        let share = quotient(medians[.curlTransport], medians[.curlCommand])
        return WorkloadSection(
            title: title,
            description: workload == "download"
                ? "`/big` streams generated bytes with backpressure; each client writes them to a file on disk "
                    + "(`curl -o FILE`; CurlTransport `.file` destination; URLSession download task, then moved; "
                    + "AsyncHTTPClient body sequence written with write(2); C easy API with fwrite). "
                    + "MB/s = 10⁶ bytes/s over the client's transfer time (`curl`'s own `time_total`)."
                : "Each client PUTs a file of generated bytes, streamed from disk (`curl -T FILE`; CurlTransport "
                    + "`.file` body; URLSession upload task from a file; AsyncHTTPClient body stream of 1 MiB reads; "
                    + "C easy API with fread). The server discards the body.",
            table: table,
            checks: [
                TargetCheck(workload: 3, target: "\(workload): CurlTransport ≥ \(workload == "upload" ? "0.95" : "0.9")× `curl`'s throughput",
                            measured: ratio(medians[.curlTransport], medians[.curlCommand]), met: share.map { $0 >= (workload == "upload" ? 0.95 : 0.9) }),
                TargetCheck(workload: 3, target: "\(workload): CurlTransport ≤ 32 MB peak RSS (worst run)",
                            measured: rss.map(Format.mib) ?? "–", met: rss.map { $0 * 1024 <= 32_000_000 }),
            ])
    }

}

/// The size of /small's document (kept in step with bench-server's).
enum BenchSmallBody {
    static let size = 171
}

/// `numerator ÷ denominator` when both exist.
func quotient(_ numerator: Double?, _ denominator: Double?) -> Double? {
    guard let numerator, let denominator, denominator > 0 else { return nil }
    return numerator / denominator
}

/// `numerator ÷ denominator` as "1.23×", or "–".
func ratio(_ numerator: Double?, _ denominator: Double?) -> String {
    quotient(numerator, denominator).map(Format.ratio) ?? "–"
}

/// The size of the file at `path`, or nil.
func fileSize(_ path: String) -> Int64? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
}
