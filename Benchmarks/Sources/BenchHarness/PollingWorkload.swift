import Foundation

/// Workload 5: requests per completed job on each provider's schedule, and 429s of a 100-job batch, run by
/// `bench-poll` (the CADCore `Poller` over CurlTransport) against `cad-sandbox --log-requests`, whose log
/// gives the server-side count.
struct PollingWorkload {
    let settings: Settings
    let runner: ClientRunner

    /// One provider's batch: how fast time runs and how far apart creates go (simulated seconds) to stay
    /// within the documented create limits.
    struct Plan {
        var provider: String
        var speed: Double
        var createSpacing: Double
        var limits: String
    }

    static let plans = [
        Plan(provider: "orville", speed: 60, createSpacing: 6,
             limits: "creates 10/min per workspace (spaced 6 s per workspace); polls 3 per 10 s per key per job, "
                + "600 reads/min per workspace. The sandbox's default balance ($25, $2 per job) pays for 12 jobs "
                + "per workspace, so the batch uses one workspace (and key) per 10 jobs"),
        Plan(provider: "makistry", speed: 300, createSpacing: 36,
             limits: "creates 20/min and 100/hour per key (spaced 36 s); polls unlimited"),
        Plan(provider: "bitbybit", speed: 30, createSpacing: 0,
             limits: "none documented for tasks"),
    ]

    func run() -> [WorkloadSection] {
        let title = "5. Requests per completed job (`Poller` on each provider's `PollSchedule`) and 429s of a batch"
        let jobs = settings.quick ? 20 : 100
        guard FileManager.default.isExecutableFile(atPath: settings.sandbox) else {
            return [WorkloadSection(title: title, description: "Not measured: \(settings.sandbox) is missing.", table: [])]
        }
        var table = [["Provider", "Jobs completed", "Status reads per job (client)", "GETs per job (server log)",
                      "Ideal (duration ÷ first hint)", "429s (polls / creates)", "Mean wait, simulated", "Real time"]]
        var checks: [TargetCheck] = []
        var notes: [String] = []
        for plan in Self.plans {
            log("workload 5: \(jobs) \(plan.provider) jobs at speed \(Int(plan.speed))")
            let logPath = settings.scratch.appendingPathComponent("sandbox-\(plan.provider).log").path
            try? FileManager.default.createDirectory(at: settings.scratch, withIntermediateDirectories: true)
            do {
                // Orville's sandbox balance ($25, $2 a job) pays for 12 jobs per workspace: 10 jobs per workspace,
                // each workspace with its own key (and its own documented limits).
                var extra: [String] = []
                var orvilleKeys: [String] = []
                if plan.provider == "orville" {
                    orvilleKeys = (1...max(1, (jobs + 9) / 10)).map { "gcad_live_bench_w\($0)" }
                    let keysPath = settings.scratch.appendingPathComponent("orville-keys.json").path
                    let entries = orvilleKeys.enumerated().map { index, key in
                        #"{"provider":"orville","key":"\#(key)","scopes":["cad:read","cad:write"],"workspace":"bench-\#(index + 1)"}"#
                    }
                    try ("[" + entries.joined(separator: ",") + "]").write(toFile: keysPath, atomically: true, encoding: .utf8)
                    extra = ["--keys", keysPath]
                }
                let sandbox = try Sandbox(executable: settings.sandbox, speed: plan.speed, logPath: logPath,
                                          extraArguments: extra)
                defer { sandbox.stop() }
                let prefix = plan.provider.uppercased()
                guard let base = sandbox.exports["\(prefix)_BASE_URL"],
                      let key = orvilleKeys.isEmpty ? sandbox.exports["\(prefix)_API_KEY"] : orvilleKeys.joined(separator: ",") else {
                    throw ClientRunner.Failure.run("the sandbox printed no \(prefix)_BASE_URL")
                }
                let measurement = try runMeasured([
                    settings.client("bench-poll"), "--provider", plan.provider, "--base-url", base, "--key", key,
                    "--jobs", String(jobs), "--speed", String(plan.speed),
                    "--create-spacing-seconds", String(plan.createSpacing),
                ], sampleInterval: 10_000)
                sandbox.stop()
                guard measurement.exitStatus == 0,
                      let json = try? JSONSerialization.jsonObject(with: Data(measurement.stdout.utf8)) as? [String: Any] else {
                    throw ClientRunner.Failure.run("bench-poll exited \(measurement.exitStatus): \(measurement.stderr)")
                }
                func number(_ name: String) -> Double? { (json[name] as? NSNumber)?.doubleValue }
                let completed = number("completed") ?? 0
                let polls = number("polls") ?? 0
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                let lines = log.split(separator: "\n").filter { $0.hasPrefix("cad-sandbox: ") }
                let serverGets = lines.filter { $0.hasPrefix("cad-sandbox: GET ") }.count
                let server429 = lines.filter { $0.hasSuffix("-> 429") }.count
                let polls429 = Int(number("polls_429") ?? 0)
                let creates429 = Int(number("creates_429") ?? 0)
                let billing429 = Int(number("other_429") ?? 0)
                table.append([
                    plan.provider, "\(Int(completed)) of \(jobs)",
                    completed > 0 ? Format.fixed(polls / completed, 2) : "–",
                    completed > 0 ? Format.fixed(Double(serverGets) / completed, 2) : "–",
                    number("ideal_polls_per_job").map { Format.fixed($0, 2) } ?? "no hint sent",
                    "\(polls429) / \(creates429) (server log: \(server429)\(billing429 > 0 ? ", \(billing429) billing" : ""))",
                    number("simulated_seconds_mean").map { "\(Int($0)) s" } ?? "–",
                    number("real_seconds").map { Format.fixed($0, 1) + " s" } ?? "–",
                ])
                if let error = json["error"] as? String { notes.append("\(plan.provider): first error: \(error)") }
                checks.append(TargetCheck(workload: 5, target: "\(plan.provider): 0 × 429 in a \(jobs)-job batch",
                                          measured: String(server429), met: server429 == 0 && Int(completed) == jobs))
            } catch {
                table.append([plan.provider, "failed: \(error)", "–", "–", "–", "–", "–", "–"])
            }
        }
        let description = "`bench-poll` creates \(jobs) jobs per provider in `cad-sandbox` (release) — creates spaced to "
            + "stay within the documented create limits — and waits for all of them at once with the CADCore "
            + "`Poller` on `PollSchedule.orville` / `.makistry` / `.bitbybit`, through CurlTransport and "
            + "`APIClientCore` (standard retries) — the same `Poller` and schedules that the Orville, Makistry and "
            + "Bitbybit clients' `jobs wait` / task waits use (the bench does not link those modules, so that "
            + "its package need not build swift-crypto). Time runs faster on both sides: the sandbox's `--speed` and a "
            + "scaled clock given to the poller and the client core, so schedules, job durations (Orville 270 s, "
            + "Makistry 65 s, Bitbybit 10 s simulated) and rate-limit windows keep their real proportions. "
            + "Requests are counted in the client (a counting transport) and on the server (its request log). "
            + "The ideal is the job's duration divided by the first `poll_after_seconds` hint (only Orville "
            + "sends one; the sandbox's hint is the time left, rounded up to whole real seconds)."
        var allNotes = Self.plans.map { "- \($0.provider): speed \(Int($0.speed)); documented limits: \($0.limits)." }
        allNotes = [allNotes.joined(separator: "\n")] + notes
        return [WorkloadSection(title: title, description: description, table: table, notes: allNotes, checks: checks)]
    }
}
