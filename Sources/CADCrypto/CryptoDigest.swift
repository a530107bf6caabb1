import Foundation

/// A SHA-256 digest or an HMAC-SHA256 code: 32 bytes.
public struct CryptoDigest: Sendable, Hashable, CustomStringConvertible {
    /// The digest's bytes.
    public let bytes: [UInt8]

    /// Wraps `bytes` (a digest computed elsewhere).
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The digest in lowercase hex (64 characters for SHA-256).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The digest's bytes as `Data`.
    public var data: Data { Data(bytes) }

    /// Lowercase hex.
    public var description: String { hex }

    /// Whether `other` holds exactly these bytes, compared in constant time (for authentication codes:
    /// the time taken does not reveal how many leading bytes matched).
    public func matches(_ other: some ContiguousBytes) -> Bool {
        other.withUnsafeBytes { given in
            guard given.count == bytes.count else { return false }
            return bytes.withUnsafeBytes { own in
                constantTimeEqual(own, given)
            }
        }
    }
}
