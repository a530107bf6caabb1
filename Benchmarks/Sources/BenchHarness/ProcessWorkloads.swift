import Foundation

/// Workloads 4 and 5: whole cadctl processes, and polling, against the sandbox (`cad-sandbox`, release).
struct ProcessWorkloads {
    let settings: Settings
    let runner: ClientRunner

    /// 4a. `cadctl --version` vs `curl --version`: process start-up and exit.
    func startup() -> WorkloadSection {
        let runs = settings.processRuns
        log("workload 4a: --version, \(runs) runs")
        guard FileManager.default.isExecutableFile(atPath: settings.cadctl) else {
            return missing("4a. Process start-up: `cadctl --version` vs `curl --version`", settings.cadctl)
        }
        let results = runner.interleaved([.curlCommand, .cadctl], runs: runs) { peer in
            try runner.runProcess(peer == .cadctl ? [settings.cadctl, "--version"] : ["/usr/bin/curl", "--version"],
                                  environment: isolatedEnvironment([:]))
        }
        return processSection(
            title: "4a. Process start-up: `cadctl --version` vs `curl --version`",
            description: "Whole-process wall time, spawn to exit, \(runs) runs each, alternating.",
            results: results, target: "`cadctl --version` within 2× of `curl --version`")
    }

    /// 4b. One read request against the sandbox, whole process: cadctl vs curl.
    func sandboxRequests() -> [WorkloadSection] {
        let title = "4b. One API read against the sandbox, whole process: `cadctl` vs `curl`"
        guard FileManager.default.isExecutableFile(atPath: settings.sandbox),
              FileManager.default.isExecutableFile(atPath: settings.cadctl) else {
            return [missing(title, "\(settings.cadctl) or \(settings.sandbox)")]
        }
        let sandbox: Sandbox
        do { sandbox = try Sandbox(executable: settings.sandbox, speed: 30, logPath: nil, extraArguments: ["--no-rate-limits"]) } catch {
            return [WorkloadSection(title: title, description: "The sandbox did not start: \(error)", table: [])]
        }
        defer { sandbox.stop() }
        let runs = settings.processRuns
        let environment = isolatedEnvironment(sandbox.exports)

        // The command under test: `cadctl jobs get` where this build has it, else `cadctl doctor` (which makes
        // the three reads named below); curl makes the same requests, with the same headers, in one process.
        var cadctlCommand: [String]
        var curlCommand: [String]
        var description: String
        if let orville = sandbox.exports["ORVILLE_BASE_URL"], let key = sandbox.exports["ORVILLE_API_KEY"],
           let jobID = try? createOrvilleJob(baseURL: orville, key: key),
           (try? runner.runProcess([settings.cadctl, "jobs", "get", jobID, "--json"], environment: environment)) != nil {
            cadctlCommand = [settings.cadctl, "jobs", "get", jobID, "--json"]
            curlCommand = ["/usr/bin/curl", "-s", "-S", "-f", "-H", "Authorization: Bearer \(key)",
                           "\(orville)/api/v1/cad/jobs/\(jobID)"]
            description = "`cadctl jobs get ORVILLE_JOB_ID --json` vs `curl -H 'Authorization: Bearer …' "
                + "$ORVILLE_BASE_URL/api/v1/cad/jobs/ORVILLE_JOB_ID` (the job created just before with curl)"
        } else {
            guard let bitbybit = sandbox.exports["BITBYBIT_BASE_URL"], let bitbybitKey = sandbox.exports["BITBYBIT_API_KEY"],
                  let orville = sandbox.exports["ORVILLE_BASE_URL"], let orvilleKey = sandbox.exports["ORVILLE_API_KEY"],
                  let makistry = sandbox.exports["MAKISTRY_BASE_URL"], let makistryKey = sandbox.exports["MAKISTRY_API_KEY"] else {
                return [WorkloadSection(title: title, description: "The sandbox printed no base URLs or keys.", table: [])]
            }
            cadctlCommand = [settings.cadctl, "doctor", "--json"]
            curlCommand = ["/usr/bin/curl", "-s", "-S", "-o", "/dev/null",
                           "-H", "x-api-key: \(bitbybitKey)", "\(bitbybit)/api/v1/tasks?limit=1",
                           "--next", "-s", "-S", "-o", "/dev/null", "-H", "Authorization: Bearer \(orvilleKey)",
                           "\(orville)/api/v1/billing/balance",
                           "--next", "-s", "-S", "-o", "/dev/null", "-H", "Authorization: Bearer \(makistryKey)",
                           "\(makistry)/jobs/pub_cadctl_doctor_probe"]
            description = "This build has no `cadctl jobs get` yet (issue 4/5 not merged when this ran), so the "
                + "measured command is `cadctl doctor --json`, whose network part is three reads, one per provider: Bitbybit "
                + "`GET /api/v1/tasks?limit=1`, Orville `GET /api/v1/billing/balance`, "
                + "Makistry `GET /jobs/{unknown id}`. `curl` makes the same three requests with the same headers in "
                + "one process (`--next`); doctor also reads the config file and checks the clock"
        }
        let results = runner.interleaved([.curlCommand, .cadctl], runs: runs) { peer in
            try runner.runProcess(peer == .cadctl ? cadctlCommand : curlCommand, environment: environment)
        }
        return [processSection(title: title, description: description + ". Whole-process wall time, \(runs) runs "
                               + "each, alternating; sandbox `cad-sandbox --speed 30 --no-rate-limits` (release: the same job is read "
                               + "again and again, which Orville's 3-per-10-s poll limit would refuse).",
                               results: results, target: "`cadctl` within 2× of `curl` for the same request(s)")]
    }

