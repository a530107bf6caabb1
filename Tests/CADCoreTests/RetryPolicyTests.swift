import CADCore
import Testing

/// A request as the policy sees it: its method and whether it carries an idempotency key.
struct RequestKind: Sendable, CustomStringConvertible {
    var method: HTTPMethod
    var keyed: Bool
    var description: String { method.rawValue + (keyed ? "+key" : "") }

    /// The columns of the decision tables below, in order.
    static let columns: [RequestKind] = [
        .init(method: .get, keyed: false), .init(method: .head, keyed: false), .init(method: .put, keyed: false),
        .init(method: .delete, keyed: false), .init(method: .post, keyed: false), .init(method: .post, keyed: true),
        .init(method: .patch, keyed: false), .init(method: .patch, keyed: true),
    ]
}

/// One row of a decision table: a failure and the expected outcome for each `RequestKind.columns` entry.
/// R = retry, U = unsafe to repeat, N = not retryable, P = payment refusal.
struct DecisionRow: Sendable, CustomStringConvertible {
    var name: String
    var failure: RetryPolicy.Failure
    var expected: String
    var description: String { name }
}

func apiError(_ status: Int, code: String? = nil, retryAfter: Duration? = nil) -> APIError {
    APIError(provider: "test", status: status, code: code, message: "m", retryAfter: retryAfter, endpoint: "X /")
}

@Suite("RetryPolicy decisions")
struct RetryPolicyDecisionTests {
    static let transportRows: [DecisionRow] = [
        // Surely not sent: any method may be retried.
        DecisionRow(name: "connect failed, not sent", failure: .transport(.test(.connectFailed, sent: false)), expected: "RRRRRRRR"),
        DecisionRow(name: "DNS failure, not sent", failure: .transport(.test(.dnsFailure, sent: false)), expected: "RRRRRRRR"),
        DecisionRow(name: "connect timeout, not sent", failure: .transport(.test(.timedOut, sent: false)), expected: "RRRRRRRR"),
        DecisionRow(name: "reset before sending", failure: .transport(.test(.connectionReset, sent: false)), expected: "RRRRRRRR"),
        // May have reached the server: only idempotent methods and keyed requests.
        DecisionRow(name: "reset after sending", failure: .transport(.test(.connectionReset, sent: true)), expected: "RRRRURUR"),
        DecisionRow(name: "timeout after sending", failure: .transport(.test(.timedOut, sent: true)), expected: "RRRRURUR"),
        DecisionRow(name: "truncated response", failure: .transport(.test(.truncatedBody, sent: true)), expected: "RRRRURUR"),
        DecisionRow(name: "connect failed, flagged sent", failure: .transport(.test(.connectFailed, sent: true)), expected: "RRRRURUR"),
        // Not transient.
        DecisionRow(name: "TLS failure", failure: .transport(.test(.tlsFailure, sent: false)), expected: "NNNNNNNN"),
        DecisionRow(name: "invalid URL", failure: .transport(.test(.invalidURL, sent: false)), expected: "NNNNNNNN"),
        DecisionRow(name: "file error", failure: .transport(.test(.fileError, sent: false)), expected: "NNNNNNNN"),
        DecisionRow(name: "body too large", failure: .transport(.test(.bodyTooLarge, sent: true)), expected: "NNNNNNNN"),
        DecisionRow(name: "too many redirects", failure: .transport(.test(.tooManyRedirects, sent: true)), expected: "NNNNNNNN"),
        DecisionRow(name: "other curl error", failure: .transport(.test(.other, sent: true)), expected: "NNNNNNNN"),
    ]

