import Bitbybit
import CADSandbox
import Foundation
import Logging
import Makistry
import Orville
import Synchronization
import Testing

/// Every client takes a swift-log `Logger` and writes one `debug` line per HTTP exchange to it: as many
/// lines as the sandbox counted requests, none at a higher level, and never the key.
@Suite("Client logging", .serialized)
struct ClientLoggingTests {
    @Test func orvilleLogsOneRedactedDebugLinePerExchange() async throws {
        try await Self.check(provider: "orville", key: SandboxKey.orvilleDefault.key) { server, logger in
            let client = try OrvilleClient(
                apiKey: SandboxKey.orvilleDefault.key, baseURL: try #require(URL(string: server.orvilleBaseURL)) as URL,
                configuration: ClientConfiguration(transport: CurlTransport(), logger: logger))
            let accepted = try await client.jobs.create(prompt: "A 30x20x5 mounting plate")
            _ = try await client.jobs.get(accepted.jobID)
            _ = try await client.billing.balance()
        }
    }

    @Test func makistryLogsOneRedactedDebugLinePerExchange() async throws {
        try await Self.check(provider: "makistry", key: SandboxKey.makistryDefault.key) { server, logger in
            let client = try MakistryClient(
                apiKey: SandboxKey.makistryDefault.key, baseURL: try #require(URL(string: server.makistryBaseURL)) as URL,
                configuration: ClientConfiguration(transport: CurlTransport(), logger: logger))
            let submitted = try await client.jobs.create(TextToCADRequest(prompt: "A bracket"))
            _ = try await client.jobs.get(submitted.jobID)
        }
    }

    @Test func bitbybitLogsOneRedactedDebugLinePerExchange() async throws {
        try await Self.check(provider: "bitbybit", key: SandboxKey.bitbybitDefault.key) { server, logger in
            let client = try BitbybitClient(
                apiKey: SandboxKey.bitbybitDefault.key, baseURL: try #require(URL(string: server.bitbybitBaseURL)) as URL,
                configuration: ClientConfiguration(transport: CurlTransport(), logger: logger))
            _ = try await client.models.list()
            _ = try await client.tasks.page(1, limit: 5)
        }
    }

    /// Runs `body` against a fresh sandbox with a collecting logger, then compares lines and requests.
    static func check(
        provider: String, key: String, _ body: (SandboxServer, Logger) async throws -> Void
    ) async throws {
        let lines = CollectedLines()
        var logger = Logger(label: "test.\(provider)") { _ in CollectingLogHandler(lines: lines) }
        logger.logLevel = .trace
        let server = try await SandboxServer.start(SandboxConfiguration())
        do {
            try await body(server, logger)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
        let collected = lines.all
        let requests = server.inspector.requests.count
        #expect(requests >= 2)
        let exchanges = collected.filter { $0.message == "http exchange" }
        #expect(exchanges.count == requests, "\(collected.map(\.text))")
        #expect(exchanges.allSatisfy { $0.level == .debug })
        #expect(exchanges.allSatisfy { $0.text.contains("provider=\(provider)") && $0.text.contains("status=") },
                "\(exchanges.map(\.text))")
        for line in collected { #expect(!line.text.contains(key), "the key leaked into a log line: \(line.text)") }
    }
}

/// One logged line, rendered as `message key=value …` (metadata sorted).
struct CollectedLine: Sendable {
    var level: Logger.Level
    var message: String
    var text: String
}

final class CollectedLines: Sendable {
    private let storage = Mutex<[CollectedLine]>([])
    func append(_ line: CollectedLine) { storage.withLock { $0.append(line) } }
    var all: [CollectedLine] { storage.withLock { $0 } }
}

/// A `LogHandler` that keeps every line in memory.
struct CollectingLogHandler: LogHandler {
    let lines: CollectedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let text = ([event.message.description] + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            .joined(separator: " ")
        lines.append(CollectedLine(level: event.level, message: event.message.description, text: text))
    }
}
