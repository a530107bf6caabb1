import Foundation

/// Workload 12: `cadctl sync` of many pinned Bitbybit parts against the release `cad-sandbox`: restored from the
/// cache (time and requests), downloaded again with an empty cache (against `curl --parallel` fetching the same
/// signed URLs), and what the ledger costs `cadctl jobs get`.
struct SyncWorkloads {
    let settings: Settings

    var partCount: Int { settings.quick ? 50 : 200 }
    static let parallel = 16
    static let title = "12. `cadctl sync`: pinned parts from the cache, from the provider, and the ledger's cost"

    /// The scratch layout of one run.
    private struct Paths {
        let root: URL
        var project: URL { root.appendingPathComponent("project") }
        var manifest: String { project.appendingPathComponent("cadctl.toml").path }
        var lock: String { project.appendingPathComponent("cadctl.lock").path }
        var state: String { root.appendingPathComponent("state").path }
        var cache: String { root.appendingPathComponent("cache").path }
        var sandboxLog: String { root.appendingPathComponent("sandbox.log").path }
        /// Where the measured runs write: a directory of this process in `/dev/shm` (tmpfs) when there is one,
        /// else `root/runs` on the scratch file system.
        let runs: URL
        /// The scratch file system's own directory for the runs measured there too (not a target).
        var diskRuns: URL { root.appendingPathComponent("runs") }

        init(root: URL) {
            self.root = root
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue,
               access("/dev/shm", W_OK) == 0 {
                runs = URL(fileURLWithPath: "/dev/shm/cadctl-bench-sync-\(getpid())")
            } else {
                runs = root.appendingPathComponent("runs")
            }
        }

        var onTmpfs: Bool { runs.path.hasPrefix("/dev/shm/") }

        /// A new directory for one measured run: nothing in it was deleted and made again (see `freshProject`).
        func run(_ label: String, under base: URL? = nil) -> URL { (base ?? runs).appendingPathComponent(label) }
    }

    /// One `cadctl sync --locked --parallel N` (plus `extraArguments`) of a fresh project `label` under `base` with a
    /// new, empty cache of its own: its wall time and outputs, or `nil` when it failed or left a part without a file.
    private func emptyCacheSync(_ paths: Paths, _ label: String, under base: URL? = nil, extraArguments: [String] = [],
                                environment: [String: String]) -> (seconds: Double, outputs: URL)? {
        var environment = environment
        environment["CADCTL_CACHE_DIR"] = paths.run(label, under: base).appendingPathComponent("cache").path
        guard let project = try? freshProject(paths, label, under: base),
              let run = try? runMeasured([settings.cadctl, "sync", "--manifest", project.manifest, "--locked", "--parallel",
                                          String(Self.parallel)] + extraArguments, environment: environment),
              run.exitStatus == 0, filesPresent(project.outputs) == partCount else { return nil }
        return (run.wallSeconds, project.outputs)
    }

    /// A copy of the project (manifest and lock) in a directory of its own for one run; its `cad/` is the run's
    /// outputs. Every measured run writes into new directories and nothing is deleted between runs: on ext4 without
    /// a journal (this machine's root file system) the inode allocator skips, one by one, every inode freed in the
    /// last minutes, so deleting a run's outputs made the next run's file creations slower in proportion to how
    /// many files had just been deleted (see Benchmarks/NOTES.md).
    private func freshProject(_ paths: Paths, _ label: String, under base: URL? = nil) throws -> (manifest: String, outputs: URL) {
        let directory = paths.run(label, under: base)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifest = directory.appendingPathComponent("cadctl.toml").path
        try FileManager.default.copyItem(atPath: paths.manifest, toPath: manifest)
        try FileManager.default.copyItem(atPath: paths.lock, toPath: directory.appendingPathComponent("cadctl.lock").path)
        return (manifest, directory.appendingPathComponent("cad"))
    }