    static let statusRows: [DecisionRow] = [
        DecisionRow(name: "408", failure: .response(apiError(408)), expected: "RRRRURUR"),
        DecisionRow(name: "500", failure: .response(apiError(500)), expected: "RRRRURUR"),
        DecisionRow(name: "502", failure: .response(apiError(502)), expected: "RRRRURUR"),
        DecisionRow(name: "504", failure: .response(apiError(504)), expected: "RRRRURUR"),
        // Refused without acting: even a plain POST.
        DecisionRow(name: "429", failure: .response(apiError(429)), expected: "RRRRRRRR"),
        DecisionRow(name: "429 rate_limited", failure: .response(apiError(429, code: "rate_limited")), expected: "RRRRRRRR"),
        DecisionRow(name: "429 quota_exceeded", failure: .response(apiError(429, code: "quota_exceeded")), expected: "RRRRRRRR"),
        DecisionRow(name: "503", failure: .response(apiError(503)), expected: "RRRRRRRR"),
        DecisionRow(name: "503 with Retry-After", failure: .response(apiError(503, retryAfter: .seconds(3))), expected: "RRRRRRRR"),
        // Money: never.
        DecisionRow(name: "402", failure: .response(apiError(402)), expected: "PPPPPPPP"),
        DecisionRow(name: "429 projected_balance_exceeded", failure: .response(apiError(429, code: "projected_balance_exceeded")), expected: "PPPPPPPP"),
        DecisionRow(name: "409 insufficient_balance", failure: .response(apiError(409, code: "insufficient_balance")), expected: "PPPPPPPP"),
        DecisionRow(name: "402 billing_required", failure: .response(apiError(402, code: "billing_required")), expected: "PPPPPPPP"),
        DecisionRow(name: "402 billing_needs_review", failure: .response(apiError(402, code: "billing_needs_review")), expected: "PPPPPPPP"),
        // The request was wrong: never.
        DecisionRow(name: "400", failure: .response(apiError(400)), expected: "NNNNNNNN"),
        DecisionRow(name: "401", failure: .response(apiError(401)), expected: "NNNNNNNN"),
        DecisionRow(name: "403", failure: .response(apiError(403)), expected: "NNNNNNNN"),
        DecisionRow(name: "404", failure: .response(apiError(404)), expected: "NNNNNNNN"),
        DecisionRow(name: "409", failure: .response(apiError(409)), expected: "NNNNNNNN"),
        DecisionRow(name: "410", failure: .response(apiError(410)), expected: "NNNNNNNN"),
        DecisionRow(name: "422", failure: .response(apiError(422)), expected: "NNNNNNNN"),
        DecisionRow(name: "501", failure: .response(apiError(501)), expected: "NNNNNNNN"),
    ]

    func check(_ row: DecisionRow) {
        let policy = RetryPolicy(jitter: .constant(0.5))
        for (kind, expected) in zip(RequestKind.columns, row.expected) {
            let decision = policy.decide(method: kind.method, hasIdempotencyKey: kind.keyed, failure: row.failure,
                                         retriesSoFar: 0)
            let actual: Character
            switch decision {
            case .retry: actual = "R"
            case .stop(.unsafeToRepeat): actual = "U"
            case .stop(.notRetryable): actual = "N"
            case .stop(.paymentRefusal): actual = "P"
            case .stop: actual = "?"
            }
            #expect(actual == expected, "\(row.name) × \(kind): \(decision)")
        }
    }

    @Test("transport failures × method × key", arguments: transportRows)
    func transportFailures(row: DecisionRow) { check(row) }

    @Test("error statuses × method × key", arguments: statusRows)
    func statuses(row: DecisionRow) { check(row) }

    @Test("retries stop after maxRetries")
    func exhaustion() {
        let policy = RetryPolicy(maxRetries: 3, jitter: .constant(1))
        for retries in 0..<3 {
            #expect(policy.decide(method: .get, hasIdempotencyKey: false, failure: .response(apiError(503)),
                                  retriesSoFar: retries) != .stop(.retriesExhausted))
        }
        #expect(policy.decide(method: .get, hasIdempotencyKey: false, failure: .response(apiError(503)),
                              retriesSoFar: 3) == .stop(.retriesExhausted))
        #expect(policy.decide(method: .get, hasIdempotencyKey: false, failure: .transport(.test(.connectFailed, sent: false)),
                              retriesSoFar: 3) == .stop(.retriesExhausted))
        #expect(RetryPolicy.never.decide(method: .get, hasIdempotencyKey: false, failure: .response(apiError(503)),
                                         retriesSoFar: 0) == .stop(.retriesExhausted))
    }
}

