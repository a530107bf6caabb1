import Foundation

/// Workload 10: one `cadctl jobs get` over TLS, whole process, against `curl` making the same request:
/// the sandbox behind nginx (TLS 1.3, HTTP/2 port, per-run CA given to both with `--cacert`).
struct TLSProcessWorkload {
    let settings: Settings
    let runner: ClientRunner

    func run() -> [WorkloadSection] {
        let title = "10. `cadctl jobs get` over TLS 1.3 + HTTP/2, whole process: `cadctl` vs `curl` (nginx → sandbox)"
        guard FileManager.default.isExecutableFile(atPath: settings.sandbox),
              FileManager.default.isExecutableFile(atPath: settings.cadctl) else {
            return [WorkloadSection(title: title, description: "Not measured: \(settings.cadctl) or \(settings.sandbox) is missing.", table: [])]
        }
        log("workload 10: cadctl jobs get over TLS, \(settings.processRuns) runs")
        let sandbox: Sandbox
        do {
            sandbox = try Sandbox(executable: settings.sandbox, speed: 30, logPath: nil, extraArguments: ["--no-rate-limits"])
        } catch {
            return [WorkloadSection(title: title, description: "The sandbox did not start: \(error)", table: [])]
        }
        defer { sandbox.stop() }
        guard let plainBase = sandbox.exports["ORVILLE_BASE_URL"], let key = sandbox.exports["ORVILLE_API_KEY"],
              let plain = URLComponents(string: plainBase), let port = plain.port else {
            return [WorkloadSection(title: title, description: "The sandbox printed no Orville base URL or key.", table: [])]
        }
        let nginx: NginxServer
        do {
            nginx = try NginxServer(upstreamPort: String(port), smallBody: "{}", bigFileBytes: 0, scratch: settings.scratch)
        } catch {
            return [WorkloadSection(title: title, description: "nginx did not start: \(error)", table: [])]
        }
        defer { nginx.stop() }
        let base = nginx.h2BaseURL + plain.path
        let jobID: String
        do { jobID = try createJob(baseURL: base, key: key, cacert: nginx.caPath) } catch {
            return [WorkloadSection(title: title, description: "Creating the job failed: \(error)", table: [])]
        }
        var exports = sandbox.exports
        exports["ORVILLE_BASE_URL"] = base
        let environment = isolatedEnvironment(exports)
        let cadctl = [settings.cadctl, "--cacert", nginx.caPath, "jobs", "get", jobID, "--json"]
        let curl = ["/usr/bin/curl", "-s", "-S", "-f", "--cacert", nginx.caPath, "-H", "Authorization: Bearer \(key)",
                    "\(base)/api/v1/cad/jobs/\(jobID)"]
        let results = runner.interleaved([.curlCommand, .cadctl], runs: settings.processRuns) { peer in
            try runner.runProcess(peer == .cadctl ? cadctl : curl, environment: environment)
        }
        let byPeer = Dictionary(uniqueKeysWithValues: results.map { ($0.peer, $0) })
        var table = [["Command", "Wall time, median (min–max)", "÷ `curl`, per run: median (min–max)", "Peak threads", "Peak RSS"]]
        for result in results {
            table.append([result.titleCell, result.summary { $0.wallSeconds }?.text(Format.ms) ?? "–",
                          perRunRatio(result, byPeer[.curlCommand]) { $0.wallSeconds }?.text(Format.ratio) ?? "–",
                          result.threadsCell(), result.rssCell()])
        }
        let share = perRunRatio(byPeer[.cadctl], byPeer[.curlCommand]) { $0.wallSeconds }
        return [WorkloadSection(
            title: title,
            description: "`cadctl --cacert CA jobs get ORVILLE_JOB_ID --json` vs `curl --cacert CA -H 'Authorization: "
                + "Bearer …' $ORVILLE_BASE_URL/api/v1/cad/jobs/ORVILLE_JOB_ID`, both against nginx (TLS 1.3; both "
                + "negotiate HTTP/2) proxying to `cad-sandbox --speed 30 --no-rate-limits`. Whole-process wall time, "
                + "\(settings.processRuns) runs each, alternating; each process makes one TLS handshake.",
            table: table,
            checks: [check(10, "`cadctl jobs get` whole process over TLS ≤ 1.5× `curl`", share, Format.ratio) { $0 <= 1.5 }])]
    }

    private func createJob(baseURL: String, key: String, cacert: String) throws -> String {
        let measurement = try runMeasured([
            "/usr/bin/curl", "-s", "-S", "-f", "--cacert", cacert, "-X", "POST", "\(baseURL)/api/v1/cad/jobs",
            "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "-H", "Idempotency-Key: bench-tls-\(getpid())-\(Int(monotonicSeconds() * 1000))",
            "-d", #"{"prompt":"A flat bracket 40x20x5mm with two holes."}"#,
        ])
        guard let object = try? JSONSerialization.jsonObject(with: Data(measurement.stdout.utf8)) as? [String: Any],
              let id = object["id"] as? String else {
            throw ClientRunner.Failure.run("creating an Orville job over TLS failed: \(measurement.stdout)\(measurement.stderr)")
        }
        return id
    }
}
