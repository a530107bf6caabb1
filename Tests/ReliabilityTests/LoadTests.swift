import CADSandbox
import Foundation
import Makistry
import Testing

/// 500 jobs through one client, concurrently, against the sandbox with Makistry's per-minute limit on (20
/// submissions a minute per key): every job completes, none is lost or made twice, and the 429s the server
/// sent are counted and reported. The client-side limiter should keep them near zero; a few can still
/// happen here because the run is compressed 300-fold, so 50 ms of scheduling delay on a busy test machine
/// is 15 simulated seconds (the limiter's margin): they are retried, and the bound below catches a limiter
/// that does not work (without it, most of the 500 concurrent submissions are refused). Client and sandbox run 300 times faster than real time (the
/// client on a `ScaledClock`, the sandbox at speed 300), so 25 simulated minutes take about 5 seconds.
/// The hourly limit (100) is raised on both sides: at this scale it would only stretch the run to five
/// simulated hours without testing anything the minute window does not.
@Suite("Load")
struct LoadTests {
    static let jobCount = ProcessInfo.processInfo.environment["CADCTL_LOAD_JOBS"].flatMap(Int.init) ?? 500

    @Test("500 Makistry jobs submitted and awaited concurrently through one client")
    func fiveHundredJobs() async throws {
        let speed = 300.0
        let clock = ScaledClock(factor: speed)
        let server = try await SandboxServer.start(SandboxConfiguration(
            speed: speed, rateLimits: ["makistry.per_hour": SandboxRateLimit(limit: 1_000_000, windowSeconds: 3600)]))
        do {
            var policy = RetryPolicy.makistry
            policy.jitter = .constant(0)
            policy.maxRetries = 8  // a 429 that slips through is retried, not turned into a lost job
            var made = try MakistryClient(
                apiKey: SandboxKey.makistryDefault.key, baseURL: try #require(URL(string: server.makistryBaseURL)) as URL,
                configuration: ClientConfiguration(
                    transport: CurlTransport(), retryPolicy: policy, clock: clock, pollJitter: .constant(0)))
            made.rateLimiter = MakistryRateLimiter(
                windows: [.init(limit: 20, per: .seconds(60))], margin: .seconds(15), clock: clock)
            let client = made
            let started = ContinuousClock.now
            let virtualStart = clock.now
            let outcomes = try await withThrowingTaskGroup(of: (submitted: String, finished: MakistryJob).self) { group in
                for index in 0..<Self.jobCount {
                    group.addTask {
                        let submission = try await client.jobs.create(TextToCADRequest(prompt: "Load test box \(index) 40x20x10mm"))
                        let job = try await client.jobs.wait(submission.jobID, timeout: .seconds(24 * 3600))
                        return (submission.jobID, job)
                    }
                }
                var collected: [(submitted: String, finished: MakistryJob)] = []
                for try await outcome in group { collected.append(outcome) }
                return collected
            }
            let rejections = server.inspector.rateLimitRejections.values.reduce(0, +)
            let requests = server.inspector.requests.count
            try await server.shutdown()

            #expect(outcomes.count == Self.jobCount)
            #expect(Set(outcomes.map(\.submitted)).count == Self.jobCount, "every submission has its own job")
            #expect(outcomes.allSatisfy { $0.finished.jobID == $0.submitted && $0.finished.status == .success })
            #expect(server.inspector.workDone("makistry.create") == Self.jobCount, "no job made twice, none lost")
            #expect(rejections < Self.jobCount / 10, "the client-side limiter kept (nearly) within the server's limits")
            print("""
                Load: \(Self.jobCount) Makistry jobs, \(outcomes.filter { $0.finished.status == .success }.count) completed, \
                \(server.inspector.workDone("makistry.create")) created server-side, 429s received: \(rejections), \
                requests: \(requests), virtual time: \(virtualStart.duration(to: clock.now)), real time: \(ContinuousClock.now - started)
                """)
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
