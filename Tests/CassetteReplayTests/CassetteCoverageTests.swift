import Foundation
import Testing

@Suite("Every cassette under Recordings/ is replayed through the SDK")
struct CassetteCoverageTests {
    @Test("each .har file has a replay test, and each replay test has its .har file")
    func everyCassetteIsReplayed() throws {
        let onDisk = Set(try Cassettes.allScenarios())
        #expect(onDisk.count >= 65, "expected the 65 published-example cassettes, found \(onDisk.count)")
        let covered = ReplayedScenarios.all
        let untested = onDisk.subtracting(covered).sorted()
        let missing = covered.subtracting(onDisk).sorted()
        #expect(untested.isEmpty, "cassettes without a replay test (add one in Tests/CassetteReplayTests): \(untested)")
        #expect(missing.isEmpty, "replay tests for cassettes that do not exist: \(missing)")
    }
}
