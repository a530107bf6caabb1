import CADSandbox
import Foundation
import Orville
import Testing
import CADTestSupport

/// A sandbox and an `OrvilleClient` pointed at it through the real `CurlTransport` over loopback.
///
/// Both share one auto-advancing `CADCore.ManualClock` at speed 1: every sleep of the client (a poll
/// delay, a retry backoff) jumps virtual time, which is also the sandbox's time, so a 270 s job completes
/// after the client has waited 270 virtual seconds and nothing really sleeps.
struct OrvilleTestSandbox: Sendable {
    static let key = SandboxKey.orvilleDefault.key
    static let readOnlyKey = SandboxKey.orvilleReadOnly.key
    static let noScopeKey = SandboxKey.orvilleNoScopes.key

    let server: SandboxServer
    let clock: CADCore.ManualClock
    let transport: CurlTransport

    var inspector: SandboxInspector { server.inspector }

    /// A client for `key`, with the given retry policy and poll schedule.
    func client(
        key: String = OrvilleTestSandbox.key, retryPolicy: RetryPolicy = .standard, pollSchedule: PollSchedule = .orville
    ) throws -> OrvilleClient {
        guard let baseURL = URL(string: server.orvilleBaseURL) else {
            throw CADError.other("the sandbox gave an unusable base URL: \(server.orvilleBaseURL)")
        }
        return try OrvilleClient(
            apiKey: key, baseURL: baseURL,
            configuration: ClientConfiguration(
                transport: transport, retryPolicy: retryPolicy, pollSchedule: pollSchedule, clock: clock))
    }

    /// GET requests the sandbox saw for the job's status.
    func statusPolls(_ jobID: String) -> Int {
        inspector.requestCount(path: "/orville/api/v1/cad/jobs/\(jobID)", method: "GET")
    }

    /// Starts a sandbox (`configure` may change its settings), runs `body`, and always shuts it down.
    static func with<T>(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (OrvilleTestSandbox) async throws -> T
    ) async throws -> T {
        let clock = CADCore.ManualClock(autoAdvance: true)
        var configuration = SandboxConfiguration(speed: 1, clock: clock)
        configure(&configuration)
        let server = try await SandboxServer.start(configuration)
        let sandbox = OrvilleTestSandbox(server: server, clock: clock, transport: CurlTransport())
        do {
            let result = try await body(sandbox)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}

/// Small files with the right magic bytes, and scratch directories.
enum OrvilleFixtures {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 120)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 60)
    static let gif = Data("GIF89a".utf8) + Data(repeating: 2, count: 30)
    static let webp = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WEBPVP8 ".utf8) + Data(repeating: 3, count: 30)
    static let heic = Data([0, 0, 0, 24]) + Data("ftypheic".utf8) + Data(repeating: 4, count: 30)
    static let heif = Data([0, 0, 0, 24]) + Data("ftypmif1".utf8) + Data(repeating: 5, count: 30)
    static let text = Data("just some text, not an image".utf8)

    /// A fresh temporary directory.
    static func directory() throws -> String {
        try TestScratch.directory("orville-tests").path
    }

    /// Writes `data` to a new file named `name` in a fresh directory and returns its path.
    static func file(_ name: String, _ data: Data) throws -> String {
        let path = try directory() + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// The error `body` threw, as `E`.
func caught<E: Error>(_ type: E.Type, _ body: () async throws -> Void) async -> E? {
    do {
        try await body()
        return nil
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), got \(error)")
        return nil
    }
}
