import CADTransport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `CurlTransport.executor`: a task that prefers it runs between its requests on the transport's own loop
/// thread (the thread libcurl's callbacks run on), and the transport keeps serving everyone else.
@Suite("CurlTransport.executor")
struct TransportExecutorTests {
    /// The thread a transfer's progress callback ran on: the transport's loop thread.
    private static func loopThread(of transport: CurlTransport, url: URL) async throws -> pthread_t {
        let seen = Mutex<pthread_t?>(nil)
        var request = HTTPRequest(url: url)
        request.progress = { _ in seen.withLock { $0 = pthread_self() } }
        _ = try await transport.send(request)
        return try #require(seen.withLock { $0 })
    }

    @Test("a request loop on the executor resumes on the loop thread; without it, on the pool")
    func resumesOnTheLoopThread() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 200, body: Array(#"{"ok":true}"#.utf8)) }
        defer { Task { await server.stop() } }
        let transport = CurlTransport()
        let url = try #require(URL(string: server.baseURL + "/ping"))
        let loop = try await Self.loopThread(of: transport, url: url)

        let onExecutor = try await withTaskExecutorPreference(transport.executor) {
            var threads: [pthread_t] = []
            for _ in 0..<50 {
                let response = try await transport.send(HTTPRequest(url: url))
                #expect(response.status == 200)
                threads.append(pthread_self())
            }
            return threads
        }
        #expect(onExecutor.allSatisfy { $0 == loop }, "every resumption ran on the transport's loop thread")

        var elsewhere: [pthread_t] = []
        for _ in 0..<10 {
            _ = try await transport.send(HTTPRequest(url: url))
            elsewhere.append(pthread_self())
        }
        #expect(elsewhere.allSatisfy { $0 != loop }, "without the preference the caller never runs on the loop thread")
        #expect(server.requests.count == 61)
    }

    @Test("other tasks' transfers and a cancellation still work while one task prefers the executor")
    func sharesTheLoop() async throws {
        let server = try await LoopbackServer.start { request in
            request.uri.hasPrefix("/endless")
                ? .trickle(chunkSize: 1024, interval: .milliseconds(10))
                : .delayed(.milliseconds(5), then: .respond(status: 200, body: Array(request.uri.utf8)))
        }
        defer { Task { await server.stop() } }
        let transport = CurlTransport()
        let base = server.baseURL
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            // One task on the executor, sending 30 requests one after another…
            group.addTask {
                try await withTaskExecutorPreference(transport.executor) {
                    var bodies: [String] = []
                    for index in 0..<30 {
                        let url = try #require(URL(string: "\(base)/executor/\(index)"))
                        bodies.append(String(decoding: try await transport.send(HTTPRequest(url: url)).body, as: UTF8.self))
                    }
                    return bodies
                }
            }
            // …while 30 others run on the pool, concurrently.
            for index in 0..<30 {
                group.addTask {
                    let url = try #require(URL(string: "\(base)/pool/\(index)"))
                    return [String(decoding: try await transport.send(HTTPRequest(url: url)).body, as: UTF8.self)]
                }
            }
            var all: [String] = []
            for try await bodies in group { all += bodies }
            return all
        }
        #expect(Set(results) == Set((0..<30).map { "/executor/\($0)" } + (0..<30).map { "/pool/\($0)" }))

        // An endless transfer awaited on the executor is aborted by cancelling its task (without the abort
        // `value` would never return), and the loop goes on serving.
        let receiving = Signal()
        let endless = Task {
            try await withTaskExecutorPreference(transport.executor) {
                try await transport.send(HTTPRequest(
                    url: try #require(URL(string: "\(base)/endless")),
                    progress: { progress in if progress.bytesReceived > 0 { receiving.fire() } }))
            }
        }
        await receiving.wait()
        endless.cancel()
        await #expect(throws: CancellationError.self) { try await endless.value }
        let after = try await transport.send(HTTPRequest(url: try #require(URL(string: "\(base)/after"))))
        #expect(String(decoding: after.body, as: UTF8.self) == "/after")
    }
}
