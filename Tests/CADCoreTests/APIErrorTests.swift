import CADCore
import Testing

@Suite("APIError classification and exit codes")
struct APIErrorClassificationTests {
    @Test("statuses map to classes", arguments: [
        (401, APIError.Classification.authentication), (403, .authentication), (402, .payment),
        (429, .rateLimited), (503, .rateLimited), (404, .notFound), (400, .invalidRequest),
        (409, .invalidRequest), (410, .invalidRequest), (422, .invalidRequest), (405, .invalidRequest),
        (500, .server), (502, .server), (504, .server), (408, .unexpected), (302, .unexpected),
        (200, .decoding),
    ])
    func statuses(status: Int, expected: APIError.Classification) {
        #expect(APIError.classify(status: status, code: nil) == expected)
    }

    @Test("money codes win over any status, including Orville's 429 projected_balance_exceeded", arguments: [
        ("billing_required", 402), ("billing_needs_review", 402), ("insufficient_balance", 402),
        ("projected_balance_exceeded", 429), ("insufficient_balance", 400), ("BILLING_REQUIRED", 403),
    ])
    func moneyCodes(code: String, status: Int) {
        let error = APIError(provider: "orville", status: status, code: code, message: "no money", endpoint: "POST /x")
        #expect(error.classification == .payment)
        #expect(error.isPaymentRefusal)
        #expect(CADError(error).category == .payment)
    }

    @Test("rate-limit codes are rate limits whatever the status")
    func rateLimitCodes() {
        #expect(APIError.classify(status: 429, code: "quota_exceeded") == .rateLimited)
        #expect(APIError.classify(status: 403, code: "quota_exceeded") == .rateLimited)
        #expect(APIError.classify(status: 400, code: "rate_limited") == .rateLimited)
        // An authentication refusal stays one even with a code we do not know.
        #expect(APIError.classify(status: 401, code: "invalid_key") == .authentication)
    }

    @Test("categories by class")
    func categories() {
        func category(_ status: Int, _ providerCode: String? = nil) -> CADError.Category {
            CADError(APIError(provider: "p", status: status, code: providerCode, message: "m", endpoint: "GET /"))
                .category
        }
        #expect(category(401) == .authentication)
        #expect(category(403) == .authentication)
        #expect(category(402) == .payment)
        #expect(category(429, "projected_balance_exceeded") == .payment)
        #expect(category(429) == .rateLimited)
        #expect(category(503) == .rateLimited)
        #expect(category(429, "quota_exceeded") == .rateLimited)
        #expect(category(404) == .other)
        #expect(category(400) == .other)
        #expect(category(500) == .other)
        #expect(category(200) == .other)
    }

