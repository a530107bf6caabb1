import Foundation
import Makistry
import Testing

@Suite("Makistry webhook verification (HMAC-SHA256 over timestamp and body)")
struct WebhookVerifierTests {
    let secret = "whsec_sandbox_secret"
    let body = Data(#"{"job_id":"pub_123","status":"success"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    func verifier(tolerance: Duration = .seconds(300)) -> WebhookVerifier {
        let now = self.now
        return WebhookVerifier(secret: secret, tolerance: tolerance, now: { now })
    }

    @Test("a delivery signed with the secret verifies; the MAC matches an independent computation")
    func valid() throws {
        let timestamp = "1780000000"
        let signature = verifier().sign(body: body, timestamp: timestamp)
        // HMAC-SHA256("whsec_sandbox_secret", "1780000000." + body), computed with openssl.
        #expect(signature == "sha256=" + WebhookVerifierTests.expectedHex)
        try verifier().verify(body: body, signature: signature, timestamp: timestamp)
        try verifier().verify(body: body, signature: WebhookVerifierTests.expectedHex, timestamp: timestamp)
        try verifier().verify(body: body, signature: "v1=deadbeef, v1=" + WebhookVerifierTests.expectedHex.uppercased(),
                              timestamp: timestamp)
    }

    @Test("a tampered body, timestamp, signature or secret is rejected")
    func tampered() {
        let timestamp = "1780000000"
        let signature = verifier().sign(body: body, timestamp: timestamp)
        var changed = body
        changed[changed.startIndex + 2] ^= 0x01
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier().verify(body: changed, signature: signature, timestamp: timestamp)
        }
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier().verify(body: body, signature: signature, timestamp: "1780000001")
        }
        var flipped = Array(signature)
        flipped[flipped.count - 1] = flipped.last == "0" ? "1" : "0"
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier().verify(body: body, signature: String(flipped), timestamp: timestamp)
        }
        let other = WebhookVerifier(secret: "another", now: { [now] in now })
        #expect(!other.isValid(body: body, signature: signature, timestamp: timestamp))
        #expect(throws: WebhookVerificationError.malformedSignature) {
            try verifier().verify(body: body, signature: "sha256=zz", timestamp: timestamp)
        }
    }

    @Test("a timestamp beyond the tolerance, either way, is stale; a non-number is malformed")
    func stale() {
        let old = "1779999699"   // 301 s before now
        let signature = verifier().sign(body: body, timestamp: old)
        #expect(throws: WebhookVerificationError.staleTimestamp(ageSeconds: 301, toleranceSeconds: 300)) {
            try verifier().verify(body: body, signature: signature, timestamp: old)
        }
        #expect(verifier(tolerance: .seconds(400)).isValid(body: body, signature: signature, timestamp: old))
        let future = "1780000301"
        #expect(throws: WebhookVerificationError.staleTimestamp(ageSeconds: -301, toleranceSeconds: 300)) {
            try verifier().verify(body: body, signature: verifier().sign(body: body, timestamp: future), timestamp: future)
        }
        #expect(throws: WebhookVerificationError.malformedTimestamp("yesterday")) {
            try verifier().verify(body: body, signature: signature, timestamp: "yesterday")
        }
        #expect("\(WebhookVerificationError.staleTimestamp(ageSeconds: 301, toleranceSeconds: 300))".contains("stale timestamp"))
    }

    /// A scheme that signs the body alone, base64: the verifier takes any scheme.
    struct BodyOnlyBase64: WebhookSignatureScheme {
        func signedContent(timestamp: String, body: Data) -> Data { body }
        func signatures(in header: String) -> [Data] { Data(base64Encoded: header).map { [$0] } ?? [] }
        func header(for mac: Data) -> String { mac.base64EncodedString() }
    }

    @Test("the scheme is pluggable")
    func pluggable() throws {
        let now = self.now
        let custom = WebhookVerifier(secret: secret, scheme: BodyOnlyBase64(), now: { now })
        let signature = custom.sign(body: body, timestamp: "1780000000")
        try custom.verify(body: body, signature: signature, timestamp: "1780000000")
        #expect(!verifier().isValid(body: body, signature: signature, timestamp: "1780000000"))
    }

    static let expectedHex = "794058e4d67efb8b32d764e599b801b73ae8e96fa6d026146c6e0991db551167"
}
