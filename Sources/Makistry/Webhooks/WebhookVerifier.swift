import CADCrypto
import Foundation

/// Why a webhook delivery was rejected.
public enum WebhookVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The timestamp is not a Unix time in seconds.
    case malformedTimestamp(String)
    /// The timestamp is further from now than the tolerance (a replay, or a clock far off).
    case staleTimestamp(ageSeconds: Int64, toleranceSeconds: Int64)
    /// The signature header holds nothing this scheme can read.
    case malformedSignature
    /// No signature in the header matches the body and timestamp under this secret.
    case signatureMismatch

    /// A sentence saying what was wrong.
    public var description: String {
        switch self {
        case .malformedTimestamp(let text):
            "bad timestamp: \"\(text)\" is not a Unix time in seconds"
        case .staleTimestamp(let age, let tolerance):
            age >= 0
                ? "stale timestamp: the delivery is \(age) s old, beyond the \(tolerance) s tolerance (a replay?)"
                : "stale timestamp: the delivery is dated \(-age) s in the future, beyond the \(tolerance) s tolerance"
        case .malformedSignature:
            "bad signature: the signature header holds no hex HMAC-SHA256 value"
        case .signatureMismatch:
            "bad signature: it does not match the body and timestamp under this signing secret"
        }
    }
}

/// Verifies Makistry webhook deliveries: an HMAC-SHA256 signature (compared in constant time) over the
/// timestamp and the raw body, keyed with the API key's `signing_secret`, and a timestamp no further
/// from now than `tolerance` (default 5 minutes) so an old delivery cannot be replayed.
///
/// Makistry has not published its signature scheme; `HMACTimestampBodyScheme` (`"{timestamp}.{body}"`,
/// hex) is a documented default. Confirm the scheme with Makistry and pass the right one as `scheme`.
///
/// ```swift
/// let verifier = WebhookVerifier(secret: signingSecret)
/// try verifier.verify(body: rawBody, signature: request.headers["Makistry-Signature"] ?? "",
///                     timestamp: request.headers["Makistry-Timestamp"] ?? "")
/// ```
public struct WebhookVerifier: Sendable {
    /// The secret's bytes (the HMAC key).
    private let secretBytes: Data
    /// How the signature is computed and read.
    public var scheme: any WebhookSignatureScheme
    /// How far the timestamp may be from now, either way.
    public var tolerance: Duration
    /// The current time (injectable for tests).
    public var now: @Sendable () -> Date

    /// A verifier for `secret` (the key's `signing_secret`).
    public init(
        secret: String,
        scheme: any WebhookSignatureScheme = HMACTimestampBodyScheme(),
        tolerance: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        secretBytes = Data(secret.utf8)
        self.scheme = scheme
        self.tolerance = tolerance
        self.now = now
    }

    /// Checks a delivery; returns normally when it is authentic and fresh.
    ///
    /// The timestamp is checked before the signature, and every signature in the header is compared in
    /// constant time (`HMACSHA256.isValid`).
    ///
    /// - Throws: `WebhookVerificationError` saying why it was rejected.
    public func verify(body: Data, signature: String, timestamp: String) throws {
        let trimmed = timestamp.filter { !$0.isWhitespace }
        guard let seconds = Int64(trimmed) else { throw WebhookVerificationError.malformedTimestamp(timestamp) }
        let age = Int64(now().timeIntervalSince1970.rounded(.down)) - seconds
        let limit = tolerance.components.seconds
        guard abs(age) <= limit else {
            throw WebhookVerificationError.staleTimestamp(ageSeconds: age, toleranceSeconds: limit)
        }
        let candidates = scheme.signatures(in: signature)
        guard !candidates.isEmpty else { throw WebhookVerificationError.malformedSignature }
        let content = scheme.signedContent(timestamp: trimmed, body: body)
        let expected = HMACSHA256.authenticationCode(for: content, key: secretBytes)
        var matched = false
        for candidate in candidates where expected.matches(candidate) {
            matched = true
        }
        guard matched else { throw WebhookVerificationError.signatureMismatch }
    }

    /// Whether the delivery verifies (see `verify`).
    public func isValid(body: Data, signature: String, timestamp: String) -> Bool {
        (try? verify(body: body, signature: signature, timestamp: timestamp)) != nil
    }

    /// The signature header a sender using this scheme and secret would attach (for tests and tools).
    public func sign(body: Data, timestamp: String) -> String {
        let mac = HMACSHA256.authenticationCode(for: scheme.signedContent(timestamp: timestamp, body: body), key: secretBytes)
        return scheme.header(for: mac.data)
    }
}
