import Foundation

// cadctl-bench: `make bench`. Starts the bench server, runs every workload for every peer (each run its own
// process), and writes BENCHMARKS.md at the repository root. BENCH_QUICK=1 for a smoke run with small sizes.

let settings = Settings.fromEnvironment()
GeometryWorkloads.runAloneIfAsked(settings)
SyncWorkloads.runAloneIfAsked(settings)
let runner = ClientRunner(settings: settings)
let machine = MachineInfo.read()
let started = Date()
log("cadctl-bench: \(settings.quick ? "quick" : "full") run, \(settings.runs) runs per measurement; load average \(machine.loadAverage)")

var sections: [WorkloadSection] = []
do {
    let server = try BackgroundServer(executable: settings.client("bench-server"), arguments: ["--threads", "1"]) {
        $0.hasPrefix("port=")
    }
    let port = server.readyLines.first { $0.hasPrefix("port=") }.map { $0.dropFirst(5) } ?? ""
    let workloads = TransportWorkloads(settings: settings, runner: runner, baseURL: "http://127.0.0.1:\(port)")
    sections.append(workloads.sequential())
    sections.append(workloads.concurrent())
    sections.append(contentsOf: workloads.bulk())
    sections.append(contentsOf: TLSWorkloads.run(settings: settings, runner: runner, upstreamPort: String(port)))
    server.stop()
} catch {
    log("cadctl-bench: the bench server did not start: \(error)")
    exit(1)
}

let processWorkloads = ProcessWorkloads(settings: settings, runner: runner)
sections.append(processWorkloads.startup())
sections.append(contentsOf: processWorkloads.sandboxRequests())
sections.append(contentsOf: TLSProcessWorkload(settings: settings, runner: runner).run())
sections.append(contentsOf: processWorkloads.polling())
sections.append(contentsOf: GeometryWorkloads(settings: settings).run())
sections.append(contentsOf: SyncWorkloads(settings: settings).run())

let report = ReportWriter(settings: settings, machine: machine, started: started,
                          loadAfter: MachineInfo.loadAverageNow(), sections: sections)
do {
    try report.markdown.write(to: settings.output, atomically: true, encoding: .utf8)
    log("cadctl-bench: wrote \(settings.output.path)")
} catch {
    log("cadctl-bench: cannot write \(settings.output.path): \(error)")
    exit(1)
}
