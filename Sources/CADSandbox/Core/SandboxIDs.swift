import Foundation

/// Random identifiers in the shapes the providers use.
enum SandboxIDs {
    /// A lowercase UUID (`385f3130-1ebc-40b7-85d9-6ded5ecc8a0f`).
    static func uuid() -> String { UUID().uuidString.lowercased() }

    /// `count` random lowercase hex digits.
    static func hex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(generator.next() % 16)] })
    }

    /// `count` random URL-safe base64 characters (`4FIoIk2zfzNGakNvYMXDAA`-like).
    static func base64url(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<count).map { _ in alphabet[Int(generator.next() % 64)] })
    }

    /// A request id: `req_` and 32 hex digits.
    static func requestID() -> String { "req_" + hex(32) }
}
