/// Decides whether a failed request is sent again, and after how long.
///
/// The rules:
/// - Transient failures are retried: the transport's `connectFailed`, `dnsFailure`, `timedOut`,
///   `connectionReset`, `truncatedBody`, and the statuses 408, 429, 500, 502, 503, 504.
/// - Only when repeating is safe: idempotent methods (GET, PUT, DELETE, …) and requests carrying an
///   `Idempotency-Key` always; any other request (a plain POST) only when it surely did not reach the
///   server (`TransportError.requestMayHaveBeenSent == false`) or the server refused it without acting
///   (429, 503).
/// - Never a money refusal (`APIError.Classification.payment`: 402, Orville's billing codes, including
///   `projected_balance_exceeded` which comes as a 429).
/// - Delays: exponential backoff with full jitter, `random(0 ... min(maxDelay, baseDelay · 2ⁿ))` before
///   retry n (0-based). A `Retry-After` replaces the computed delay; one longer than `retryAfterCap` stops
///   the retries and the error surfaces carrying the delay it asked for.
/// - Provider overrides: `serverErrorSchedule` (fixed delays for 5xx) and `rateLimitFallbackDelay` (the
///   least wait after a 429 without `Retry-After`); see `RetryPolicy.makistry`.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt (so at most `maxRetries + 1` sends).
    public var maxRetries: Int
    /// The backoff ceiling for the first retry; doubles for each further retry.
    public var baseDelay: Duration
    /// The largest computed backoff.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured by waiting; a longer one surfaces the error instead.
    public var retryAfterCap: Duration
    /// Statuses worth another try.
    public var retryableStatuses: Set<Int>
    /// Statuses with which a server refuses a request without acting on it: retried even for a request that
    /// is not safe to repeat.
    public var refusedWithoutActingStatuses: Set<Int>
    /// Transport failures worth another try.
    public var retryableTransportKinds: Set<TransportError.Kind>
    /// Fixed delays for 5xx responses without `Retry-After`, one per retry (the last repeats); `nil` uses
    /// the exponential backoff.
    public var serverErrorSchedule: [Duration]?
    /// The least wait after a 429 without `Retry-After` (the backoff is added to it); `nil` uses the
    /// exponential backoff alone.
    public var rateLimitFallbackDelay: Duration?
    /// Randomness for the jitter.
    public var jitter: JitterSource

    /// A policy; the defaults are the SDK's standard one.
    public init(
        maxRetries: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8),
        retryAfterCap: Duration = .seconds(120),
        retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504],
        refusedWithoutActingStatuses: Set<Int> = [429, 503],
        retryableTransportKinds: Set<TransportError.Kind> = [
            .connectFailed, .dnsFailure, .timedOut, .connectionReset, .truncatedBody,
        ],
        serverErrorSchedule: [Duration]? = nil,
        rateLimitFallbackDelay: Duration? = nil,
        jitter: JitterSource = .system
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
        self.retryableStatuses = retryableStatuses
        self.refusedWithoutActingStatuses = refusedWithoutActingStatuses
        self.retryableTransportKinds = retryableTransportKinds
        self.serverErrorSchedule = serverErrorSchedule
        self.rateLimitFallbackDelay = rateLimitFallbackDelay
        self.jitter = jitter
    }

    /// The standard policy: 3 retries, 0.5 s base, 8 s cap, `Retry-After` honoured up to 120 s.
    public static let standard = RetryPolicy()

    /// Never retry.
    public static let never = RetryPolicy(maxRetries: 0)

    /// Makistry's documented behaviour: 5xx retried after 2, 4 and 8 s; a 429 without `Retry-After` waits
    /// at least 60 s.
    public static let makistry = RetryPolicy(
        serverErrorSchedule: [.seconds(2), .seconds(4), .seconds(8)],
        rateLimitFallbackDelay: .seconds(60)
    )

    /// Why a request failed, as the policy sees it.
    public enum Failure: Sendable {
        /// No response: the exchange itself failed.
        case transport(TransportError)
        /// An error status, decoded.
        case response(APIError)
    }

    /// Whether `method` with or without an idempotency key may be sent again after `failure`, and when.
    ///
    /// - Parameters:
    ///   - failure: what the last attempt ended with.
    ///   - method: the request's method.
    ///   - hasIdempotencyKey: whether the request carries an `Idempotency-Key`.
    ///   - retriesSoFar: how many retries were already made (0 after the first attempt failed).
    public func decide(
        method: HTTPMethod,
        hasIdempotencyKey: Bool,
        failure: Failure,
        retriesSoFar: Int
    ) -> RetryDecision {
        let safeToRepeat = method.isIdempotent || hasIdempotencyKey
        switch failure {
        case .transport(let error):
            guard retryableTransportKinds.contains(error.kind) else { return .stop(.notRetryable) }
            guard safeToRepeat || !error.requestMayHaveBeenSent else { return .stop(.unsafeToRepeat) }
            guard retriesSoFar < maxRetries else { return .stop(.retriesExhausted) }
            return .retry(after: backoff(retry: retriesSoFar))
        case .response(let error):
            if error.isPaymentRefusal { return .stop(.paymentRefusal) }
            let status = error.status
            guard retryableStatuses.contains(status) else { return .stop(.notRetryable) }
            guard safeToRepeat || refusedWithoutActingStatuses.contains(status) else {
                return .stop(.unsafeToRepeat)
            }
            guard retriesSoFar < maxRetries else { return .stop(.retriesExhausted) }
            if let asked = error.retryAfter {
                return asked > retryAfterCap ? .stop(.retryAfterTooLong(asked)) : .retry(after: asked)
            }
            if status == 429, let fallback = rateLimitFallbackDelay {
                return .retry(after: fallback + backoff(retry: retriesSoFar))
            }
            if (500..<600).contains(status), let schedule = serverErrorSchedule, let last = schedule.last {
                return .retry(after: retriesSoFar < schedule.count ? schedule[retriesSoFar] : last)
            }
            return .retry(after: backoff(retry: retriesSoFar))
        }
    }

    /// The full-jitter backoff before retry `retry` (0-based): uniform in `0 ... min(maxDelay, baseDelay · 2ʳ)`.
    public func backoff(retry: Int) -> Duration {
        jitter.duration(in: .zero, backoffCeiling(retry: retry))
    }

    /// The upper bound of the backoff before retry `retry`: `min(maxDelay, baseDelay · 2ʳ)`.
    public func backoffCeiling(retry: Int) -> Duration {
        var ceiling = baseDelay
        for _ in 0..<max(0, retry) {
            ceiling = ceiling * 2
            if ceiling >= maxDelay { return maxDelay }
        }
        return min(ceiling, maxDelay)
    }
}

/// What `RetryPolicy.decide` concluded.
public enum RetryDecision: Sendable, Hashable {
    /// Send the request again after this wait.
    case retry(after: Duration)
    /// Give up and surface the error.
    case stop(RetryStopReason)
}

/// Why a request was not retried.
public enum RetryStopReason: Sendable, Hashable {
    /// The failure is not transient (a 400, a TLS failure, …).
    case notRetryable
    /// The request may have reached the server and is not safe to repeat (a POST without an idempotency key).
    case unsafeToRepeat
    /// The provider refused for money reasons; retrying cannot help.
    case paymentRefusal
    /// Every allowed retry was used.
    case retriesExhausted
    /// The server asked for a longer wait than the policy's `retryAfterCap`.
    case retryAfterTooLong(Duration)
}
