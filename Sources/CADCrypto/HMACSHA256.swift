import CCrypto
import Foundation

/// Streaming HMAC-SHA256 (RFC 2104) over the system's libcrypto.
///
/// ```swift
/// let code = HMACSHA256.authenticationCode(for: Data(message.utf8), key: Data(secret.utf8))
/// let authentic = HMACSHA256.isValid(received, for: Data(message.utf8), key: Data(secret.utf8))
/// ```
///
/// A value type: a copy continues independently of the original.
public struct HMACSHA256: Sendable {
    private var context: DigestContext<HMACOperations>

    /// A computation keyed with `key` (any length, empty included) that has seen no bytes.
    public init(key: some ContiguousBytes) {
        context = key.withUnsafeBytes { key in
            DigestContext(made: cadcrypto_hmac_new(key.baseAddress, key.count))
        }
    }

    /// Feeds `bytes` into the code.
    public mutating func update(_ bytes: some ContiguousBytes) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        bytes.withUnsafeBytes { context.update($0) }
    }

    /// The authentication code of every byte fed so far (the computation may go on being updated).
    public func finalize() -> CryptoDigest { context.copy().finish() }

    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> CryptoDigest {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Whether `code` is the HMAC-SHA256 of `message` under `key`, compared in constant time.
    public static func isValid(
        _ code: some ContiguousBytes, for message: some ContiguousBytes, key: some ContiguousBytes
    ) -> Bool {
        authenticationCode(for: message, key: key).matches(code)
    }
}

/// The libcrypto calls behind `HMACSHA256`.
enum HMACOperations: DigestOperations {
    static func make() -> OpaquePointer? { nil }
    static func update(_ context: OpaquePointer, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int32 {
        cadcrypto_hmac_update(context, bytes, count)
    }
    static func finish(_ context: OpaquePointer, _ output: UnsafeMutablePointer<UInt8>) -> Int32 {
        cadcrypto_hmac_final(context, output)
    }
    static func copy(_ context: OpaquePointer) -> OpaquePointer? { cadcrypto_hmac_copy(context) }
    static func free(_ context: OpaquePointer) { cadcrypto_hmac_free(context) }
}
