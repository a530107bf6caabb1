import CADCore
import CADRecording
import Foundation
import Synchronization
import Testing
import CADTestSupport

/// The committed cassettes under `Recordings/`, found from this file's place in the repository, and what
/// the replay tests need from them: a `ReplayTransport` per scenario, recorded bodies, scratch folders.
enum Cassettes {
    /// The repository's root (`Tests/CassetteReplayTests/Support/Cassettes.swift` is four levels down).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Recordings/`.
    static let recordings = repositoryRoot.appendingPathComponent("Recordings")

    /// The stand-in images the published-example cassettes were built with.
    static func exampleImage(_ name: String) -> String {
        recordings.appendingPathComponent("tools/examples/images/\(name)").path
    }

    /// `Recordings/PROVIDER/SCENARIO.har`.
    static func path(_ provider: String, _ scenario: String) -> String {
        recordings.appendingPathComponent("\(provider)/\(scenario).har").path
    }

    /// A transport that answers only from the cassette: nothing reaches the network, a request the
    /// cassette does not hold fails with `ReplayMismatchError`, and every exchange is served at most once.
    static func replay(_ provider: String, _ scenario: String) throws -> ReplayTransport {
        try ReplayTransport(path: path(provider, scenario))
    }

    /// Every `PROVIDER/SCENARIO` with a `.har` file under `Recordings/`, sorted.
    static func allScenarios() throws -> [String] {
        var names: [String] = []
        for provider in try FileManager.default.contentsOfDirectory(atPath: recordings.path).sorted() {
            var isDirectory: ObjCBool = false
            let folder = recordings.appendingPathComponent(provider)
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".har") {
                names.append("\(provider)/\(file.dropLast(".har".count))")
            }
        }
        return names.sorted()
    }

    /// The response body of the recorded exchange `index` (base64 bodies decoded).
    static func responseBody(_ provider: String, _ scenario: String, entry index: Int) throws -> Data {
        let cassette = try Cassette.load(from: path(provider, scenario))
        let content = cassette.entries[index].response.content
        let text = try #require(content.text, "\(provider)/\(scenario) entry \(index) keeps no response body")
        if content.encoding == "base64" { return try #require(Data(base64Encoded: text)) }
        return Data(text.utf8)
    }

    /// The bytes of the file at `path`.
    static func contents(of path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// A fresh, empty folder under the temporary directory.
    static func scratchFolder() throws -> String {
        try TestScratch.directory("cadctl-replay").path
    }

    /// The error `body` throws, as an `APIError`; records an issue (and rethrows) when it throws something
    /// else or nothing.
    static func apiError(
        _ sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async throws -> APIError {
        do {
            try await body()
        } catch let error as APIError {
            return error
        }
        Issue.record("expected an APIError, but the call succeeded", sourceLocation: sourceLocation)
        throw CassetteReplayFailure.noError
    }
}

/// The call under test did not fail as its cassette records.
enum CassetteReplayFailure: Error {
    case noError
}

/// Every scenario the replay tests cover, by provider, for the coverage check. A test that replays a
/// cassette adds its name here; a new cassette without a test fails `CassetteCoverageTests`.
enum ReplayedScenarios {
    /// `PROVIDER/SCENARIO` for every covered cassette.
    static var all: Set<String> {
        Set(OrvilleCassetteReplayTests.scenarios.map { "orville/\($0)" }
            + MakistryCassetteReplayTests.scenarios.map { "makistry/\($0)" }
            + BitbybitCassetteReplayTests.scenarios.map { "bitbybit/\($0)" })
    }
}

/// Collects the status of every poll a `wait` makes.
final class PollStatusLog: Sendable {
    private let statuses = Mutex<[String]>([])

    /// Give this to `wait(observer:)`.
    var observer: PollObserver {
        { event in self.record(event.status ?? "?") }
    }

    private func record(_ status: String) {
        statuses.withLock { $0.append(status) }
    }

    /// The statuses seen, one per poll, in order.
    var seen: [String] { statuses.withLock { $0 } }
}
