import CCrypto
import Foundation

/// Streaming SHA-256 over the system's libcrypto.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update(chunk)          // as often as needed
/// let hex = hasher.finalize().hex
/// ```
///
/// A value type: a copy continues independently of the original.
public struct SHA256Hasher: Sendable {
    private var context: DigestContext<SHA256Operations>

    /// A hasher that has seen no bytes.
    public init() { context = DigestContext() }

    /// Feeds `bytes` into the digest.
    public mutating func update(_ bytes: some ContiguousBytes) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        bytes.withUnsafeBytes { context.update($0) }
    }

    /// The digest of every byte fed so far (the hasher may go on being updated).
    public func finalize() -> CryptoDigest { context.copy().finish() }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some ContiguousBytes) -> CryptoDigest {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// The libcrypto calls behind `SHA256Hasher`.
enum SHA256Operations: DigestOperations {
    static func make() -> OpaquePointer? { cadcrypto_sha256_new() }
    static func update(_ context: OpaquePointer, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int32 {
        cadcrypto_sha256_update(context, bytes, count)
    }
    static func finish(_ context: OpaquePointer, _ output: UnsafeMutablePointer<UInt8>) -> Int32 {
        cadcrypto_sha256_final(context, output)
    }
    static func copy(_ context: OpaquePointer) -> OpaquePointer? { cadcrypto_sha256_copy(context) }
    static func free(_ context: OpaquePointer) { cadcrypto_sha256_free(context) }
}
