import CADCore
import CADLedger
import Foundation
import Synchronization
import Testing
import CADTestSupport

/// A settable clock for the resume window.
final class TestNow: Sendable {
    private let value = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: @Sendable () -> Date { { self.value.withLock { $0 } } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
}

func temporaryLedgerPath() -> String {
    // The scratch directory is made; the ledger makes `state/` itself (mode 0700).
    ((try? TestScratch.directory("cadledger").path) ?? NSTemporaryDirectory() + "cadledger-\(UUID().uuidString)") + "/state/ledger.sqlite"
}

@Suite("Ledger")
struct LedgerTests {
    static let key = "gcad_live_secret_key_for_ledger_tests_0001"

    static func request(
        provider: String = "orville", prompt: String = "A bracket", takesKey: Bool = true, forceNew: Bool = false,
        files: [String] = []
    ) -> SubmissionRequest {
        SubmissionRequest(
            provider: provider, baseURL: "http://127.0.0.1:9/orville", apiKey: key, path: "/api/v1/cad/jobs",
            body: ["prompt": .string(prompt)], uploadedFiles: files, takesIdempotencyKey: takesKey, summary: prompt,
            forceNew: forceNew)
    }

    @Test func recordsThenResumesAnUnfinishedJob() async throws {
        let clock = TestNow()
        let ledger = try Ledger(path: temporaryLedgerPath(), now: clock.now)
        guard case .sendNew(let ticket, let key?) = try await ledger.begin(Self.request()) else {
            Issue.record("expected a new submission with a key"); return
        }
        try await ledger.recordAnswer(ticket, id: "cadjob_1", status: "queued")
        clock.advance(60)
        let again = try await ledger.begin(Self.request())
        #expect(again == .resume(ticket, jobID: "cadjob_1", status: "queued", submittedAt: Date(timeIntervalSince1970: 1_800_000_000)))
        let history = try await ledger.history()
        #expect(history.count == 1 && history[0].idempotencyKey == key.value && history[0].id == "cadjob_1")
    }

    @Test func resendsWithTheRecordedKeyWhenNoAnswerWasRecorded() async throws {
        let ledger = try Ledger(path: temporaryLedgerPath(), now: TestNow().now)
        guard case .sendNew(let ticket, let key?) = try await ledger.begin(Self.request()) else {
            Issue.record("expected a new submission"); return
        }
        guard case .resend(let same, let recorded, _) = try await ledger.begin(Self.request()) else {
            Issue.record("expected a resend"); return
        }
        #expect(same == ticket && recorded == key)
    }

    @Test func refusesAnUnknownFateWithoutIdempotency() async throws {
        let ledger = try Ledger(path: temporaryLedgerPath(), now: TestNow().now)
        guard case .sendNew(let ticket, nil) = try await ledger.begin(Self.request(provider: "bitbybit", takesKey: false)) else {
            Issue.record("expected a new submission without a key"); return
        }
        guard case .refuse(let same, _) = try await ledger.begin(Self.request(provider: "bitbybit", takesKey: false)) else {
            Issue.record("expected a refusal"); return
        }
        #expect(same == ticket)
        // --new skips the rule.
        guard case .sendNew(let other, nil) = try await ledger.begin(Self.request(provider: "bitbybit", takesKey: false, forceNew: true)) else {
            Issue.record("expected --new to submit"); return
        }
        #expect(other != ticket)
    }

    @Test func neverResumesAFinishedOrOldOrDifferentSubmission() async throws {
        let clock = TestNow()
        let ledger = try Ledger(path: temporaryLedgerPath(), now: clock.now)
        guard case .sendNew(let first, _) = try await ledger.begin(Self.request()) else { Issue.record("new"); return }
        try await ledger.recordAnswer(first, id: "cadjob_1", status: "queued")
        try await ledger.recordStatus(first, status: "completed", isTerminal: true)
        guard case .sendNew(let second, _) = try await ledger.begin(Self.request()) else {
            Issue.record("a finished submission was resumed"); return
        }
        try await ledger.recordAnswer(second, id: "cadjob_2", status: "queued")
        guard case .sendNew = try await ledger.begin(Self.request(prompt: "Another bracket")) else {
            Issue.record("a different request was resumed"); return
        }
        clock.advance(Ledger.resumeWindow - 1)
        guard case .resume(_, "cadjob_2", _, _) = try await ledger.begin(Self.request()) else {
            Issue.record("a submission inside the window was not resumed"); return
        }
        clock.advance(2)
        guard case .sendNew = try await ledger.begin(Self.request()) else {
            Issue.record("a submission older than 24 h was resumed"); return
        }
        let statuses = try await ledger.history().first { $0.id == "cadjob_1" }?.statuses
        #expect(statuses == ["queued", "completed"])
    }

