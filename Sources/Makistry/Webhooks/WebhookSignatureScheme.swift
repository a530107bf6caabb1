import Foundation

/// How a webhook's signature is computed: what is signed, and how the signature header is read.
///
/// Makistry gives each key a `signing_secret` but does not publish its signature scheme; plug in the
/// confirmed one by conforming to this protocol. `HMACTimestampBodyScheme` is the default guess.
public protocol WebhookSignatureScheme: Sendable {
    /// The bytes the sender signs for a delivery with `timestamp` (as sent) and raw `body`.
    func signedContent(timestamp: String, body: Data) -> Data
    /// The MACs a signature header carries (several when the sender rotates secrets), decoded to bytes;
    /// empty when nothing in it is a signature this scheme understands.
    func signatures(in header: String) -> [Data]
    /// The signature header a sender would send for `mac`.
    func header(for mac: Data) -> String
}

/// The default scheme: HMAC-SHA256 over `"{timestamp}.{body}"` keyed with the signing secret, sent as
/// lowercase hex. The header may be the bare hex, `sha256=HEX`, `v1=HEX`, or several such entries
/// separated by commas or spaces (`t=…` entries are ignored); any matching entry verifies.
///
/// This is the widespread pattern (Stripe, Slack, Svix): **confirm it against Makistry before relying
/// on it.**
public struct HMACTimestampBodyScheme: WebhookSignatureScheme {
    /// The scheme.
    public init() {}

    /// `timestamp + "." + body`.
    public func signedContent(timestamp: String, body: Data) -> Data {
        Data((timestamp + ".").utf8) + body
    }

    /// Every hex MAC in the header (bare or after `sha256=` / `v1=`).
    public func signatures(in header: String) -> [Data] {
        let entries = header.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" })
        return entries.compactMap { entry -> Data? in
            var value = Substring(entry)
            if let equals = value.firstIndex(of: "=") {
                let label = value[..<equals].lowercased()
                guard label == "sha256" || label == "v1" else { return nil }
                value = value[value.index(after: equals)...]
            }
            return Self.hexBytes(value)
        }
    }

    /// `sha256=HEX`.
    public func header(for mac: Data) -> String { "sha256=" + Self.hex(mac) }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: Data) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    /// The bytes of an even-length hex string (either case), or `nil`.
    static func hexBytes(_ text: Substring) -> Data? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var bytes = Data(capacity: digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