    func run() -> [WorkloadSection] {
        log("workload 12: cadctl sync of \(partCount) pinned Bitbybit parts")
        let fileManager = FileManager.default
        guard fileManager.isExecutableFile(atPath: settings.cadctl), fileManager.isExecutableFile(atPath: settings.sandbox) else {
            return [failed("Not measured: \(settings.cadctl) or \(settings.sandbox) is missing (`make bench` builds them).")]
        }
        let paths = Paths(root: settings.scratch.appendingPathComponent("sync"))
        try? fileManager.removeItem(at: paths.root)
        do {
            try fileManager.createDirectory(at: paths.project, withIntermediateDirectories: true)
            try Data(manifest.utf8).write(to: URL(fileURLWithPath: paths.manifest))
        } catch {
            return [failed("Could not write the manifest: \(error)")]
        }
        let sandbox: Sandbox
        do {
            sandbox = try Sandbox(executable: settings.sandbox, speed: 300, logPath: paths.sandboxLog,
                                  extraArguments: ["--no-rate-limits"])
        } catch {
            return [failed("The sandbox did not start: \(error)")]
        }
        defer { sandbox.stop() }
        var environment = isolatedEnvironment(sandbox.exports)
        environment["CADCTL_STATE_DIR"] = paths.state
        environment["CADCTL_CACHE_DIR"] = paths.cache
        let sync = [settings.cadctl, "sync", "--manifest", paths.manifest]

        // 1. Generate and lock every part once (not a target).
        let requestsBefore = requestCount(paths)
        guard let generated = try? runMeasured(sync + ["--parallel", String(Self.parallel)], environment: environment),
              generated.exitStatus == 0 else {
            return [failed("`cadctl sync` (generating) failed.")]
        }
        let generationRequests = requestCount(paths) - requestsBefore
        guard let ids = lockedIDs(paths), ids.count == partCount else {
            return [failed("`cadctl sync` wrote no lock with \(partCount) parts.")]
        }
        var table = [["Step", "Wall time, median (min–max)", "Requests at the sandbox (per run)", "Runs"]]
        table.append(["generate and lock \(partCount) parts: `cadctl sync --parallel \(Self.parallel)` (once)",
                      Format.ms(generated.wallSeconds), String(generationRequests), "1"])

        // 2. Restore from the cache: a checkout with no outputs, the cache full.
        var cachedTimes: [Double] = [], cachedRequests: [Int] = [], cachedFailures = 0
        for index in 0..<settings.runs {
            let before = requestCount(paths)
            guard let project = try? freshProject(paths, "cached-\(index)"),
                  let run = try? runMeasured([settings.cadctl, "sync", "--manifest", project.manifest, "--locked"], environment: environment), run.exitStatus == 0,
                  filesPresent(project.outputs) == partCount else { cachedFailures += 1; continue }
            cachedRequests.append(requestCount(paths) - before)
            cachedTimes.append(run.wallSeconds)
        }
        table.append(["`cadctl sync --locked`, every file in the cache, a checkout with no outputs", summaryText(cachedTimes),
                      requestsText(cachedRequests), runsText(cachedTimes.count, cachedFailures)])

        // 3. An empty cache: cadctl downloads everything again vs curl fetching the same signed URLs (and, not a
        // target, cadctl with `--link-mode copy`).
        var cadctlTimes: [Double] = [], cadctlRequests: [Int] = [], cadctlFailures = 0
        var copyTimes: [Double] = [], copyFailures = 0
        var diskTimes: [Double] = [], diskCurlTimes: [Double] = []
        var curlTimes: [Double] = [], curlDownloadTimes: [Double] = [], curlRequests: [Int] = [], curlFailures = 0
        var downloadedBytes = 0
        var curlFailure = ""
        guard let key = sandbox.exports["BITBYBIT_API_KEY"], let baseURL = sandbox.exports["BITBYBIT_BASE_URL"] else {
            return [failed("The sandbox printed no Bitbybit base URL or key.")]
        }
        for index in 0..<settings.runs {
            let before = requestCount(paths)
            if let run = emptyCacheSync(paths, "empty-\(index)", environment: environment) {
                cadctlRequests.append(requestCount(paths) - before)
                cadctlTimes.append(run.seconds)
                downloadedBytes = bytesUnder(run.outputs)
            } else {
                cadctlFailures += 1
            }
            let curlBefore = requestCount(paths)
            switch curlFetch(ids: ids, baseURL: baseURL, key: key, directory: paths.run("curl-\(index)")) {
            case .success(let times):
                curlTimes.append(times.links + times.downloads)
                curlDownloadTimes.append(times.downloads)
                curlRequests.append(requestCount(paths) - curlBefore)
            case .failure(let failure):
                curlFailures += 1
                curlFailure = failure.description
            }
            if let run = emptyCacheSync(paths, "copy-\(index)", extraArguments: ["--link-mode", "copy"],
                                        environment: environment) {
                copyTimes.append(run.seconds)
            } else {
                copyFailures += 1
            }
            // The same pair on the scratch file system (not a target), when the runs above were on tmpfs.
            guard paths.onTmpfs else { continue }
            if let run = emptyCacheSync(paths, "empty-\(index)", under: paths.diskRuns, environment: environment) {
                diskTimes.append(run.seconds)
            }
            if case .success(let times) = curlFetch(ids: ids, baseURL: baseURL, key: key,
                                                    directory: paths.run("curl-\(index)", under: paths.diskRuns)) {
                diskCurlTimes.append(times.links + times.downloads)
            }
        }
        try? fileManager.removeItem(at: paths.runs)
        try? fileManager.removeItem(at: paths.diskRuns)
        table.append(["`cadctl sync --locked --parallel \(Self.parallel)`, empty cache, a checkout with no outputs",
                      summaryText(cadctlTimes), requestsText(cadctlRequests), runsText(cadctlTimes.count, cadctlFailures)])
        table.append(["curl: `GET …/tasks/ID/result/glb` ×\(partCount), then the \(partCount) signed URLs, each as "
                      + "`curl --parallel --parallel-max \(Self.parallel)` (sum of the two processes)",
                      summaryText(curlTimes), requestsText(curlRequests), runsText(curlTimes.count, curlFailures)])
        table.append(["curl: the signed-URL downloads alone", summaryText(curlDownloadTimes), "–", String(curlDownloadTimes.count)])
        table.append(["`cadctl sync --locked --parallel \(Self.parallel) --link-mode copy`, empty cache (not a target)",
                      summaryText(copyTimes), "–", runsText(copyTimes.count, copyFailures)])
        if paths.onTmpfs {
            table.append(["the default `cadctl` row again, written to the scratch file system (ext4, no journal; not a target)",
                          summaryText(diskTimes), "–", String(diskTimes.count)])
            table.append(["the curl row again, written to the scratch file system (not a target)",
                          summaryText(diskCurlTimes), "–", String(diskCurlTimes.count)])
        }

        // 4. `cadctl jobs get` with the ledger of the runs above vs `--no-ledger`.
        var notes: [String] = []
        let ledgerCheck = ledgerCost(sandbox: sandbox, environment: environment, table: &table, notes: &notes)

        let cachedMedian = median(cachedTimes)
        let cadctlMedian = median(cadctlTimes), curlMedian = median(curlTimes), curlDownloadMedian = median(curlDownloadTimes)
        notes.append("cadctl ÷ curl's downloads alone (without the link requests): "
                     + GeometryWorkloads.ratioText(cadctlMedian, curlDownloadMedian) + ".")
        let cachedMaxRequests = cachedRequests.max()
        notes.insert(contentsOf: [
            "Requests are counted from the sandbox's own log (`cad-sandbox --log-requests` writes one line per request it "
                + "answers, API and storage alike, to its stderr, a file here): lines before and after each run.",
            "With an empty cache cadctl makes, per part, the API call for a fresh signed URL and the download. curl's "
                + "figure is the same two steps: one `curl --parallel` process fetching the \(partCount) result links (with "
                + "the key), then, after the harness reads the URLs from the answers (not timed), one fetching the \(partCount) "
                + "files. cadctl also verifies each file's SHA-256 against the lock, renames it into the cache and links it "
                + "into place (the default `--link-mode hardlink`; `--link-mode copy` copies it, the row marked not a "
                + "target), making a directory per part as the `cad/<part>/` layout says; curl only writes the files, into "
                + "one directory. \(downloadedBytes) bytes in all.",
            "Every measured run (cadctl's and curl's) writes into directories of its own, made for it, and nothing is "
                + "deleted until the workload ends. "
                + (paths.onTmpfs
                    ? "The runs write to tmpfs (`/dev/shm`); the last two rows repeat the empty-cache pair on the scratch "
                        + "file system. This machine's root file system is ext4 without a journal, and there the inode "
                        + "allocator skips, one by one, every inode freed in the last minutes (by this or any earlier "
                        + "workload, or a build), so file creation costs whatever was deleted recently rather than what "
                        + "the client does (see NOTES)."
                    : "The runs write to the scratch file system (no `/dev/shm` here)."),
            "The sandbox runs with `--no-rate-limits`, and cadctl has no client-side limiter for Bitbybit (only "
                + "Makistry's), so neither side waits for a limit. cadctl's figure includes its process start and "
                + "argument parsing, reading the manifest and the lock, and the part fingerprints (about 15 ms of it is "
                + "start-up, see workload 4b).",
        ], at: 0)
        if !curlFailure.isEmpty { notes.append("A curl run failed: \(curlFailure)") }
        let checks = [
            TargetCheck(workload: 12, target: "`sync --locked` of \(partCount) pinned parts all in the cache: under 1 s",
                        measured: cachedMedian.map(Format.ms) ?? "–", met: cachedMedian.map { $0 < 1 },
                        range: rangeText(cachedTimes)),
            TargetCheck(workload: 12, target: "`sync --locked` of \(partCount) pinned parts all in the cache: 0 requests",
                        measured: cachedMaxRequests.map { "\($0) (most in one run)" } ?? "–",
                        met: cachedMaxRequests.map { $0 == 0 }),
            TargetCheck(workload: 12, target: "`sync --locked` with an empty cache within 1.5× of `curl --parallel` "
                        + "(links + downloads)",
                        measured: GeometryWorkloads.ratioText(cadctlMedian, curlMedian),
                        met: quotient(cadctlMedian, curlMedian).map { $0 <= 1.5 }),
            ledgerCheck,
        ]
        return [WorkloadSection(
            title: Self.title,
            description: "\(partCount) Bitbybit `dragon-cup` parts (distinct heights, `formats = [\"gltf\"]`) in one "
                + "`cadctl.toml`, against `cad-sandbox --speed 300 --no-rate-limits --log-requests` (release), with "
                + "`CADCTL_STATE_DIR` and `CADCTL_CACHE_DIR` of their own. Whole-process wall time, \(settings.runs) runs "
                + "each (cadctl and curl alternating in the empty-cache step).",
            table: table, notes: notes, checks: checks)]
    }

