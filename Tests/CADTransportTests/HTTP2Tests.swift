import CADTransport
import Foundation
import Testing

/// HTTP/2 over TLS against a real nginx the test starts (`NginxTestServer`): concurrent requests multiplexed
/// on one connection, a stream the server resets mapped to a `TransportError` that leaves the connection's
/// other streams alone, and the cancellation of one stream leaving the others running.
@Suite("HTTP/2 over TLS against nginx", .serialized,
       .enabled(if: NginxTestServer.isAvailable, "nginx or openssl is missing: make setup installs both"))
struct HTTP2Tests {
    /// Requests on the slow path (one to two seconds each at nginx's rate limit).
    static let concurrentRequests = 12

    @Test func concurrentRequestsShareOneConnection() async throws {
        let server = try await NginxTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(configuration: .init(caBundlePath: server.caPath))
        let url = try #require(URL(string: server.baseURL + "/slow"))

        let responses = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            for _ in 0..<Self.concurrentRequests { group.addTask { try await transport.send(HTTPRequest(url: url)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(responses.count == Self.concurrentRequests)
        #expect(responses.allSatisfy { $0.status == 200 && $0.body.count == 12 << 10 })
        #expect(responses.allSatisfy { $0.metrics.httpVersion == "2" })
        // The client's view: one transfer opened the connection, every other one found it.
        #expect(responses.map(\.metrics.newConnections).reduce(0, +) == 1)

        // The server's view: one connection, and every request in flight at one same moment (the latest
        // start comes before the earliest end), so they were streams of it at once, not one after another.
        let logged = try await server.loggedRequests(atLeast: Self.concurrentRequests).filter { $0.path == "/slow" }
        #expect(logged.count == Self.concurrentRequests)
        #expect(Set(logged.map(\.connection)).count == 1, "\(logged.map(\.connection))")
        #expect(logged.allSatisfy { $0.httpProtocol == "HTTP/2.0" })
        let latestStart = try #require(logged.map(\.start).max())
        let earliestEnd = try #require(logged.map(\.end).min())
        #expect(latestStart < earliestEnd, "the requests did not overlap: \(logged)")
    }

    /// More requests at once than the 100 streams libcurl assumes before the server's SETTINGS arrive, to a
    /// host the transport has never connected to, 20 ms away (a relay delays everything the server sends):
    /// one TLS handshake, one connection, every request a stream. (Without the engine holding the burst for
    /// the first connection, libcurl puts 100 on it when ALPN says h2 and opens new connections for the rest,
    /// since the SETTINGS arrive a round trip later.)
    @Test func aBurstToADistantNewHostOpensOneConnection() async throws {
        let server = try await NginxTestServer.start()
        defer { server.stop() }
        let proxy = try LatencyProxy(upstreamPort: server.port, latency: .milliseconds(20))
        defer { proxy.stop() }
        let transport = CurlTransport(configuration: .init(caBundlePath: server.caPath))
        let url = try #require(URL(string: "https://127.0.0.1:\(proxy.port)/small"))
        let burst = 300

        let responses = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            for _ in 0..<burst { group.addTask { try await transport.send(HTTPRequest(url: url)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(responses.count == burst)
        #expect(responses.allSatisfy { $0.status == 200 && $0.metrics.httpVersion == "2" })
        #expect(responses.map(\.metrics.newConnections).reduce(0, +) == 1)
        let logged = try await server.loggedRequests(atLeast: burst)
        #expect(logged.count == burst)
        #expect(Set(logged.map(\.connection)).count == 1, "connections: \(Set(logged.map(\.connection)).count)")
    }

    @Test func aResetStreamFailsAloneAndSaysSo() async throws {
        let server = try await NginxTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(configuration: .init(caBundlePath: server.caPath))
        let slowURL = try #require(URL(string: server.baseURL + "/slow"))
        let resetURL = try #require(URL(string: server.baseURL + "/reset"))
        // A first request opens the connection, so the next ones are streams of it.
        #expect(try await transport.send(HTTPRequest(url: slowURL)).status == 200)

        async let slow = transport.send(HTTPRequest(url: slowURL))
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: resetURL))
        }
        #expect(error?.kind == .connectionReset, "\(String(describing: error))")
        #expect(error?.message.contains("reset the HTTP/2 stream") == true, "\(String(describing: error))")
        // The request went out (the server answered it with the reset): not safe to repeat blindly.
        #expect(error?.requestMayHaveBeenSent == true)
        #expect(error?.curlCode == 92)  // CURLE_HTTP2_STREAM

        // The stream in flight beside it finished, on the same connection.
        let response = try await slow
        #expect(response.status == 200 && response.body.count == 12 << 10)
        #expect(response.metrics.newConnections == 0)
        #expect(Set(try await server.loggedRequests(atLeast: 3).map(\.connection)).count == 1)
    }

    @Test func cancellingOneStreamLeavesTheOthersRunning() async throws {
        let server = try await NginxTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(configuration: .init(caBundlePath: server.caPath))
        let url = try #require(URL(string: server.baseURL + "/slow"))
        #expect(try await transport.send(HTTPRequest(url: url)).status == 200)

        let others = (0..<4).map { _ in Task { try await transport.send(HTTPRequest(url: url)) } }
        // The stream to cancel says when its first body bytes arrive: it is then open and mid-response.
        let (receiving, signal) = AsyncStream.makeStream(of: Void.self)
        let cancelled = Task {
            defer { signal.finish() }
            return try await transport.send(HTTPRequest(url: url, progress: { progress in
                if progress.bytesReceived > 0 { signal.yield() }
            }))
        }
        for await _ in receiving { break }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        // Every other stream completes, whole, on the one connection.
        for task in others {
            let response = try await task.value
            #expect(response.status == 200 && response.body.count == 12 << 10)
            #expect(response.metrics.newConnections == 0)
        }
        let logged = try await server.loggedRequests(atLeast: 6)
        #expect(Set(logged.map(\.connection)).count == 1, "\(logged.map(\.connection))")
        // nginx saw all six requests on that connection (the cancelled stream was open when it was reset;
        // nginx counts the bytes it queued for it, so its log cannot tell what reached the client).
        #expect(logged.count == 6, "\(logged)")
    }
}
