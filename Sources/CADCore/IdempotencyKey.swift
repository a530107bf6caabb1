/// The value of an `Idempotency-Key` header: made once per logical call and sent, unchanged, with every
/// retry of it, so the server runs the call at most once.
///
/// Generated keys are random (version 4) UUIDs in lowercase; a caller may supply its own (for example to
/// resubmit safely from a script), which must be 1–160 visible ASCII characters.
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    /// The header value.
    public let value: String

    /// The HTTP header that carries the key.
    public static let headerName = "Idempotency-Key"

    /// The longest key accepted (Orville's documented limit).
    public static let maximumLength = 160

    /// A new random key.
    public init() {
        value = UUID().uuidString.lowercased()
    }

    /// A caller-supplied key, checked.
    ///
    /// - Throws: `CADError.usage` naming the problem when `value` is empty, longer than 160 characters, or
    ///   contains anything but visible ASCII (`!` … `~`; no spaces or control characters).
    public init(validating value: String) throws {
        if let problem = Self.problem(with: value) {
            throw CADError.usage("invalid idempotency key: \(problem)")
        }
        self.value = value
    }

    /// What is wrong with `value` as a key, or `nil` when it is fine.
    public static func problem(with value: String) -> String? {
        if value.isEmpty { return "it is empty; pass 1 to \(maximumLength) visible ASCII characters, e.g. a UUID" }
        if value.utf8.count > maximumLength {
            return "it is \(value.utf8.count) bytes long; the limit is \(maximumLength)"
        }
        if let bad = value.unicodeScalars.first(where: { $0.value < 0x21 || $0.value > 0x7E }) {
            let hex = String(bad.value, radix: 16, uppercase: true)
            let shown = bad.value == 0x20 ? "a space" : "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "it contains \(shown); only visible ASCII characters (! to ~) are allowed"
        }
        return nil
    }

    /// The key's value.
    public var description: String { value }
}