    /// 4. `cadctl jobs get ORVILLE_JOB --json` with the state directory holding the sync's ledger, against the same
    /// with `--no-ledger`, alternating.
    private func ledgerCost(sandbox: Sandbox, environment: [String: String], table: inout [[String]],
                            notes: inout [String]) -> TargetCheck {
        let target = "the ledger adds at most 2 ms to `cadctl jobs get`"
        guard let orville = sandbox.exports["ORVILLE_BASE_URL"], let key = sandbox.exports["ORVILLE_API_KEY"],
              let jobID = createOrvilleJob(baseURL: orville, key: key) else {
            notes.append("`jobs get` was not measured: creating an Orville job with curl failed.")
            return TargetCheck(workload: 12, target: target, measured: "–", met: nil)
        }
        let get = [settings.cadctl, "jobs", "get", jobID, "--json"]
        var withLedger: [Double] = [], withoutLedger: [Double] = [], failures = 0
        for _ in 0..<settings.processRuns {
            if let run = try? runMeasured(get, environment: environment), run.exitStatus == 0 {
                withLedger.append(run.wallSeconds)
            } else { failures += 1 }
            if let run = try? runMeasured(get + ["--no-ledger"], environment: environment), run.exitStatus == 0 {
                withoutLedger.append(run.wallSeconds)
            } else { failures += 1 }
        }
        table.append(["`cadctl jobs get ORVILLE_JOB --json` (ledger of \(partCount) parts in CADCTL_STATE_DIR)",
                      summaryText(withLedger), "1", runsText(withLedger.count, 0)])
        table.append(["the same with `--no-ledger`", summaryText(withoutLedger), "1", runsText(withoutLedger.count, 0)])
        notes.append("`cadctl jobs get` does not open the ledger (only submitting commands, `jobs wait`, `tasks` waits and "
                     + "`sync` do), so the two `jobs get` rows differ by noise alone; \(failures) failed runs.")
        guard let with = median(withLedger), let without = median(withoutLedger) else {
            return TargetCheck(workload: 12, target: target, measured: "–", met: nil)
        }
        let difference = with - without
        return TargetCheck(workload: 12, target: target,
                           measured: "\(Format.fixed(difference * 1000, 1)) ms (\(Format.ms(with)) vs \(Format.ms(without)))",
                           met: difference <= 0.002)
    }

