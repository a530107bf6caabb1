#if canImport(Glibc)
import Glibc
#endif
import CADCore
import Synchronization
import Testing

/// The executor end to end: the real `CurlTransport` against a scripted server on 127.0.0.1.
@Suite("APIClientCore over loopback")
struct APIClientCoreLoopbackTests {
    func core(_ server: TestHTTPServer, clock: ManualClock = ManualClock(autoAdvance: true),
              records: Collector<ExchangeRecord> = Collector()) -> APIClientCore {
        APIClientCore(provider: "orville", baseURL: server.baseURL, credential: .bearer(secretKey),
                      transport: CurlTransport.shared, retryPolicy: RetryPolicy(jitter: .constant(0)), clock: clock,
                      observer: { records.append($0) })
    }

    @Test("503 then 200: retried, the key sent each time, the body returned")
    func retryThenSuccess() async throws {
        let count = Mutex(0)
        let server = try await TestHTTPServer.start { _ in
            let attempt = count.withLock { value in
                value += 1
                return value
            }
            return attempt == 1
                ? .respond(status: 503, headers: [("Retry-After", "0")])
                : .respond(status: 200, headers: [("X-Request-Id", "req_ok")], body: Array(#"{"ok":true}"#.utf8))
        }
        defer { Task { await server.stop() } }
        let records = Collector<ExchangeRecord>()
        let client = core(server, records: records)
        let response = try await client.send(try client.request(.get, "/api/v1/billing/balance"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(secretKey)" })
        #expect(records.values.map(\.status) == [503, 200])
        #expect(records.values.last?.requestID == "req_ok")
    }

    @Test("Orville error JSON decodes end to end")
    func errorJSON() async throws {
        let server = try await TestHTTPServer.start { _ in
            .respond(status: 400, headers: [("X-Request-Id", "req_h"), ("Content-Type", "application/json")],
                     body: Array(#"{"error":{"code":"prompt_too_long","message":"prompt is longer than 60,000 characters"},"request_id":"req_8f3c"}"#.utf8))
        }
        defer { Task { await server.stop() } }
        let client = core(server)
        do {
            _ = try await client.send(try client.jsonRequest(.post, "/api/v1/cad/jobs", body: ["prompt": "x"]),
                                      idempotencyKey: IdempotencyKey())
            Issue.record("should fail")
        } catch let error as APIError {
            #expect(error.description == "prompt is longer than 60,000 characters (orville: prompt_too_long, HTTP 400, request req_8f3c)")
            #expect(error.endpoint == "POST /api/v1/cad/jobs")
        }
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.header("Idempotency-Key")?.count == 36)
        #expect(server.requests.first?.header("Content-Type") == "application/json")
    }

    /// A server that resets the first request and answers the others with 201.
    func resetOnceServer() async throws -> TestHTTPServer {
        let count = Mutex(0)
        return try await TestHTTPServer.start { _ in
            let attempt = count.withLock { value in
                value += 1
                return value
            }
            return attempt == 1 ? .reset : .respond(status: 201, body: Array("{}".utf8))
        }
    }

    @Test("a keyed POST survives a reset, re-sent with the same key")
    func keyedReset() async throws {
        let server = try await resetOnceServer()
        defer { Task { await server.stop() } }
        let client = core(server)
        let key = IdempotencyKey()
        let response = try await client.send(try client.request(.post, "/api/v1/cad/jobs", body: .bytes(Data("{}".utf8))),
                                             idempotencyKey: key)
        #expect(response.status == 201)
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.header("Idempotency-Key") == key.value })
    }

    @Test("a plain POST reset after it was sent is not re-sent")
    func plainReset() async throws {
        // A server of its own, so the request goes on a new connection (libcurl itself re-sends a request
        // whose reused connection turns out dead; that is the transport's concern, not the retry policy's).
        let server = try await resetOnceServer()
        defer { Task { await server.stop() } }
        let client = core(server)
        do {
            _ = try await client.send(try client.request(.post, "/api/v1/cad/execute", body: .bytes(Data("{}".utf8))))
            Issue.record("should fail")
        } catch let error as TransportError {
            #expect(error.requestMayHaveBeenSent)
            #expect(error.message.contains("not sent again"))
        }
        #expect(server.requests.count == 1)
    }

    @Test("a refused connection is retried, then reported as a network failure (exit 7)")
    func connectRefused() async throws {
        // A port this test holds bound but not listening: connections are refused, and no other test's
        // server can take the port meanwhile (as it could if the port were bound and closed).
        let reserved = try ReservedPort()
        defer { reserved.release() }
        let base = try #require(URL(string: "http://127.0.0.1:\(reserved.port)"))
        let records = Collector<ExchangeRecord>()
        let clock = ManualClock(autoAdvance: true)
        let client = APIClientCore(provider: "bitbybit", baseURL: base, credential: .apiKey("bbk_0123456789"),
                                   transport: CurlTransport.shared, clock: clock, observer: { records.append($0) })
        do {
            _ = try await client.send(try client.request(.post, "/api/v1/cad/execute"))
            Issue.record("should fail")
        } catch let error as TransportError {
            #expect(error.kind == .connectFailed)
            #expect(!error.requestMayHaveBeenSent)
            #expect(CADError(error).category == .network)
            #expect(error.message.contains("gave up after 4 attempts"))
        }
        #expect(records.values.count == 4)
        #expect(records.values.allSatisfy { $0.status == nil && $0.failure != nil })
        #expect(clock.sleeps.count == 3)
    }
}

/// A loopback TCP port bound but never listened on: connecting to it is refused.
struct ReservedPort {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ReservedPortError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw ReservedPortError()
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func release() { close(descriptor) }
}

struct ReservedPortError: Error {}