    @Test func anotherKeyOrUploadedFileIsAnotherRequest() async throws {
        let ledger = try Ledger(path: temporaryLedgerPath(), now: TestNow().now)
        let directory = try TestScratch.directory("cadledger-files")
        let image = directory.appendingPathComponent("a.png").path
        try Data("one".utf8).write(to: URL(fileURLWithPath: image))
        guard case .sendNew(let ticket, _) = try await ledger.begin(Self.request(files: [image])) else { Issue.record("new"); return }
        try await ledger.recordAnswer(ticket, id: "cadjob_1", status: "queued")
        var otherKey = Self.request(files: [image])
        otherKey.apiKey = "gcad_live_another_key_000000000000"
        guard case .sendNew = try await ledger.begin(otherKey) else { Issue.record("another key resumed"); return }
        try Data("two".utf8).write(to: URL(fileURLWithPath: image))
        guard case .sendNew = try await ledger.begin(Self.request(files: [image])) else { Issue.record("another file resumed"); return }
        var scoped = Self.request(files: [image])
        scoped.scope = "cadctl sync /repo/cadctl.toml part knob"
        guard case .sendNew = try await ledger.begin(scoped) else { Issue.record("another scope resumed"); return }
    }

    @Test func aRefusedSubmissionIsForgotten() async throws {
        let ledger = try Ledger(path: temporaryLedgerPath(), now: TestNow().now)
        guard case .sendNew(let ticket, _) = try await ledger.begin(Self.request(provider: "bitbybit", takesKey: false)) else {
            Issue.record("new"); return
        }
        try await ledger.recordNotSubmitted(ticket)
        guard case .sendNew = try await ledger.begin(Self.request(provider: "bitbybit", takesKey: false)) else {
            Issue.record("a refused submission blocked the next one"); return
        }
    }

    @Test func filesAreRecordedWithSizeAndDigest() async throws {
        let ledger = try Ledger(path: temporaryLedgerPath(), now: TestNow().now)
        guard case .sendNew(let ticket, _) = try await ledger.begin(Self.request()) else { Issue.record("new"); return }
        let file = try TestScratch.directory("cadledger-file").appendingPathComponent("part.step").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
        try await ledger.recordFile(ticket, path: file)
        let files = try await ledger.submission(ticket)?.files
        #expect(files == [LedgerFile(path: file, bytes: 3,
                                     sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")])
    }

    @Test func theDatabaseIsPrivateAndHoldsNoKey() async throws {
        let path = temporaryLedgerPath()
        let ledger = try Ledger(path: path, now: TestNow().now)
        guard case .sendNew(let ticket, _) = try await ledger.begin(Self.request()) else { Issue.record("new"); return }
        try await ledger.recordAnswer(ticket, id: "cadjob_1", status: "queued")
        let directory = (path as NSString).deletingLastPathComponent
        let directoryMode = try #require(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int)
        let fileMode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(directoryMode == 0o700 && fileMode == 0o600)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "\(name) holds the key")
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(name) has mode \(String(mode, radix: 8))")
        }
        #expect(try await ledger.history()[0].keyFingerprint == RequestFingerprint.key(Self.key))
        #expect(RequestFingerprint.key(Self.key).count == 16)
    }

    /// Two connections (as two processes would have) submitting the same and different requests at once:
    /// every call gets an answer, one submission per distinct request, the others resend it.
    @Test func twoConnectionsAtOnce() async throws {
        let path = temporaryLedgerPath()
        let first = try Ledger(path: path, now: TestNow().now)
        let second = try Ledger(path: path, now: TestNow().now)
        let decisions = try await withThrowingTaskGroup(of: SubmissionDecision.self) { group in
            for index in 0..<40 {
                let ledger = index.isMultiple(of: 2) ? first : second
                group.addTask { try await ledger.begin(Self.request(prompt: "part \(index % 10)")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let new = decisions.filter { if case .sendNew = $0 { true } else { false } }
        #expect(new.count == 10 && decisions.count == 40)
        #expect(try await first.history().count == 10)
    }
}
