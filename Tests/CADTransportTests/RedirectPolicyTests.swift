@testable import CADTransport
import Foundation
import Testing

@Suite("RedirectPolicy (pure)")
struct RedirectPolicyTests {
    let request = HTTPRequest(
        method: .post, url: URL(string: "https://api.example.com/v1/jobs?x=1")!,
        headers: ["Authorization": "Bearer k", "X-API-Key": "k", "Content-Type": "application/json", "Accept": "*/*"],
        body: .bytes(Data("{}".utf8)), followRedirects: true)

    @Test("non-redirect statuses give no next request")
    func notRedirect() throws {
        #expect(try RedirectPolicy.nextRequest(after: request, status: 200, location: "/x") == nil)
        #expect(try RedirectPolicy.nextRequest(after: request, status: 304, location: "/x") == nil)
    }

    @Test("credentials dropped when scheme, host or port change; kept on the same origin")
    func origins() throws {
        let cases: [(String, Bool)] = [
            ("/v1/other", true),
            ("https://api.example.com:443/x", true),
            ("http://api.example.com/x", false),
            ("https://API.example.com/x", true),
            ("https://storage.example.com/x", false),
            ("https://api.example.com:8443/x", false),
        ]
        for (location, keeps) in cases {
            let next = try #require(try RedirectPolicy.nextRequest(after: request, status: 307, location: location))
            #expect((next.headers["authorization"] != nil) == keeps, "\(location)")
            #expect((next.headers["x-api-key"] != nil) == keeps, "\(location)")
            #expect(next.headers["Accept"] == "*/*")
        }
    }

    @Test("303, and 301/302 after POST, become GET without body; 307/308 keep method and body")
    func methods() throws {
        for status in [301, 302, 303] {
            let next = try #require(try RedirectPolicy.nextRequest(after: request, status: status, location: "/n"))
            #expect(next.method == .get)
            #expect(next.body.isEmpty)
            #expect(next.headers["Content-Type"] == nil)
        }
        for status in [307, 308] {
            let next = try #require(try RedirectPolicy.nextRequest(after: request, status: status, location: "/n"))
            #expect(next.method == .post)
            #expect(!next.body.isEmpty)
        }
    }

    @Test("relative locations resolve against the current URL; a missing or non-http Location is an error")
    func locations() throws {
        let next = try #require(try RedirectPolicy.nextRequest(after: request, status: 302, location: "files/a.step"))
        #expect(next.url.absoluteString == "https://api.example.com/v1/files/a.step")
        #expect(throws: TransportError.self) { try RedirectPolicy.nextRequest(after: request, status: 302, location: nil) }
        #expect(throws: TransportError.self) {
            try RedirectPolicy.nextRequest(after: request, status: 302, location: "file:///etc/passwd")
        }
    }
}