    /// 5. Requests per completed job and 429s under the documented rate limits.
    func polling() -> [WorkloadSection] {
        PollingWorkload(settings: settings, runner: runner).run()
    }

    private func processSection(title: String, description: String, results: [PeerResults], target: String) -> WorkloadSection {
        let medians = Dictionary(uniqueKeysWithValues: results.compactMap { result in
            result.summary { $0.wallSeconds }.map { (result.peer, $0.median) }
        })
        var table = [["Command", "Wall time, median (min–max)", "÷ `curl`", "Peak threads", "Peak RSS"]]
        for result in results {
            table.append([result.titleCell, result.summary { $0.wallSeconds }?.text(Format.ms) ?? "–",
                          ratio(medians[result.peer], medians[.curlCommand]), result.threadsCell(), result.rssCell()])
        }
        let share = quotient(medians[.cadctl], medians[.curlCommand])
        return WorkloadSection(title: title, description: description, table: table,
                               checks: [TargetCheck(workload: 4, target: target, measured: share.map(Format.ratio) ?? "–",
                                                    met: share.map { $0 <= 2 })])
    }

    private func missing(_ title: String, _ path: String) -> WorkloadSection {
        WorkloadSection(title: title, description: "Not measured: \(path) is missing (`make bench` builds it with "
                        + "`swift build -c release --product cadctl` / `--product cad-sandbox`).", table: [])
    }

    /// Creates an Orville job in the sandbox with curl; returns its id.
    private func createOrvilleJob(baseURL: String, key: String) throws -> String {
        let measurement = try runMeasured([
            "/usr/bin/curl", "-s", "-S", "-f", "-X", "POST", "\(baseURL)/api/v1/cad/jobs",
            "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "-H", "Idempotency-Key: bench-\(getpid())-\(Int(monotonicSeconds() * 1000))",
            "-d", #"{"prompt":"A flat bracket 40x20x5mm with two holes."}"#,
        ])
        guard let object = try? JSONSerialization.jsonObject(with: Data(measurement.stdout.utf8)) as? [String: Any],
              let id = object["id"] as? String else {
            throw ClientRunner.Failure.run("creating an Orville job failed: \(measurement.stdout)\(measurement.stderr)")
        }
        return id
    }
}

/// The environment for a cadctl process: the sandbox's exports, no user config, nothing else of ours.
func isolatedEnvironment(_ exports: [String: String]) -> [String: String] {
    var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                       "HOME": FileManager.default.temporaryDirectory.path,
                       "CADCTL_CONFIG": FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-bench-no-config.toml").path,
                       "NO_COLOR": "1"]
    for (name, value) in exports { environment[name] = value }
    return environment
}

/// `cad-sandbox` in the background; its `export NAME=VALUE` lines parsed.
final class Sandbox {
    private let server: BackgroundServer
    let exports: [String: String]

    init(executable: String, speed: Double, logPath: String?, extraArguments: [String] = []) throws {
        var arguments = ["--speed", String(speed)]
        if logPath != nil { arguments.append("--log-requests") }
        server = try BackgroundServer(executable: executable, arguments: arguments + extraArguments,
                                      stderrPath: logPath) { $0.hasPrefix("export MAKISTRY_BASE_URL=") }
        var exports: [String: String] = [:]
        for line in server.readyLines where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            exports[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        self.exports = exports
    }

    func stop() { server.stop() }
}
