import CADTransport
import Foundation
import Synchronization
import Testing

@Suite("CurlTransport over loopback")
struct CurlTransportTests {
    let transport = CurlTransport()

    @Test("200 sequential requests reuse one kept-alive connection")
    func keepAlive() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 200, body: Array(#"{"ok":true}"#.utf8)) }
        defer { Task { await server.stop() } }
        for _ in 0..<200 {
            let response = try await transport.send(HTTPRequest(url: URL(string: server.baseURL + "/ping")!))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        }
        #expect(server.requests.count == 200)
        #expect(server.connectionsOpened == 1)
    }

    @Test("200 concurrent requests all complete with their own answers")
    func concurrency() async throws {
        let server = try await LoopbackServer.start { request in
            .delayed(.milliseconds(20), then: .respond(status: 200, body: Array(request.uri.utf8)))
        }
        defer { Task { await server.stop() } }
        let transport = self.transport
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let response = try await transport.send(HTTPRequest(url: URL(string: "\(server.baseURL)/item/\(index)")!))
                    return (index, String(decoding: response.body, as: UTF8.self))
                }
            }
            var result: [Int: String] = [:]
            for try await (index, body) in group { result[index] = body }
            return result
        }
        #expect(bodies.count == 200)
        #expect(bodies.allSatisfy { $0.value == "/item/\($0.key)" })
    }

    @Test("request headers, method and body arrive as sent; User-Agent names cadctl and libcurl")
    func requestShape() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 201, headers: [("X-Request-Id", "req_1")]) }
        defer { Task { await server.stop() } }
        let body = Data(#"{"prompt":"box"}"#.utf8)
        let response = try await transport.send(HTTPRequest(
            method: .post, url: URL(string: server.baseURL + "/jobs")!,
            headers: ["Content-Type": "application/json", "Idempotency-Key": "k-1"], body: .bytes(body)))
        #expect(response.status == 201)
        #expect(response.headers["x-request-id"] == "req_1")
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.header("Idempotency-Key") == "k-1")
        #expect(received.header("Content-Length") == "\(body.count)")
        #expect(received.bodyPrefix == Array(body))
        #expect(received.header("User-Agent") == "cadctl/\(CADCTLVersion.current) libcurl/\(CADCTLVersion.libcurl)")
        #expect(received.header("Accept-Encoding") != nil)
        #expect(received.header("Expect") == nil)
    }

    @Test("PUT, DELETE and HEAD send the right method")
    func methods() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 204) }
        defer { Task { await server.stop() } }
        let url = URL(string: server.baseURL + "/x")!
        _ = try await transport.send(HTTPRequest(method: .put, url: url, body: .bytes(Data("abc".utf8))))
        _ = try await transport.send(HTTPRequest(method: .delete, url: url))
        _ = try await transport.send(HTTPRequest(method: .head, url: url))
        _ = try await transport.send(HTTPRequest(method: .post, url: url))
        #expect(server.requests.map(\.method) == ["PUT", "DELETE", "HEAD", "POST"])
        #expect(server.requests[0].bodyPrefix == Array("abc".utf8))
    }

    @Test("a redirect to another port drops Authorization and x-api-key; same origin keeps them")
    func redirectCredentials() async throws {
        let storage = try await LoopbackServer.start { _ in .respond(status: 200, body: Array("file".utf8)) }
        defer { Task { await storage.stop() } }
        let api = try await LoopbackServer.start { request in
            request.uri == "/same"
                ? .respond(status: 302, headers: [("Location", "/final")])
                : request.uri == "/final"
                    ? .respond(status: 200, body: Array("same".utf8))
                    : .respond(status: 302, headers: [("Location", storage.baseURL + "/signed?sig=abc")])
        }
        defer { Task { await api.stop() } }
        let headers: HTTPHeaders = ["Authorization": "Bearer secret-token", "x-api-key": "secret-key", "Accept": "*/*"]

        let cross = try await transport.send(HTTPRequest(
            url: URL(string: api.baseURL + "/download")!, headers: headers, followRedirects: true))
        #expect(cross.status == 200)
        #expect(String(decoding: cross.body, as: UTF8.self) == "file")
        #expect(cross.redirectCount == 1)
        #expect(cross.url.port == storage.port)
        let atStorage = try #require(storage.requests.first)
        #expect(atStorage.header("Authorization") == nil)
        #expect(atStorage.header("x-api-key") == nil)
        #expect(atStorage.header("Accept") == "*/*")

        let same = try await transport.send(HTTPRequest(
            url: URL(string: api.baseURL + "/same")!, headers: headers, followRedirects: true))
        #expect(String(decoding: same.body, as: UTF8.self) == "same")
        let final = try #require(api.requests.last)
        #expect(final.uri == "/final")
        #expect(final.header("Authorization") == "Bearer secret-token")
        #expect(final.header("x-api-key") == "secret-key")
    }

    @Test("redirects are not followed unless asked, and a loop stops after the limit")
    func redirectLimits() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 302, headers: [("Location", "/again")]) }
        defer { Task { await server.stop() } }
        let url = URL(string: server.baseURL + "/start")!
        let plain = try await transport.send(HTTPRequest(url: url))
        #expect(plain.status == 302)
        #expect(server.requests.count == 1)

        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(url: url, followRedirects: true))
        }
        #expect(error?.kind == .tooManyRedirects)
        #expect(server.requests.count == 1 + 6)
    }

    @Test("a plain POST is never silently re-sent by libcurl when a kept-alive connection dies")
    func plainPostNotResent() async throws {
        // Connection 1 serves the warm-up GET, then resets whatever comes next on it. libcurl would
        // quietly retry a request on a reused connection that died; for a POST without an
        // Idempotency-Key that would create a second paid job.
        let server = try await LoopbackServer.start { request in
            if request.method == "GET" { return .respond(status: 200) }
            return request.connectionNumber == 1 ? .reset : .respond(status: 201)
        }
        defer { Task { await server.stop() } }
        _ = try await transport.send(HTTPRequest(url: URL(string: server.baseURL + "/warm")!))
        let response = try await transport.send(HTTPRequest(
            method: .post, url: URL(string: server.baseURL + "/tasks")!, body: .bytes(Data("{}".utf8))))
        #expect(response.status == 201)
        #expect(server.requests.filter { $0.method == "POST" }.count == 1)
    }

    @Test("a connection refused is a typed connect failure that says the request never left")
    func connectRefused() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 200) }
        let port = server.port
        await server.stop()
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(method: .post, url: URL(string: "http://127.0.0.1:\(port)/x")!))
        }
        #expect(error?.kind == .connectFailed)
        #expect(error?.curlCode == 7)
        #expect(error?.requestMayHaveBeenSent == false)
        #expect(error?.message.contains("could not connect") == true)
    }

    @Test("a server that resets the connection after reading the request")
    func reset() async throws {
        let server = try await LoopbackServer.start { _ in .reset }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(
                method: .post, url: URL(string: server.baseURL + "/jobs")!, body: .bytes(Data("{}".utf8))))
        }
        #expect(error?.kind == .connectionReset)
        #expect(error?.requestMayHaveBeenSent == true)
    }

    @Test("a body shorter than its Content-Length is detected as truncated")
    func truncated() async throws {
        let server = try await LoopbackServer.start { _ in .truncated(announced: 1000, body: Array(repeating: 65, count: 400)) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(url: URL(string: server.baseURL + "/file")!))
        }
        #expect(error?.kind == .truncatedBody)
        #expect(error?.curlCode == 18)
    }

    @Test("an in-memory response past its limit fails instead of growing")
    func memoryLimit() async throws {
        let server = try await LoopbackServer.start { _ in .pattern(length: 5 << 20) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(
                url: URL(string: server.baseURL + "/big")!, destination: .memory(limit: 1 << 20)))
        }
        #expect(error?.kind == .bodyTooLarge)
    }

    @Test("a server that never answers hits the total timeout")
    func totalTimeout() async throws {
        let server = try await LoopbackServer.start { _ in .delayed(.seconds(30), then: .respond(status: 200)) }
        defer { Task { await server.stop() } }
        let started = ContinuousClock.now
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(
                url: URL(string: server.baseURL + "/slow")!, timeouts: .init(total: .milliseconds(300))))
        }
        #expect(error?.kind == .timedOut)
        #expect(error?.requestMayHaveBeenSent == true)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("a body that slows to a trickle is aborted by the low-speed limit, with no total timeout")
    func lowSpeedAbort() async throws {
        let server = try await LoopbackServer.start { _ in .trickle(chunkSize: 1, interval: .milliseconds(200)) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(
                url: URL(string: server.baseURL + "/slow")!,
                timeouts: .init(lowSpeedBytesPerSecond: 1000, lowSpeedWindow: .seconds(1))))
        }
        #expect(error?.kind == .timedOut)
        #expect(error?.curlCode == 28)
    }

    @Test("a listener that never accepts hits the connect timeout")
    func connectTimeout() async throws {
        let listener = try SaturatedListener()
        defer { listener.close() }
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(
                url: URL(string: "http://127.0.0.1:\(listener.port)/x")!, timeouts: .init(connect: .milliseconds(300))))
        }
        #expect(error?.kind == .timedOut)
        #expect(error?.requestMayHaveBeenSent == false)
        #expect(error?.message.contains("connecting") == true)
    }

    @Test("cancelling the task aborts a transfer in progress and frees its connection")
    func cancellation() async throws {
        let server = try await LoopbackServer.start { request in
            request.uri == "/ok" ? .respond(status: 200) : .trickle(chunkSize: 1024, interval: .milliseconds(10))
        }
        defer { Task { await server.stop() } }
        let receiving = Signal()
        let transport = self.transport
        let task = Task {
            try await transport.send(HTTPRequest(
                url: URL(string: server.baseURL + "/endless")!,
                progress: { progress in if progress.bytesReceived > 0 { receiving.fire() } }))
        }
        await receiving.wait()
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // The transfer is endless: without the abort `task.result` would never return. The bound only guards
        // against a hang; it is loose because on a 2-core machine running the whole suite the resumed task
        // can wait many seconds for a free thread.
        #expect(ContinuousClock.now - cancelledAt < .seconds(120))
        #expect(throws: CancellationError.self) { try result.get() }
        // The transport keeps working after the abort.
        let after = try await transport.send(HTTPRequest(url: URL(string: server.baseURL + "/ok")!))
        #expect(after.status == 200)
    }

    @Test("a task cancelled before sending never reaches the server")
    func cancelledBeforeSend() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 200) }
        defer { Task { await server.stop() } }
        let transport = self.transport
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(HTTPRequest(url: URL(string: server.baseURL + "/x")!))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(server.requests.isEmpty)
    }

    @Test("progress reports bytes and totals for an upload and a download")
    func progress() async throws {
        let server = try await LoopbackServer.start { _ in .pattern(length: 3 << 20) }
        defer { Task { await server.stop() } }
        let last = Mutex<TransferProgress?>(nil)
        _ = try await transport.send(HTTPRequest(
            method: .post, url: URL(string: server.baseURL + "/echo")!, body: .bytes(Data(count: 1 << 20)),
            progress: { progress in last.withLock { $0 = progress } }))
        let final = try #require(last.withLock { $0 })
        #expect(final.bytesSent == 1 << 20)
        #expect(final.totalBytesToSend == 1 << 20)
        #expect(final.bytesReceived == 3 << 20)
        #expect(final.totalBytesToReceive == 3 << 20)
    }
}