    /// The manifest: `partCount` dragon cups of distinct heights, glTF only.
    private var manifest: String {
        (0..<partCount).map { index in
            "[parts.cup_\(String(format: "%03d", index))]\nprovider = \"bitbybit\"\nmodel = \"dragon-cup\"\n"
                + "params = { height = \(1 + index / 5).\(index % 5 * 2) }\nformats = [\"gltf\"]\n"
        }.joined(separator: "\n")
    }

    /// The locked task ids, in name order.
    private func lockedIDs(_ paths: Paths) -> [String]? {
        guard let data = FileManager.default.contents(atPath: paths.lock),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let parts = object["parts"] as? [String: Any] else { return nil }
        return parts.keys.sorted().compactMap { (parts[$0] as? [String: Any])?["id"] as? String }
    }

    /// How many part output directories under `outputs` hold a file.
    private func filesPresent(_ outputs: URL) -> Int {
        let fileManager = FileManager.default
        let directories = (try? fileManager.contentsOfDirectory(atPath: outputs.path)) ?? []
        return directories.filter { !((try? fileManager.contentsOfDirectory(atPath: outputs.appendingPathComponent($0).path)) ?? []).isEmpty }.count
    }

    private func bytesUnder(_ directory: URL) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return 0 }
        var total = 0
        for case let name as String in enumerator {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += attributes?[.size] as? Int ?? 0 }
        }
        return total
    }

    /// Requests the sandbox has answered so far (its `--log-requests` lines).
    private func requestCount(_ paths: Paths) -> Int {
        guard let text = try? String(contentsOfFile: paths.sandboxLog, encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").filter { $0.hasPrefix("cad-sandbox: ") && $0.contains(" -> ") }.count
    }

    private struct CurlFailure: Error, CustomStringConvertible { var description: String }

    /// curl fetching the parts' fresh signed URLs, then the files, into the new `directory`: two `curl --parallel`
    /// processes, timed apart.
    private func curlFetch(ids: [String], baseURL: String, key: String, directory: URL)
        -> Result<(links: Double, downloads: Double), CurlFailure>
    {
        let fileManager = FileManager.default
        let links = directory.appendingPathComponent("links"), files = directory.appendingPathComponent("files")
        try? fileManager.createDirectory(at: links, withIntermediateDirectories: true)
        try? fileManager.createDirectory(at: files, withIntermediateDirectories: true)
        let parallel = ["/usr/bin/curl", "-s", "-S", "-f", "--parallel", "--parallel-max", String(Self.parallel)]
        var linkArguments = parallel + ["-H", "x-api-key: \(key)"]
        for (index, id) in ids.enumerated() {
            linkArguments += ["-o", links.appendingPathComponent("\(index).json").path, "\(baseURL)/api/v1/tasks/\(id)/result/glb"]
        }
        guard let linkRun = try? runMeasured(linkArguments), linkRun.exitStatus == 0 else {
            return .failure(CurlFailure(description: "fetching the result links"))
        }
        var downloadArguments = parallel
        for index in ids.indices {
            guard let data = fileManager.contents(atPath: links.appendingPathComponent("\(index).json").path),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let url = ((object["data"] as? [String: Any])?["downloadUrl"] ?? object["downloadUrl"]) as? String else {
                return .failure(CurlFailure(description: "no downloadUrl in result link \(index)"))
            }
            downloadArguments += ["-o", files.appendingPathComponent("\(index).glb").path, url]
        }
        guard let downloadRun = try? runMeasured(downloadArguments), downloadRun.exitStatus == 0 else {
            return .failure(CurlFailure(description: "downloading the signed URLs"))
        }
        return .success((linkRun.wallSeconds, downloadRun.wallSeconds))
    }

    /// Creates an Orville job in the sandbox with curl; returns its id.
    private func createOrvilleJob(baseURL: String, key: String) -> String? {
        guard let run = try? runMeasured([
            "/usr/bin/curl", "-s", "-S", "-f", "-X", "POST", "\(baseURL)/api/v1/cad/jobs",
            "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
            "-H", "Idempotency-Key: bench-sync-\(getpid())",
            "-d", #"{"prompt":"A flat bracket 40x20x5mm with two holes."}"#,
        ]) else { return nil }
        let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return object?["id"] as? String
    }

    private func failed(_ description: String) -> WorkloadSection {
        WorkloadSection(title: Self.title, description: description, table: [],
                        checks: [TargetCheck(workload: 12, target: "`cadctl sync` targets", measured: "–", met: nil)])
    }

    private func median(_ values: [Double]) -> Double? { GeometryWorkloads.median(values) }

    private func quotient(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    private func summaryText(_ values: [Double]) -> String { Summary(values)?.text(Format.ms) ?? "failed" }
    private func rangeText(_ values: [Double]) -> String {
        Summary(values).map { "\(Format.ms($0.min))–\(Format.ms($0.max))" } ?? "–"
    }

    private func requestsText(_ counts: [Int]) -> String {
        guard let low = counts.min(), let high = counts.max() else { return "–" }
        return low == high ? String(low) : "\(low)–\(high)"
    }

    private func runsText(_ succeeded: Int, _ failed: Int) -> String {
        failed == 0 ? String(succeeded) : "\(succeeded) (\(failed) failed)"
    }
}
