import CADCore
import CADTransport
import Foundation

// bench-poll: workload 5. Creates `--jobs` jobs of one provider in the sandbox (creates spaced to the
// documented create limit) and waits for each with the CADCore `Poller` on the provider's `PollSchedule`,
// all concurrently, over real HTTP through CurlTransport. Time runs `--speed` times faster on both sides
// (the sandbox's `--speed` and a scaled clock for the poller and the client core).
//
// Usage: bench-poll --provider orville|makistry|bitbybit --base-url URL --key KEY --jobs N --speed S
//                   [--create-spacing-seconds SIMULATED]
// `--key` may list several keys, comma-separated (one per workspace): job i uses key i mod n, and the
// creates of each key are spaced by `--create-spacing-seconds`.
// Prints one JSON line.

var values: [String: String] = [:]
for index in stride(from: 1, to: CommandLine.arguments.count - 1, by: 2) {
    values[CommandLine.arguments[index]] = CommandLine.arguments[index + 1]
}
guard let providerName = values["--provider"], let base = values["--base-url"].flatMap(URL.init(string:)),
      let keys = values["--key"]?.split(separator: ",").map(String.init), !keys.isEmpty,
      let provider = ProviderJobs.named(providerName, key: keys[0]) else {
    FileHandle.standardError.write(Data("usage: bench-poll --provider P --base-url URL --key KEY --jobs N --speed S\n".utf8))
    exit(2)
}
let jobCount = Int(values["--jobs"] ?? "") ?? 1
let speed = Double(values["--speed"] ?? "") ?? 30
let spacing = Duration.seconds(Double(values["--create-spacing-seconds"] ?? "") ?? 0)
let clock = ScaledClock(speed: speed)
let transport = CountingTransport(CurlTransport())
let cores = keys.compactMap { ProviderJobs.named(providerName, key: $0) }.map {
    APIClientCore(provider: $0.name, baseURL: base, credential: $0.credential, transport: transport,
                  retryPolicy: .standard, clock: clock, allowInsecureHTTP: true)
}

/// The sandbox's `poll_after_seconds` is in real (clock) seconds; in simulated time it is `speed` times more.
@Sendable func hint(_ fields: [String: Any]) -> Duration? {
    (fields["poll_after_seconds"] as? NSNumber).map { .seconds($0.doubleValue * speed) }
}

struct JobOutcome: Sendable {
    var completed: Bool
    var simulatedSeconds: Double
    var idealPolls: Double?
    var error: String?
}

@Sendable func runJob(_ index: Int) async -> JobOutcome {
    let start = clock.now
    let core = cores[index % cores.count]
    do {
        try await clock.sleep(until: start.advanced(by: spacing * (index / cores.count)), tolerance: nil)
        var create = try core.request(.post, provider.createPath, headers: ["Content-Type": "application/json"],
                                      body: .bytes(Data(provider.createBody.utf8)))
        create.timeouts.total = .seconds(60)
        let created = fields(of: try await core.send(create, idempotencyKey: IdempotencyKey()).body)
        guard let id = created[provider.idKey] as? String else {
            return JobOutcome(completed: false, simulatedSeconds: 0, error: "no \(provider.idKey) in the create response")
        }
        let createdAt = clock.now
        let firstHint = hint(created)
        let poller = Poller(provider: provider.name, timeout: .seconds(3600), schedule: provider.schedule, clock: clock)
        let status: String = try await poller.wait(jobID: id, firstPollAfter: firstHint) {
            let response = try await core.send(try core.request(.get, provider.pollPath(id)))
            let body = fields(of: response.body)
            let status = body["status"] as? String ?? "unknown"
            return PollResult(value: status, status: status, isTerminal: provider.terminal.contains(status),
                              nextPollAfter: hint(body))
        }
        let seconds = createdAt.duration(to: clock.now)
        let ideal = firstHint.map { max(1, (provider.duration / $0).rounded(.up)) }
        return JobOutcome(completed: status != "failed", simulatedSeconds: Double(seconds.components.seconds), idealPolls: ideal)
    } catch {
        return JobOutcome(completed: false, simulatedSeconds: 0, error: String(describing: error))
    }
}

let realStart = ContinuousClock.now
let outcomes = await withTaskGroup(of: JobOutcome.self) { group in
    for index in 0..<jobCount { group.addTask { await runJob(index) } }
    var outcomes: [JobOutcome] = []
    for await outcome in group { outcomes.append(outcome) }
    return outcomes
}
let realSeconds = Double((ContinuousClock.now - realStart).components.attoseconds) / 1e18
    + Double((ContinuousClock.now - realStart).components.seconds)
let counts = transport.snapshot
let completed = outcomes.filter(\.completed).count
let ideals = outcomes.compactMap(\.idealPolls)
let firstError = outcomes.compactMap(\.error).first.map { #","error":"\#($0.replacingOccurrences(of: "\"", with: "'"))""# } ?? ""
print(#"{"provider":"\#(provider.name)","jobs":\#(jobCount),"completed":\#(completed),"creates":\#(counts.creates),"#
      + #""polls":\#(counts.polls),"creates_429":\#(counts.createsRateLimited),"polls_429":\#(counts.pollsRateLimited),"#
      + #""other_429":\#(counts.otherTooManyRequests),"keys":\#(cores.count),"#
      + #""ideal_polls_per_job":\#(ideals.isEmpty ? "null" : String(ideals.reduce(0, +) / Double(ideals.count))),"#
      + #""simulated_seconds_mean":\#(outcomes.map(\.simulatedSeconds).reduce(0, +) / Double(max(1, outcomes.count))),"#
      + #""real_seconds":\#(realSeconds)\#(firstError)}"#)
