import CADSandbox
import CADTransport
import Foundation
import Testing

/// `Sources/CADTransport/CADTransport.docc/CADTransport.md`: its snippet as written, against the sandbox.
@Suite("DocC snippets: CADTransport")
struct TransportArticleTests {
    @Test func aGETThroughTheSharedTransport() async throws {
        try await withSandbox { server in
            let healthURL = try #require(URL(string: server.bitbybitBaseURL + "/health"))

            let transport = CurlTransport.shared
            let response = try await transport.send(HTTPRequest(method: .get, url: healthURL))
            print(response.status)

            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self).contains("\"ok\""))
        }
    }
}
