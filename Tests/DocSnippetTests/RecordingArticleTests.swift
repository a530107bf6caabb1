import CADRecording
import CADSandbox
import Foundation
import Orville
import Testing

/// `Sources/CADRecording/CADRecording.docc/CADRecording.md`: its snippet as written, against the sandbox.
@Suite("DocC snippets: CADRecording")
struct RecordingArticleTests {
    @Test func aRecordedBalanceRequest() async throws {
        let directory = try SnippetDirectory()
        try await withSandbox { server in
            let harPath = directory.path + "/balance.har"
            let key = SandboxKey.orvilleDefault.key
            let baseURL = URL(string: server.orvilleBaseURL)
            let metadata = CassetteMetadata(
                provider: "orville", apiVersion: nil, source: .sandbox, recordedAt: "2026-12-05T00:00:00Z",
                how: "DocSnippetTests")

            // Every exchange the client makes is written to the HAR file at harPath (scrubbed) as it happens.
            let recorder = RecordingTransport(upstream: CurlTransport.shared, path: harPath, metadata: metadata)
            let orville = try OrvilleClient(apiKey: key, baseURL: baseURL, configuration: ClientConfiguration(transport: recorder))
            _ = try await orville.billing.balance()

            let har = try String(contentsOfFile: harPath, encoding: .utf8)
            #expect(har.contains("/billing"))
            #expect(!har.contains(key), "the key was recorded")
        }
    }
}