@Suite("RetryPolicy delays")
struct RetryPolicyDelayTests {
    @Test("full-jitter backoff: 0.5 s base doubling to an 8 s cap")
    func ceilings() {
        let policy = RetryPolicy()
        let expected: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8),
                                    .seconds(8)]
        for (retry, ceiling) in expected.enumerated() {
            #expect(policy.backoffCeiling(retry: retry) == ceiling)
        }
        #expect(policy.backoffCeiling(retry: 10_000) == .seconds(8))
    }

    @Test("the jitter source picks within zero ... ceiling")
    func jitterBounds() {
        let low = RetryPolicy(jitter: .constant(0))
        let high = RetryPolicy(jitter: .constant(1))
        let middle = RetryPolicy(jitter: .constant(0.5))
        #expect(low.backoff(retry: 2) == .zero)
        #expect(high.backoff(retry: 2) == .seconds(2))
        #expect(middle.backoff(retry: 2) == .seconds(1))
        #expect(middle.decide(method: .get, hasIdempotencyKey: false, failure: .response(apiError(502)), retriesSoFar: 1)
            == .retry(after: .milliseconds(500)))
        var generator = SeededGenerator(seed: 11)
        let randomValues = (0..<500).map { _ in Double.random(in: 0..<1, using: &generator) }
        let random = RetryPolicy(jitter: .sequence(randomValues))
        for retry in 0..<500 {
            let delay = random.backoff(retry: retry % 6)
            #expect(delay >= .zero && delay <= random.backoffCeiling(retry: retry % 6))
        }
    }

    @Test("Retry-After replaces the computed delay, up to the cap")
    func retryAfter() {
        let policy = RetryPolicy(jitter: .constant(0))
        #expect(policy.decide(method: .post, hasIdempotencyKey: false,
                              failure: .response(apiError(429, retryAfter: .seconds(30))), retriesSoFar: 0)
            == .retry(after: .seconds(30)))
        #expect(policy.decide(method: .get, hasIdempotencyKey: false,
                              failure: .response(apiError(503, retryAfter: .seconds(120))), retriesSoFar: 2)
            == .retry(after: .seconds(120)))
        #expect(policy.decide(method: .get, hasIdempotencyKey: false,
                              failure: .response(apiError(503, retryAfter: .seconds(121))), retriesSoFar: 0)
            == .stop(.retryAfterTooLong(.seconds(121))))
        let patient = RetryPolicy(retryAfterCap: .seconds(600))
        #expect(patient.decide(method: .get, hasIdempotencyKey: false,
                               failure: .response(apiError(503, retryAfter: .seconds(300))), retriesSoFar: 0)
            == .retry(after: .seconds(300)))
    }

    @Test("Makistry: 5xx after 2, 4, 8 s; a 429 without Retry-After waits at least 60 s")
    func makistry() {
        var policy = RetryPolicy.makistry
        policy.jitter = .constant(1)
        let expected: [Duration] = [.seconds(2), .seconds(4), .seconds(8)]
        for (retry, delay) in expected.enumerated() {
            #expect(policy.decide(method: .get, hasIdempotencyKey: false, failure: .response(apiError(500)),
                                  retriesSoFar: retry) == .retry(after: delay))
            #expect(policy.decide(method: .post, hasIdempotencyKey: true, failure: .response(apiError(503)),
                                  retriesSoFar: retry) == .retry(after: delay))
        }
        #expect(policy.decide(method: .get, hasIdempotencyKey: false, failure: .response(apiError(500)),
                              retriesSoFar: 3) == .stop(.retriesExhausted))
        for jitter in [0.0, 0.3, 1.0] {
            policy.jitter = .constant(jitter)
            guard case .retry(let delay) = policy.decide(method: .post, hasIdempotencyKey: true,
                                                         failure: .response(apiError(429)), retriesSoFar: 0)
            else {
                Issue.record("429 should be retried")
                continue
            }
            #expect(delay >= .seconds(60))
            #expect(delay <= .seconds(61))
        }
        // A Retry-After still wins.
        #expect(policy.decide(method: .get, hasIdempotencyKey: false,
                              failure: .response(apiError(429, retryAfter: .seconds(5))), retriesSoFar: 0)
            == .retry(after: .seconds(5)))
        // Transport failures keep the exponential backoff.
        policy.jitter = .constant(1)
        #expect(policy.decide(method: .get, hasIdempotencyKey: false,
                              failure: .transport(.test(.connectionReset, sent: true)), retriesSoFar: 0)
            == .retry(after: .milliseconds(500)))
    }
}
