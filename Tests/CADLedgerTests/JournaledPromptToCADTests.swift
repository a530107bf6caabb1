import CADCore
import CADLedger
import Foundation
import Synchronization
import Testing

/// A provider that makes a job per submission it receives, and finishes jobs on `wait`.
final class CountingProvider: PromptToCADClient {
    let submissions = Mutex<[IdempotencyKey?]>([])
    var supportedFormats: [PromptToCADFormat] { PromptToCADFormat.allCases }

    func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob {
        let count = submissions.withLock { $0.append(request.idempotencyKey); return $0.count }
        return PromptToCADJob(provider: "orville", jobID: "cadjob_\(count)", state: .queued, status: "queued")
    }
    func status(_ jobID: String) async throws -> PromptToCADJob {
        PromptToCADJob(provider: "orville", jobID: jobID, state: .running, status: "running")
    }
    func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob {
        PromptToCADJob(provider: "orville", jobID: jobID, state: .succeeded, status: "completed")
    }
    func download(_ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?)
        async throws -> [DownloadResult] { [] }
}

@Suite("JournaledPromptToCAD")
struct JournaledPromptToCADTests {
    @Test func resumesUntilTheJobIsWaitedFor() async throws {
        let provider = CountingProvider()
        let cad = JournaledPromptToCAD(
            client: provider, journal: try Ledger(path: temporaryLedgerPath(), now: TestNow().now), provider: "orville",
            baseURL: "https://example.invalid", apiKey: "gcad_live_journal_test_key_0000")
        let request = PromptToCADRequest(prompt: "A plate")
        let first = try await cad.submit(request)
        let second = try await cad.submit(request)
        #expect(first.jobID == "cadjob_1" && second.jobID == "cadjob_1")
        #expect(provider.submissions.withLock { $0.count } == 1)
        #expect(provider.submissions.withLock { $0[0] } != nil, "a key is sent so a resend is safe")
        _ = try await cad.wait(first.jobID)
        let third = try await cad.submit(request)
        #expect(third.jobID == "cadjob_2")
    }

    @Test func anotherFormatIsAnotherRequest() async throws {
        let provider = CountingProvider()
        let cad = JournaledPromptToCAD(
            client: provider, journal: try Ledger(path: temporaryLedgerPath(), now: TestNow().now), provider: "makistry",
            baseURL: "https://example.invalid", apiKey: "mk_pub_journal_test_key_0000")
        let stl = try await cad.submit(PromptToCADRequest(prompt: "A plate", format: .stl))
        let glb = try await cad.submit(PromptToCADRequest(prompt: "A plate", format: .glb))
        let stlAgain = try await cad.submit(PromptToCADRequest(prompt: "A plate", format: .stl))
        #expect(stl.jobID == "cadjob_1" && glb.jobID == "cadjob_2" && stlAgain.jobID == "cadjob_1")
        #expect(provider.submissions.withLock { $0.count } == 2)
    }
}
