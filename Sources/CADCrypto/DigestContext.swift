import CCrypto

/// The libcrypto calls of one algorithm, over an opaque context.
protocol DigestOperations {
    /// A fresh context (`nil` where the algorithm needs parameters, as HMAC's key).
    static func make() -> OpaquePointer?
    static func update(_ context: OpaquePointer, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int32
    static func finish(_ context: OpaquePointer, _ output: UnsafeMutablePointer<UInt8>) -> Int32
    static func copy(_ context: OpaquePointer) -> OpaquePointer?
    static func free(_ context: OpaquePointer)
}

/// Owns one libcrypto context; the value types above copy it before mutating a shared one.
///
/// libcrypto fails here only when it cannot allocate memory or the system's OpenSSL configuration
/// disables SHA-256: both are conditions no caller can recover from, so they stop the process with a
/// message rather than return a wrong digest.
final class DigestContext<Operations: DigestOperations>: @unchecked Sendable {
    // @unchecked: the pointer is only touched through a uniquely referenced box (`update`) or by
    // `copy`, which reads it; the value types guarantee that no two threads mutate one context.
    private let pointer: OpaquePointer

    init(made: OpaquePointer? = Operations.make()) {
        guard let made else { fatalError("libcrypto could not create a digest context (out of memory?)") }
        pointer = made
    }

    deinit { Operations.free(pointer) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        guard Operations.update(pointer, bytes.baseAddress, bytes.count) == 1 else {
            fatalError("libcrypto could not update a digest")
        }
    }

    func copy() -> DigestContext { DigestContext(made: Operations.copy(pointer)) }

    /// The digest; the context is spent afterwards.
    func finish() -> CryptoDigest {
        var output = [UInt8](repeating: 0, count: Int(CADCRYPTO_SHA256_LENGTH))
        guard output.withUnsafeMutableBufferPointer({ buffer in
            buffer.baseAddress.map { Operations.finish(pointer, $0) } ?? 0
        }) == 1 else { fatalError("libcrypto could not finish a digest") }
        return CryptoDigest(bytes: output)
    }
}

/// Whether two buffers of equal length hold the same bytes, in constant time.
func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0, let first = a.baseAddress, let second = b.baseAddress else { return true }
    return cadcrypto_equal_constant_time(first, second, a.count) == 1
}
