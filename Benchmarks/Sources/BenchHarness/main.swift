import Foundation

// cadctl-bench: `make bench`. Starts the bench server, runs every workload for every peer (each run its own
// process), and writes BENCHMARKS.md at the repository root. BENCH_QUICK=1 for a smoke run with small sizes;
// BENCH_ONLY=sequential,upload (see `WorkloadKind`) for some workloads only.

let settings = Settings.fromEnvironment()
let runner = ClientRunner(settings: settings)
let machine = MachineInfo.read()
let started = Date()
log("cadctl-bench: \(settings.quick ? "quick" : "full") run, \(settings.runs) runs per measurement; load average \(machine.loadAverage)")

var sections: [WorkloadSection] = []
if settings.includesAny(.sequential, .polls, .download, .upload) {
    do {
        let server = try BackgroundServer(executable: settings.client("bench-server"), arguments: ["--threads", "1"]) {
            $0.hasPrefix("port=")
        }
        let port = server.readyLines.first { $0.hasPrefix("port=") }.map { $0.dropFirst(5) } ?? ""
        let workloads = TransportWorkloads(settings: settings, runner: runner, baseURL: "http://127.0.0.1:\(port)")
        if settings.includes(.sequential) { sections.append(workloads.sequential()) }
        if settings.includes(.polls) { sections.append(workloads.concurrent()) }
        sections.append(contentsOf: workloads.bulk())
        sections.append(contentsOf: TLSWorkloads.run(settings: settings, runner: runner, upstreamPort: String(port)))
        server.stop()
    } catch {
        log("cadctl-bench: the bench server did not start: \(error)")
        exit(1)
    }
}

let processWorkloads = ProcessWorkloads(settings: settings, runner: runner)
if settings.includes(.startup) {
    sections.append(processWorkloads.startup())
    sections.append(contentsOf: processWorkloads.sandboxRequests())
}
if settings.includes(.tlsProcess) { sections.append(contentsOf: TLSProcessWorkload(settings: settings, runner: runner).run()) }
if settings.includes(.polling) { sections.append(contentsOf: processWorkloads.polling()) }
if settings.includes(.geometry) { sections.append(contentsOf: GeometryWorkloads(settings: settings).run()) }
if settings.includes(.sync) { sections.append(contentsOf: SyncWorkloads(settings: settings).run()) }

let report = ReportWriter(settings: settings, machine: machine, started: started,
                          loadAfter: MachineInfo.loadAverageNow(), sections: sections)
do {
    try report.markdown.write(to: settings.output, atomically: true, encoding: .utf8)
    log("cadctl-bench: wrote \(settings.output.path)")
} catch {
    log("cadctl-bench: cannot write \(settings.output.path): \(error)")
    exit(1)
}
