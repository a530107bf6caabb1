import CADCore
import Logging
import Testing

let secretKey = "mk_pub_SECRET_0123456789abcdef"

func makeCore(
    _ transport: any HTTPTransport,
    base: String = "https://api.makistry.ai/v1",
    credential: Credential? = .bearer(secretKey),
    policy: RetryPolicy = RetryPolicy(jitter: .constant(1)),
    clock: ManualClock = ManualClock(autoAdvance: true),
    logs: Collector<String> = Collector(),
    records: Collector<ExchangeRecord> = Collector(),
    allowInsecureHTTP: Bool = false
) -> APIClientCore {
    APIClientCore(provider: "makistry", baseURL: URL(string: base)!, credential: credential, transport: transport,
                  retryPolicy: policy, clock: clock, logger: CapturingLogHandler.logger(logs),
                  allowInsecureHTTP: allowInsecureHTTP, observer: { records.append($0) },
                  now: { Date(timeIntervalSince1970: 1_800_000_000) })
}

@Suite("APIClientCore: requests and credentials")
struct APIClientCoreRequestTests {
    @Test("paths are appended to the base URL as written; query values strictly encoded")
    func urls() throws {
        let core = makeCore(ScriptedTransport([]))
        #expect(try core.url("/text-to-cad").absoluteString == "https://api.makistry.ai/v1/text-to-cad")
        #expect(try core.url("jobs/pub_1").absoluteString == "https://api.makistry.ai/v1/jobs/pub_1")
        let slashed = makeCore(ScriptedTransport([]), base: "https://www.ballistalabs.ai/")
        #expect(try slashed.url("/api/v1/cad/jobs", query: [("limit", "20"), ("q", "mounting plate+1&x=y")]).absoluteString
            == "https://www.ballistalabs.ai/api/v1/cad/jobs?limit=20&q=mounting%20plate%2B1%26x%3Dy")
        let request = try core.request(.get, "/jobs/pub_1")
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.headers["Authorization"] == nil)  // added by send, not stored in requests
        struct Body: Encodable { var prompt: String }
        let json = try core.jsonRequest(.post, "/text-to-cad", body: Body(prompt: "a box"))
        #expect(json.headers["Content-Type"] == "application/json")
        #expect(json.body.inMemoryBytes == Data(#"{"prompt":"a box"}"#.utf8))
    }

    @Test("send adds the credential for the API's origin only, and strips credentials elsewhere")
    func credentialOrigins() async throws {
        let transport = ScriptedTransport([.response(status: 200), .response(status: 200), .response(status: 200)])
        let core = makeCore(transport)
        _ = try await core.send(try core.request(.get, "/jobs/pub_1"))
        var foreign = HTTPRequest(url: URL(string: "https://storage.example.com/upload?sig=abc")!)
        foreign.headers["Authorization"] = "Bearer leaked"
        foreign.headers["x-api-key"] = "leaked"
        _ = try await core.send(foreign)
        // Same host, other port: another origin.
        _ = try await core.send(HTTPRequest(url: URL(string: "https://api.makistry.ai:8443/v1/jobs")!))
        let sent = transport.requests
        #expect(sent[0].headers["Authorization"] == "Bearer \(secretKey)")
        #expect(sent[0].isCredentialHeader("authorization"))
        #expect(sent[1].headers["Authorization"] == nil)
        #expect(sent[1].headers["x-api-key"] == nil)
        #expect(sent[2].headers["Authorization"] == nil)

        let bitbybit = makeCore(ScriptedTransport([.response(status: 200)]), base: "https://api.bitbybit.dev",
                                credential: .apiKey("bbk_0123456789"))
        _ = try await bitbybit.send(try bitbybit.request(.get, "/api/v1/models"))
        #expect((bitbybit.transport as? ScriptedTransport)?.requests.first?.headers["x-api-key"] == "bbk_0123456789")
    }

    @Test("a key is never sent over plain http to another host unless allowed", arguments: [
        ("http://api.example.com", false, true), ("http://10.0.0.5:8080", false, true),
        ("http://127.0.0.1:8080", false, false), ("http://localhost:9", false, false), ("http://[::1]:80", false, false),
        ("http://127.1.2.3", false, false), ("http://api.example.com", true, false), ("https://api.example.com", false, false),
    ])
    func insecureHTTP(base: String, allowed: Bool, refused: Bool) async throws {
        let transport = ScriptedTransport([.response(status: 200)])
        let core = makeCore(transport, base: base, allowInsecureHTTP: allowed)
        do {
            _ = try await core.send(try core.request(.get, "/x"))
            #expect(!refused)
            #expect(transport.requests.count == 1)
        } catch let error as CADError {
            #expect(refused)
            #expect(error.category == .usage)
            #expect(error.description.contains("https://"))
            #expect(error.description.contains("allowInsecureHTTP"))
            #expect(!error.description.contains(secretKey))
            #expect(transport.requests.isEmpty)
        }
    }

    @Test("without a credential, plain http is fine")
    func noCredential() async throws {
        let transport = ScriptedTransport([.response(status: 200)])
        let core = makeCore(transport, base: "http://api.example.com", credential: nil)
        _ = try await core.send(try core.request(.get, "/health"))
        #expect(transport.requests.count == 1)
    }

    @Test("3xx responses are returned to the caller, not errors")
    func redirects() async throws {
        let core = makeCore(ScriptedTransport([.response(status: 302, headers: ["Location": "https://s.example/f"])]))
        let response = try await core.send(try core.request(.get, "/artifacts/a/download"))
        #expect(response.status == 302)
    }
}

