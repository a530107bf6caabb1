@testable import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Server lifecycle, routing and inspector")
struct SandboxServerTests {
    @Test func startsOnEphemeralPortsWithPrefixedBaseURLs() async throws {
        try await withSandbox { (server) async throws in
            #expect(server.apiPort > 0 && server.storagePort > 0 && server.apiPort != server.storagePort)
            #expect(server.bitbybitBaseURL == "http://127.0.0.1:\(server.apiPort)/bitbybit")
            #expect(server.orvilleBaseURL == "http://127.0.0.1:\(server.apiPort)/orville")
            #expect(server.makistryBaseURL == "http://127.0.0.1:\(server.apiPort)/makistry/v1")
            #expect(server.storageBaseURL == "http://127.0.0.1:\(server.storagePort)")
            #expect(server.baseURL(for: .orville) == server.orvilleBaseURL)
        }
    }

    @Test func shutdownClosesTheListenersAndIsIdempotent() async throws {
        let server = try await SandboxServer.start()
        let transport = CurlTransport()
        let url = try #require(URL(string: server.makistryBaseURL + "/jobs"))
        #expect(try await transport.send(HTTPRequest(url: url)).status == 401)
        try await server.shutdown()
        try await server.shutdown()
        await #expect(throws: TransportError.self) { _ = try await transport.send(HTTPRequest(url: url)) }
    }

    @Test func aBusyPortIsReportedByName() async throws {
        try await withSandbox { (running) async throws in
            await #expect(throws: SandboxStartError.self) {
                _ = try await SandboxServer.start(SandboxConfiguration(apiPort: running.apiPort))
            }
        }
    }

    @Test func withSandboxShutsDownWhenTheBodyThrows() async throws {
        struct Boom: Error {}
        let box = PortBox()
        await #expect(throws: Boom.self) {
            try await withSandbox { (server) async throws in
                box.port = server.apiPort
                throw Boom()
            }
        }
        let url = try #require(URL(string: "http://127.0.0.1:\(box.port)/orville/api/v1/cad/jobs"))
        await #expect(throws: TransportError.self) { _ = try await CurlTransport().send(HTTPRequest(url: url)) }
    }

    @Test func jobsCompleteQuicklyAtTheDefaultSpeed() async throws {
        // Default configuration: real clock at speed 1000, so a 270 s Orville job takes 0.27 s.
        try await withSandbox { (server) async throws in
            let transport = CurlTransport()
            let headers: HTTPHeaders = [
                "Authorization": "Bearer \(SandboxKey.orvilleDefault.key)", "Idempotency-Key": "fast", "Content-Type": "application/json",
            ]
            let create = try await transport.send(
                HTTPRequest(
                    method: .post, url: try #require(URL(string: server.orvilleBaseURL + "/api/v1/cad/jobs")), headers: headers,
                    body: .bytes(Data(#"{"prompt":"quick"}"#.utf8))))
            let id = try #require(Doc.parse(create.body)["id"].string)
            #expect(Doc.parse(create.body)["poll_after_seconds"].int == 1)
            let deadline = ContinuousClock.now + .seconds(20)
            var status = ""
            while status != "completed", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                let job = try await transport.send(
                    HTTPRequest(url: try #require(URL(string: server.orvilleBaseURL + "/api/v1/cad/jobs/\(id)")), headers: headers))
                status = Doc.parse(job.body)["status"].string ?? ""
            }
            #expect(status == "completed")
        }
    }

    @Test func inspectorCountsConnectionsRoutesAndUnmatchedRequests() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            _ = try await sandbox.send(.get, sandbox.server.apiBaseURL + "/nowhere")
            let unknownProvider = try await sandbox.send(.get, sandbox.server.apiBaseURL + "/other/api")
            #expect(unknownProvider.status == 404 && Doc.parse(unknownProvider.body)["error"]["code"].string == "not_found")
            _ = try await sandbox.orville(.get, "/api/v1/cad/jobs")
            let inspector = sandbox.server.inspector
            #expect(inspector.requestsByRoute["(unmatched)"] == 2)
            #expect(inspector.requestsByRoute["GET /orville/api/v1/cad/jobs"] == 1)
            #expect(inspector.connectionsAccepted(.api) >= 1)
            #expect(inspector.connectionsAccepted(.storage) == 0)
            inspector.reset()
            #expect(inspector.requests.isEmpty)
        }
    }

    @Test func keysAddedWhileRunningAreAccepted() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            #expect(try await sandbox.makistry(.get, "/jobs", key: "mk_pub_late").status == 401)
            sandbox.server.addKey(SandboxKey(provider: .makistry, key: "mk_pub_late", scopes: ["jobs:read"]))
            #expect(try await sandbox.makistry(.get, "/jobs", key: "mk_pub_late").status == 200)
            #expect(try await sandbox.makistry(.post, "/text-to-cad", key: "mk_pub_late", json: #"{"prompt":"x"}"#).status == 403)
        }
    }
}

/// A port number handed out of a closure (test-only; written once before it is read).
final class PortBox: @unchecked Sendable {
    var port = 0
}
