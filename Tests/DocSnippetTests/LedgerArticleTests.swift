import CADCore
import CADLedger
import CADSandbox
import Foundation
import Orville
import Testing

/// `Sources/CADLedger/CADLedger.docc/CADLedger.md`: its snippet as written, run twice against the sandbox:
/// the second run resumes the first run's job instead of paying again.
@Suite("DocC snippets: CADLedger")
struct LedgerArticleTests {
    @Test func aSecondRunResumesTheFirstRunsJob() async throws {
        let directory = try SnippetDirectory()
        try await withSandbox { server in
            let ledgerPath = directory.path + "/ledger.sqlite"
            let apiKey = SandboxKey.orvilleDefault.key
            let baseURL = try #require(URL(string: server.orvilleBaseURL))
            let client = try OrvilleClient(apiKey: apiKey, baseURL: baseURL)

            var outcomes: [String] = []
            for _ in 1...2 {
                outcomes.append(try await run(ledgerPath: ledgerPath, baseURL: baseURL, apiKey: apiKey, client: client))
            }
            #expect(outcomes.count == 2 && outcomes[0].hasPrefix("new job ") && outcomes[1].hasPrefix("resuming "))
            #expect(outcomes[0].dropFirst("new job ".count) == outcomes[1].dropFirst("resuming ".count).prefix(while: { $0 != " " }))
            #expect(server.inspector.workDone("orville.create") == 1)
        }
    }

    /// The article's snippet; returns what it printed.
    private func run(ledgerPath: String, baseURL: URL, apiKey: String, client: OrvilleClient) async throws -> String {
        var printed = ""
        func print(_ items: Any...) { printed = items.map { "\($0)" }.joined(separator: " ") }

        let ledger = try Ledger(path: ledgerPath)   // or Ledger(environment:): cadctl's ledger in the state directory
        let submission = JournaledSubmission(journal: ledger)
        let request = SubmissionRequest(
            provider: "orville", baseURL: baseURL.absoluteString, apiKey: apiKey, path: "/api/v1/cad/jobs",
            body: ["prompt": "A 40x20x10 mm bracket"], takesIdempotencyKey: true, summary: "A 40x20x10 mm bracket")
        switch try await submission.submit(request, send: { key in
            try await client.jobs.create(prompt: "A 40x20x10 mm bracket", idempotencyKey: key)
        }, id: { ($0.jobID, $0.status.rawValue) }) {
        case .answered(let accepted, _): print("new job", accepted.jobID)
        case .resumed(let jobID, _, let submittedAt, _): print("resuming", jobID, "from", submittedAt)
        }
        return printed
    }
}