@Suite("APIClientCore: retries")
struct APIClientCoreRetryTests {
    @Test("a GET is retried through 503s with backoff, and each attempt is observed")
    func getRetries() async throws {
        let transport = ScriptedTransport([
            .response(status: 503, headers: ["X-Request-Id": "r1"]), .response(status: 502),
            .response(status: 200, headers: ["X-Request-Id": "r3"], body: "{}"),
        ])
        let clock = ManualClock(autoAdvance: true)
        let records = Collector<ExchangeRecord>()
        let core = makeCore(transport, clock: clock, records: records)
        let response = try await core.send(try core.request(.get, "/jobs/pub_1"))
        #expect(response.status == 200)
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])  // jitter 1: the full ceiling
        #expect(records.values.map(\.status) == [503, 502, 200])
        #expect(records.values.map(\.retry) == [0, 1, 2])
        #expect(records.values.map(\.requestID) == ["r1", nil, "r3"])
        #expect(records.values[0].description.hasPrefix("GET https://api.makistry.ai/v1/jobs/pub_1 -> 503 ("))
    }

    @Test("retries run out and the last error surfaces with its attempt count")
    func exhausted() async throws {
        let transport = ScriptedTransport(Array(repeating: .response(status: 500, body: #"{"error_code":"internal","message":"boom"}"#), count: 5))
        let core = makeCore(transport)
        do {
            _ = try await core.send(try core.request(.get, "/jobs/pub_1"))
            Issue.record("should fail")
        } catch let error as APIError {
            #expect(error.status == 500)
            #expect(error.code == "internal")
            #expect(error.attempts == 4)
            #expect(error.endpoint == "GET /v1/jobs/pub_1")
            #expect(error.classification == .server)
        }
        #expect(transport.requests.count == 4)
    }

    @Test("a plain POST that may have reached the server is not re-sent, and the error says so")
    func plainPostNotResent() async throws {
        let transport = ScriptedTransport([.failure(.test(.connectionReset, sent: true)), .response(status: 201)])
        let core = makeCore(transport)
        do {
            _ = try await core.send(try core.request(.post, "/text-to-cad"))
            Issue.record("should fail")
        } catch let error as TransportError {
            #expect(error.kind == .connectionReset)
            #expect(error.message.contains("check whether it took effect"))
            #expect(error.message.contains("before resubmitting"))
            #expect(CADError(error).category == .network)
        }
        #expect(transport.requests.count == 1)
    }

    @Test("a plain POST is retried when it surely never left, or on 429/503")
    func plainPostRetriedWhenSafe() async throws {
        let transport = ScriptedTransport([
            .failure(.test(.connectFailed, sent: false)),
            .response(status: 429, headers: ["Retry-After": "3"]),
            .response(status: 503),
            .response(status: 202, body: #"{"taskId":"t1"}"#),
        ])
        let clock = ManualClock(autoAdvance: true)
        let core = makeCore(transport, clock: clock)
        let response = try await core.send(try core.request(.post, "/api/v1/cad/execute"))
        #expect(response.status == 202)
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(3), .seconds(2)])
    }

    @Test("a POST with an idempotency key is retried after a reset, with the same key every time")
    func keyedPost() async throws {
        let transport = ScriptedTransport([
            .failure(.test(.connectionReset, sent: true)), .failure(.test(.timedOut, sent: true)),
            .response(status: 500), .response(status: 201),
        ])
        let core = makeCore(transport)
        let key = IdempotencyKey()
        let response = try await core.send(try core.request(.post, "/text-to-cad"), idempotencyKey: key)
        #expect(response.status == 201)
        let keys = transport.requests.map { $0.headers[IdempotencyKey.headerName] }
        #expect(keys == Array(repeating: key.value, count: 4))
    }

    @Test("money refusals are never retried")
    func money() async throws {
        let body = #"{"error":{"code":"projected_balance_exceeded","message":"balance too low"},"request_id":"req_m"}"#
        let transport = ScriptedTransport([.response(status: 429, headers: ["Retry-After": "1"], body: body),
                                           .response(status: 200)])
        let core = makeCore(transport)
        await #expect(throws: APIError.self) {
            _ = try await core.send(try core.request(.post, "/api/v1/cad/jobs"), idempotencyKey: IdempotencyKey())
        }
        #expect(transport.requests.count == 1)
        do {
            _ = try await makeCore(ScriptedTransport([.response(status: 402, body: body)]))
                .send(try core.request(.post, "/x"), idempotencyKey: IdempotencyKey())
        } catch let error as APIError {
            #expect(CADError(error).category == .payment)
            #expect(error.requestID == "req_m")
        }
    }

    @Test("a Retry-After beyond the cap surfaces at once with the delay asked for")
    func retryAfterTooLong() async throws {
        let transport = ScriptedTransport([.response(status: 429, headers: ["Retry-After": "3600"]), .response(status: 200)])
        let clock = ManualClock(autoAdvance: true)
        let core = makeCore(transport, clock: clock)
        do {
            _ = try await core.send(try core.request(.get, "/jobs"))
            Issue.record("should fail")
        } catch let error as APIError {
            #expect(error.retryAfter == .seconds(3600))
            #expect(error.attempts == 1)
            #expect(CADError(error).category == .rateLimited)
            #expect(error.description.contains("retry after 1h0m"))
        }
        #expect(transport.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("Retry-After as an HTTP-date is measured from the injected now")
    func retryAfterDate() async throws {
        let later = HTTPDate.format(Date(timeIntervalSince1970: 1_800_000_045))
        let transport = ScriptedTransport([.response(status: 503, headers: ["Retry-After": later]), .response(status: 200)])
        let clock = ManualClock(autoAdvance: true)
        _ = try await makeCore(transport, clock: clock).send(HTTPRequest(url: URL(string: "https://api.makistry.ai/v1/jobs")!))
        #expect(clock.sleeps == [.seconds(45)])
    }

    @Test("cancellation during a retry delay stops at once")
    func cancellation() async throws {
        let transport = ScriptedTransport([.response(status: 503, headers: ["Retry-After": "60"]), .response(status: 200)])
        let clock = ManualClock()
        let core = makeCore(transport, clock: clock)
        let task = Task { try await core.send(try core.request(.get, "/jobs")) }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(transport.requests.count == 1)
    }

    @Test("logs and observer records carry no secret")
    func noSecretsLogged() async throws {
        let transport = ScriptedTransport([
            .failure(TransportError(kind: .connectFailed, message: "refused with \(secretKey)", url: "x", requestMayHaveBeenSent: false)),
            .response(status: 400, body: #"{"error_code":"bad","message":"key \#(secretKey) is wrong"}"#),
        ])
        let logs = Collector<String>()
        let records = Collector<ExchangeRecord>()
        let core = makeCore(transport, logs: logs, records: records)
        var request = HTTPRequest(url: URL(string: "https://api.makistry.ai/v1/jobs?token=abc&signature=def")!)
        request.headers["Authorization"] = "Bearer \(secretKey)"
        do {
            _ = try await core.send(request)
        } catch let error as APIError {
            #expect(!error.description.contains(secretKey))
            #expect(error.message.contains("***"))
        }
        #expect(!logs.values.isEmpty)
        for line in logs.values + records.values.map(\.description) {
            #expect(!line.contains(secretKey), "\(line)")
            #expect(!line.contains("abc") && !line.contains("def"), "\(line)")
        }
        #expect(logs.values.contains { $0.contains("status=400") && $0.contains("method=GET") && $0.contains("retry=1") })
    }
}

@Suite("APIClientCore: decoding")
struct APIClientCoreDecodingTests {
    struct Job: Decodable, Equatable { var job_id: String; var status: String }

    func response(_ body: String, status: Int = 200, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8), url: URL(string: "https://api.makistry.ai/v1/jobs/pub_1")!)
    }

    @Test("decodes JSON bodies")
    func decodes() throws {
        let core = makeCore(ScriptedTransport([]))
        let job = try core.decode(Job.self, from: response(#"{"job_id":"pub_1","status":"pending","extra":1}"#),
                                  endpoint: "GET /jobs/pub_1")
        #expect(job == Job(job_id: "pub_1", status: "pending"))
    }

    @Test("an undecodable 2xx body is a .decoding APIError naming everything, with a redacted excerpt")
    func decodingFailure() {
        let core = makeCore(ScriptedTransport([]))
        let body = #"{"job_id":"pub_1","download_url":"https://s.example/f?X-Amz-Signature=topsecret","note":"\#(secretKey)"}"#
        do {
            _ = try core.decode(Job.self, from: response(body, headers: ["X-Request-Id": "req_77"]), endpoint: "GET /jobs/pub_1")
            Issue.record("should fail")
        } catch let error as APIError {
            #expect(error.classification == .decoding)
            #expect(error.provider == "makistry")
            #expect(error.endpoint == "GET /jobs/pub_1")
            #expect(error.status == 200)
            #expect(error.requestID == "req_77")
            #expect(error.message.contains("missing field \"status\""))
            #expect(error.message.contains("pub_1"))
            #expect(!error.message.contains("topsecret"))
            #expect(!error.message.contains(secretKey))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("an HTML page with status 200 says so")
    func htmlSuccess() {
        let core = makeCore(ScriptedTransport([]))
        do {
            _ = try core.decode(Job.self, from: response("<!doctype html><html><head><title>Ballista Labs</title></head></html>"),
                                endpoint: "GET /api/v1/cad/jobs")
            Issue.record("should fail")
        } catch let error as APIError {
            #expect(error.classification == .decoding)
            #expect(error.message.contains("HTML page (\"Ballista Labs\")"))
            #expect(error.message.contains("base URL"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("send(decoding:) sends then decodes")
    func sendDecoding() async throws {
        let transport = ScriptedTransport([.response(status: 200, body: #"{"job_id":"pub_2","status":"success"}"#)])
        let core = makeCore(transport)
        let job = try await core.send(try core.request(.get, "/jobs/pub_2"), decoding: Job.self)
        #expect(job.status == "success")
    }
}
