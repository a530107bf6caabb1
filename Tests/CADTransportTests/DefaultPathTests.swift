@testable import CADTransport
import Foundation
import Testing

/// The default path of `CurlTransport.send`: with nothing else in flight, a request to an origin that
/// answers within the inline budget is driven by its caller's own thread; anything else arriving meanwhile,
/// cancellation, or the budget running out hands it to the loop thread. Every request gets its own answer
/// whichever thread carried it.
@Suite("CurlTransport default path")
struct DefaultPathTests {
    private static func body(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test("sequential requests to a nearby server: each gets its own body, and the caller drives most of them")
    func sequentialRequestsRunOnTheCaller() async throws {
        let server = try await LoopbackServer.start { request in .respond(status: 200, body: Array(request.uri.utf8)) }
        defer { Task { await server.stop() } }
        let transport = CurlTransport()
        for index in 0..<200 {
            let response = try await transport.send(HTTPRequest(url: try #require(URL(string: "\(server.baseURL)/seq/\(index)"))))
            #expect(response.status == 200)
            #expect(Self.body(response) == "/seq/\(index)")
        }
        // The first exchange (a new connection) teaches the transport the origin is nearby; after that the
        // caller drives its lone transfers itself unless one of them took longer than the budget.
        #expect(transport.transfersCompletedByCaller > 0)
        #expect(server.requests.count == 200)
    }

    @Test("a caller's sequential loop, a loop on the executor and 60 concurrent requests share the transport")
    func concurrencyWithCallersDriving() async throws {
        let server = try await LoopbackServer.start { request in
            request.uri.hasPrefix("/slow")
                ? .delayed(.milliseconds(20), then: .respond(status: 200, body: Array(request.uri.utf8)))
                : .respond(status: 200, body: Array(request.uri.utf8))
        }
        defer { Task { await server.stop() } }
        let transport = CurlTransport()
        let base = server.baseURL
        _ = try await transport.send(HTTPRequest(url: try #require(URL(string: "\(base)/warm"))))
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for loop in 0..<2 {
                group.addTask {
                    var bodies: [String] = []
                    for index in 0..<100 {
                        let url = try #require(URL(string: "\(base)/loop\(loop)/\(index)"))
                        bodies.append(Self.body(try await transport.send(HTTPRequest(url: url))))
                    }
                    return bodies
                }
            }
            group.addTask {
                try await withTaskExecutorPreference(transport.executor) {
                    var bodies: [String] = []
                    for index in 0..<100 {
                        let url = try #require(URL(string: "\(base)/executor/\(index)"))
                        bodies.append(Self.body(try await transport.send(HTTPRequest(url: url))))
                    }
                    return bodies
                }
            }
            for index in 0..<60 {
                group.addTask {
                    let url = try #require(URL(string: "\(base)/slow/\(index)"))
                    return [Self.body(try await transport.send(HTTPRequest(url: url)))]
                }
            }
            var all: [String] = []
            for try await bodies in group { all += bodies }
            return all
        }
        let expected = (0..<100).flatMap { ["/loop0/\($0)", "/loop1/\($0)", "/executor/\($0)"] } + (0..<60).map { "/slow/\($0)" }
        #expect(results.sorted() == expected.sorted())
    }

    @Test("cancelling a request at any moment, driven by its caller or handed over, throws CancellationError")
    func cancellationAtAnyMoment() async throws {
        let server = try await LoopbackServer.start { request in
            request.uri.hasPrefix("/endless")
                ? .trickle(chunkSize: 64, interval: .milliseconds(5))
                : .respond(status: 200, body: Array(request.uri.utf8))
        }
        defer { Task { await server.stop() } }
        let transport = CurlTransport()
        let base = server.baseURL
        let endless = try #require(URL(string: "\(base)/endless"))
        for round in 0..<20 {
            // A fast exchange first, so that the origin counts as nearby and the next request may start on
            // its caller's thread; then cancel that request after a varying number of scheduler turns.
            _ = try await transport.send(HTTPRequest(url: try #require(URL(string: "\(base)/fast/\(round)"))))
            let task = Task { try await transport.send(HTTPRequest(url: endless)) }
            for _ in 0..<(round % 5) { await Task.yield() }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
        let after = try await transport.send(HTTPRequest(url: try #require(URL(string: "\(base)/after"))))
        #expect(Self.body(after) == "/after")
    }

    @Test("an endless exchange started on its caller's thread does not hold up other requests",
          .timeLimit(.minutes(1)))
    func slowExchangeIsHandedOver() async throws {
        let server = try await LoopbackServer.start { request in
            request.uri.hasPrefix("/endless")
                ? .trickle(chunkSize: 64, interval: .milliseconds(50))
                : .respond(status: 200, body: Array(request.uri.utf8))
        }
        defer { Task { await server.stop() } }
        let transport = CurlTransport()
        let base = server.baseURL
        // A fast exchange first, so that the origin counts as nearby: the endless request may then start
        // on its caller's thread, and must be handed to the loop thread when the others arrive.
        _ = try await transport.send(HTTPRequest(url: try #require(URL(string: "\(base)/warm"))))
        let endless = Task { try await transport.send(HTTPRequest(url: try #require(URL(string: "\(base)/endless")))) }
        // These can only finish while the endless exchange is still in flight (it never ends by itself).
        for index in 0..<20 {
            let url = try #require(URL(string: "\(base)/fast/\(index)"))
            #expect(Self.body(try await transport.send(HTTPRequest(url: url))) == "/fast/\(index)")
        }
        endless.cancel()
        await #expect(throws: CancellationError.self) { try await endless.value }
    }
}