    @Test("description follows the CLI's error line")
    func description() {
        let error = APIError(provider: "orville", status: 400, code: "prompt_too_long",
                             message: "prompt is longer than 60,000 characters", requestID: "req_8f3c",
                             endpoint: "POST /api/v1/cad/jobs")
        #expect(error.description
            == "prompt is longer than 60,000 characters (orville: prompt_too_long, HTTP 400, request req_8f3c)")
        var limited = APIError(provider: "makistry", status: 429, message: "slow down", retryAfter: .seconds(150),
                               endpoint: "POST /text-to-cad", attempts: 4)
        #expect(limited.description == "slow down (makistry, HTTP 429, retry after 2m30s, 4 attempts)")
        limited.retryAfter = nil
        #expect(limited.description == "slow down (makistry, HTTP 429, 4 attempts)")
    }

    @Test("decoding errors name provider, endpoint, status and request id, with a short excerpt")
    func decodingError() {
        let body = Data(("{\"jobs\": [" + String(repeating: "{\"id\":\"cadjob_1\"},", count: 200) + "]}").utf8)
        let error = APIError.decoding(provider: "orville", endpoint: "GET /api/v1/cad/jobs", status: 200,
                                      requestID: "req_1", problem: "missing field \"status\" at jobs[0]",
                                      bodyExcerpt: APIError.excerpt(of: body))
        #expect(error.classification == .decoding)
        #expect(CADError(error).category == .other)
        #expect(error.message.contains("orville"))
        #expect(error.message.contains("GET /api/v1/cad/jobs"))
        #expect(error.message.contains("missing field \"status\" at jobs[0]"))
        #expect(error.description.contains("HTTP 200"))
        #expect(error.description.contains("request req_1"))
        #expect(error.message.count < 600)
        #expect(error.message.contains("…"))
    }

    @Test("excerpts are one line, cut with an ellipsis, and survive invalid UTF-8")
    func excerpts() {
        #expect(APIError.excerpt(of: Data("line1\nline2\t\u{7}end".utf8)) == "line1 line2  end")
        #expect(APIError.excerpt(of: Data(repeating: 0x61, count: 300), limit: 10) == "aaaaaaaaaa…")
        #expect(APIError.excerpt(of: Data([0xFF, 0xFE, 0x41])) == "\u{FFFD}\u{FFFD}A")
        #expect(APIError.excerpt(of: Data()) == "")
    }

    @Test("DecodingError descriptions say what and where")
    func describeDecodingErrors() throws {
        struct Job: Decodable { var id: String; var status: String }
        struct List: Decodable { var jobs: [Job] }
        do {
            _ = try JSONDecoder().decode(List.self, from: Data(#"{"jobs":[{"id":"a"}]}"#.utf8))
            Issue.record("decoding should have failed")
        } catch {
            #expect(APIError.describe(error) == "missing field \"status\" at jobs[0]")
        }
        do {
            _ = try JSONDecoder().decode(List.self, from: Data(#"{"jobs":[{"id":1,"status":"x"}]}"#.utf8))
            Issue.record("decoding should have failed")
        } catch {
            #expect(APIError.describe(error).hasPrefix("expected String at jobs[0].id"))
        }
    }
}

@Suite("Provider error decoders")
struct APIErrorDecoderTests {
    func response(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8),
                     url: URL(string: "https://api.example.com/x")!)
    }

    @Test("Orville: nested error, request_id in body and X-Request-Id header")
    func orville() {
        let body = #"{"error":{"code":"job_already_running","message":"CAD job already has an active run"},"request_id":"req_body"}"#
        let error = APIErrorDecoder.orville.decode(
            response(409, body, headers: ["X-Request-Id": "req_header"]), endpoint: "POST /api/v1/cad/jobs/j/messages")
        #expect(error.provider == "orville")
        #expect(error.status == 409)
        #expect(error.code == "job_already_running")
        #expect(error.message == "CAD job already has an active run")
        #expect(error.requestID == "req_body")
        #expect(error.classification == .invalidRequest)
        #expect(error.endpoint == "POST /api/v1/cad/jobs/j/messages")

        let headerOnly = APIErrorDecoder.orville.decode(
            response(401, #"{"error":{"code":"invalid_api_key","message":"bad key"}}"#,
                     headers: ["x-request-id": "req_h"]), endpoint: "GET /x")
        #expect(headerOnly.requestID == "req_h")
        #expect(headerOnly.classification == .authentication)
    }

    @Test("Orville 429 with Retry-After and projected_balance_exceeded")
    func orvilleMoney429() {
        let body = #"{"error":{"code":"projected_balance_exceeded","message":"The workspace balance is too low"},"request_id":"req_1"}"#
        let error = APIErrorDecoder.orville.decode(response(429, body, headers: ["Retry-After": "30"]), endpoint: "POST /j")
        #expect(error.classification == .payment)
        #expect(error.retryAfter == .seconds(30))
        let limited = APIErrorDecoder.orville.decode(
            response(429, #"{"error":{"code":"rate_limited","message":"slow"}}"#, headers: ["Retry-After": "7"]),
            endpoint: "GET /j")
        #expect(limited.classification == .rateLimited)
        #expect(limited.retryAfter == .seconds(7))
    }

    @Test("Retry-After dates are measured from the injected now")
    func retryAfterDate() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        let error = APIErrorDecoder.orville.decode(
            response(503, "", headers: ["Retry-After": "Sun, 06 Nov 1994 08:51:37 GMT"]), endpoint: "GET /x", now: now)
        #expect(error.retryAfter == .seconds(120))
    }

    @Test("Makistry: error_code and message")
    func makistry() {
        let error = APIErrorDecoder.makistry.decode(
            response(429, #"{"error_code":"quota_exceeded","message":"Monthly quota exceeded"}"#), endpoint: "POST /text-to-cad")
        #expect(error.code == "quota_exceeded")
        #expect(error.message == "Monthly quota exceeded")
        #expect(error.classification == .rateLimited)
        #expect(error.requestID == nil)
    }

    @Test("Makistry: 404 with an empty body says not found and names the endpoint")
    func makistryEmpty404() {
        let error = APIErrorDecoder.makistry.decode(response(404, ""), endpoint: "GET /jobs/pub_123")
        #expect(error.message == "not found: GET /jobs/pub_123")
        #expect(error.classification == .notFound)
        #expect(error.code == nil)
        let blank = APIErrorDecoder.makistry.decode(response(404, "  \n"), endpoint: "GET /jobs/pub_9")
        #expect(blank.message == "not found: GET /jobs/pub_9")
    }

    @Test("Bitbybit: ok false envelope with details and requestId")
    func bitbybit() {
        let body = #"{"ok":false,"error":{"code":"VALIDATION_ERROR","message":"height must be positive","details":{"field":"height","min":0},"requestId":"bb_req_1"}}"#
        let error = APIErrorDecoder.bitbybit.decode(response(422, body), endpoint: "POST /api/v1/models/dragon-cup")
        #expect(error.code == "VALIDATION_ERROR")
        #expect(error.message == "height must be positive")
        #expect(error.requestID == "bb_req_1")
        #expect(error.details == #"{"field":"height","min":0}"#)
        #expect(error.classification == .invalidRequest)
    }

    @Test("HTML pages become a clear sentence quoting the title")
    func html() {
        let page = "<!DOCTYPE html>\n<html><head><title>502 Bad\n Gateway</title></head><body><h1>nginx</h1></body></html>"
        let error = APIErrorDecoder.orville.decode(response(502, page), endpoint: "GET /api/v1/cad/jobs")
        #expect(error.message.contains("HTML page"))
        #expect(error.message.contains("\"502 Bad Gateway\""))
        #expect(error.message.contains("try again later"))
        #expect(!error.message.contains("<h1>"))
        #expect(error.classification == .server)
        let notFoundPage = APIErrorDecoder.orville.decode(response(404, "<html><body>Not here</body></html>"),
                                                          endpoint: "GET /api/v1/x")
        #expect(notFoundPage.message.contains("check that the base URL"))
    }

    @Test("other shapes: plain text, error string, FastAPI detail, code without message")
    func otherShapes() {
        let text = APIErrorDecoder.makistry.decode(response(500, "upstream exploded"), endpoint: "GET /x")
        #expect(text.message == "HTTP 500 Internal Server Error: upstream exploded")
        let string = APIErrorDecoder.bitbybit.decode(response(400, #"{"ok":false,"error":"bad shape"}"#), endpoint: "POST /x")
        #expect(string.message == "bad shape")
        let detail = APIErrorDecoder.makistry.decode(
            response(422, #"{"detail":[{"loc":["body","prompt"],"msg":"field required"}]}"#), endpoint: "POST /x")
        #expect(detail.message == "body.prompt: field required")
        let detailString = APIErrorDecoder.makistry.decode(response(401, #"{"detail":"Invalid API key"}"#), endpoint: "GET /x")
        #expect(detailString.message == "Invalid API key")
        let codeOnly = APIErrorDecoder.orville.decode(response(403, #"{"error":{"code":"missing_scope"}}"#), endpoint: "GET /x")
        #expect(codeOnly.code == "missing_scope")
        #expect(codeOnly.message.contains("missing_scope"))
        let unrelatedJSON = APIErrorDecoder.orville.decode(response(500, #"{"foo":1}"#), endpoint: "GET /x")
        #expect(unrelatedJSON.message == #"HTTP 500 Internal Server Error: {"foo":1}"#)
        let emptyServer = APIErrorDecoder.orville.decode(response(503, ""), endpoint: "GET /x")
        #expect(emptyServer.message == "HTTP 503 Service Unavailable with an empty body from GET /x")
    }

    @Test("decoding never traps on arbitrary bodies", arguments: 0..<4)
    func fuzz(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let fragments = ["{", "}", "[", "]", "\"error\"", ":", ",", "\"code\"", "\"message\"", "null", "1e999",
                         "\"", "<html>", "<title>", "</title>", "\u{0}", "é", "\"detail\"", "true"]
        for _ in 0..<300 {
            var body = ""
            for _ in 0..<Int.random(in: 0..<20, using: &generator) {
                body += fragments.randomElement(using: &generator) ?? ""
            }
            let status = [400, 404, 429, 500, 503].randomElement(using: &generator) ?? 500
            let error = APIErrorDecoder.orville.decode(response(status, body), endpoint: "GET /fuzz")
            #expect(!error.message.isEmpty)
            #expect(error.status == status)
        }
    }
}

@Suite("CADError wrapping and categories")
struct CADErrorTests {
    @Test("every failure has its category")
    func categories() {
        #expect(CADError.usage("bad flag").category == .usage)
        #expect(CADError(APIError(provider: "o", status: 401, message: "m", endpoint: "GET /")).category == .authentication)
        #expect(CADError(JobFailedError(provider: "makistry", jobID: "pub_1", code: "GEN_FAILED")).category == .jobFailed)
        #expect(CADError(WaitTimeoutError(provider: "o", jobID: "cadjob_1", timeout: .seconds(60), lastStatus: "running",
                                          polls: 3)).category == .waitTimedOut)
        #expect(CADError(APIError(provider: "o", status: 503, message: "m", endpoint: "GET /")).category == .rateLimited)
        for kind in [TransportError.Kind.dnsFailure, .connectFailed, .tlsFailure, .timedOut, .connectionReset,
                     .truncatedBody] {
            #expect(CADError(TransportError.test(kind, sent: true)).category == .network)
        }
        for kind in [TransportError.Kind.fileError, .bodyTooLarge, .invalidURL, .other, .tooManyRedirects] {
            #expect(CADError(TransportError.test(kind, sent: true)).category == .other)
        }
        #expect(CADError(APIError(provider: "o", status: 402, message: "m", endpoint: "GET /")).category == .payment)
        #expect(CADError(CancellationError()).category == .cancelled)
        struct Odd: Error {}
        #expect(CADError(Odd()).category == .other)
    }

    @Test("wrapping keeps the facts the CLI prints")
    func facts() {
        let api = APIError(provider: "orville", status: 400, code: "missing_prompt", message: "prompt is required",
                           requestID: "req_1", endpoint: "POST /api/v1/cad/jobs")
        let wrapped = CADError(api)
        #expect(wrapped.message == "prompt is required")
        #expect(wrapped.code == "missing_prompt")
        #expect(wrapped.status == 400)
        #expect(wrapped.provider == "orville")
        #expect(wrapped.requestID == "req_1")
        #expect(CADError(wrapped).category == .other)  // a CADError is not wrapped twice

        let timeout = CADError(WaitTimeoutError(provider: "orville", jobID: "cadjob_9", timeout: .seconds(600),
                                                lastStatus: "running", polls: 10))
        #expect(timeout.description.contains("cadjob_9"))
        #expect(timeout.description.contains("10m"))
        let failed = JobFailedError(provider: "makistry", jobID: "pub_1", code: "GENERATION_FAILED",
                                    message: "could not build", requestID: nil)
        #expect(failed.description == "makistry job pub_1 failed: could not build (makistry: GENERATION_FAILED)")
    }
}
