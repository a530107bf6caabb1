/// A string enum that keeps values it does not know (`case unknown(String)`) instead of failing to
/// decode, so a new status or format on the server does not break old clients.
///
/// Conformers declare their documented cases in ``knownCases`` and spell `rawValue` out;
/// `init(rawValue:)`, string literals and Codable come free.
public protocol OpenStringEnum: RawRepresentable<String>, Codable, Hashable, Sendable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    /// Every documented case, in the document's order.
    static var knownCases: [Self] { get }
    /// Wraps a value that is not one of the documented ones.
    static func unknown(_ rawValue: String) -> Self
    /// The wire value.
    var rawValue: String { get }
}

extension OpenStringEnum {
    /// The documented case with this wire value, else `unknown(rawValue)`. Never fails.
    public init(rawValue: String) {
        self = Self.parse(rawValue)
    }

    /// The documented case with this wire value, else `unknown(rawValue)`.
    public static func parse(_ rawValue: String) -> Self {
        knownCases.first { $0.rawValue == rawValue } ?? unknown(rawValue)
    }

    /// From a string literal, through ``init(rawValue:)``.
    public init(stringLiteral value: String) { self = Self.parse(value) }

    /// Whether this is one of the documented values.
    public var isKnown: Bool { Self.knownCases.contains { $0.rawValue == rawValue } }

    /// The wire value.
    public var description: String { rawValue }

    /// Decodes any string.
    public init(from decoder: any Decoder) throws {
        self = Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the wire value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
