import CADSandbox
import Foundation
import Orville
import Testing

/// `Sources/CADSandbox/CADSandbox.docc/CADSandbox.md`: its snippet as written.
@Suite("DocC snippets: CADSandbox")
struct SandboxArticleTests {
    @Test func aJobAtTheSandbox() async throws {
        var printed: [String] = []
        func print(_ item: Any) { printed.append("\(item)") }

        try await withSandbox(SandboxConfiguration(speed: 1000)) { server in
            // server.makistryBaseURL and server.bitbybitBaseURL; keys SandboxKey.makistryDefault.key, SandboxKey.bitbybitDefault.key
            let orville = try OrvilleClient(apiKey: SandboxKey.orvilleDefault.key, baseURL: URL(string: server.orvilleBaseURL))
            let accepted = try await orville.jobs.create(prompt: "A 20 mm cube")
            print(try await orville.jobs.wait(accepted).status)   // completed, at 1000× the documented speed
        }

        #expect(printed == ["completed"])
    }
}
