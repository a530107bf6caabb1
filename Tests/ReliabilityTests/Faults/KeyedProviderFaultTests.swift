import CADSandbox
import Foundation
import Makistry
import Orville
import Testing

/// Every billable request of the two providers with idempotency keys, under every fault: exactly one piece
/// of work is done, every attempt carried the same `Idempotency-Key`, and the call succeeds.
@Suite("Fault matrix: Orville and Makistry writes", .serialized)
struct KeyedProviderFaultTests {
    /// A sandbox on an auto-advancing manual clock (the client's backoff sleeps move the sandbox's time),
    /// talked to through the real `CurlTransport`.
    static func withSandbox<T>(_ body: (SandboxServer, CADCore.ManualClock) async throws -> T) async throws -> T {
        let clock = CADCore.ManualClock(autoAdvance: true)
        let server = try await SandboxServer.start(SandboxConfiguration(speed: 1, clock: clock))
        do {
            let result = try await body(server, clock)
            try await server.shutdown()  // graceful: a response held by the timeout fault finishes first
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// An Orville client of the sandbox that gives up on a request after `requestTimeout`.
    static func orville(
        _ server: SandboxServer, _ clock: CADCore.ManualClock, requestTimeout: Duration
    ) throws -> OrvilleClient {
        try OrvilleClient(
            apiKey: SandboxKey.orvilleDefault.key, baseURL: try #require(URL(string: server.orvilleBaseURL)) as URL,
            configuration: ClientConfiguration(transport: CurlTransport(), requestTimeout: requestTimeout, clock: clock))
    }

    /// The attempts on `route` and whether they all carried one idempotency key.
    static func attempts(_ server: SandboxServer, method: String, pathSuffix: String) -> (count: Int, sameKey: Bool) {
        let posts = server.inspector.requests.filter { $0.method == method && $0.path.hasSuffix(pathSuffix) }
        let keys = Set(posts.map { $0.idempotencyKey ?? "<none>" })
        return (posts.count, keys.count == 1 && !keys.contains("<none>"))
    }

    @Test("Orville create, iterate and review")
    func orvilleMatrix() async throws {
        var rows: [MatrixRow] = []
        for operation in ["create", "iterate", "review"] {
            for fault in FaultKind.allCases {
                let row = try await Self.withSandbox { server, clock -> MatrixRow in
                    let client = try Self.orville(server, clock, requestTimeout: fault.requestTimeout)
                    var jobID = ""
                    if operation != "create" {
                        jobID = try await client.jobs.create(prompt: "A 40x20x10 mm box").jobID
                        _ = try await client.jobs.wait(jobID, timeout: .seconds(3600))
                    }
                    let route: String, suffix: String, work: String
                    switch operation {
                    case "create": (route, suffix, work) = ("POST /orville/api/v1/cad/jobs", "/cad/jobs", "orville.create")
                    case "iterate": (route, suffix, work) = ("POST /orville/api/v1/cad/jobs/{job_id}/messages", "/messages", "orville.iterate")
                    default: (route, suffix, work) = ("POST /orville/api/v1/cad/jobs/{job_id}/review", "/review", "orville.review")
                    }
                    let before = server.inspector.workDone(work)
                    server.faults.inject(fault.action, on: route, count: 1)
                    var outcome = "ok"
                    do {
                        switch operation {
                        case "create": _ = try await client.jobs.create(prompt: "A 40x20x10 mm box")
                        case "iterate": _ = try await client.jobs.sendMessage(jobID, prompt: "Make it 12 mm tall")
                        default: _ = try await client.jobs.review(jobID, prompt: "Is the wall thick enough?")
                        }
                    } catch {
                        outcome = "error: \(CADError(error).message)"
                    }
                    try await server.shutdown()
                    let (count, sameKey) = Self.attempts(server, method: "POST", pathSuffix: suffix)
                    let done = server.inspector.workDone(work) - before
                    return MatrixRow(
                        operation: "orville \(operation)", fault: fault, attempts: count, workDone: done, sameKey: sameKey,
                        outcome: outcome, passed: outcome == "ok" && done == 1 && sameKey && count >= 2)
                }
                #expect(row.passed, "\(row.operation) under \(row.fault.rawValue): \(row)")
                rows.append(row)
            }
        }
        print(FaultMatrix.table("Fault matrix, Orville (one piece of work per call, one key per call):", rows))
    }

    @Test("Makistry text-to-CAD and image-to-CAD")
    func makistryMatrix() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("sketch.png").path
        try (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 200)).write(to: URL(fileURLWithPath: image))
        var rows: [MatrixRow] = []
        for operation in ["text-to-cad", "image-to-cad"] {
            for fault in FaultKind.allCases {
                let row = try await Self.withSandbox { server, clock -> MatrixRow in
                    var policy = RetryPolicy.makistry
                    policy.jitter = .constant(0)
                    var client = try MakistryClient(
                        apiKey: SandboxKey.makistryDefault.key, baseURL: try #require(URL(string: server.makistryBaseURL)) as URL,
                        configuration: ClientConfiguration(
                            transport: CurlTransport(), retryPolicy: policy, requestTimeout: fault.requestTimeout,
                            clock: clock))
                    client.rateLimiter = MakistryRateLimiter(clock: clock)
                    server.faults.inject(fault.action, on: "POST /makistry/v1/\(operation)", count: 1)
                    var outcome = "ok"
                    do {
                        if operation == "text-to-cad" {
                            _ = try await client.jobs.create(TextToCADRequest(prompt: "A 40x20x10 mm box"))
                        } else {
                            _ = try await client.jobs.create(ImageToCADRequest(images: [image], prompt: "this bracket"))
                        }
                    } catch {
                        outcome = "error: \(CADError(error).message)"
                    }
                    try await server.shutdown()
                    let (count, sameKey) = Self.attempts(server, method: "POST", pathSuffix: "/\(operation)")
                    let done = server.inspector.workDone("makistry.create")
                    return MatrixRow(
                        operation: "makistry \(operation)", fault: fault, attempts: count, workDone: done, sameKey: sameKey,
                        outcome: outcome, passed: outcome == "ok" && done == 1 && sameKey && count >= 2)
                }
                #expect(row.passed, "\(row.operation) under \(row.fault.rawValue): \(row)")
                rows.append(row)
            }
        }
        print(FaultMatrix.table("Fault matrix, Makistry (one job per call, one key per call):", rows))
    }
}
