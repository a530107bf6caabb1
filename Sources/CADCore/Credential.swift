/// An API key and the header that carries it: `Authorization: Bearer KEY` (Orville, Makistry) or
/// `x-api-key: KEY` (Bitbybit).
///
/// Printing, interpolating or dumping a credential shows only the masked key, never the key itself.
public struct Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The header name, e.g. `Authorization`.
    public var headerName: String
    /// The authentication scheme written before the key (`Bearer`), or `nil` to send the key alone.
    public var scheme: String?
    /// The secret itself.
    public var key: String

    /// A credential sent as `headerName: [scheme ]key`.
    public init(headerName: String, scheme: String? = nil, key: String) {
        self.headerName = headerName
        self.scheme = scheme
        self.key = key
    }

    /// `Authorization: Bearer KEY`.
    public static func bearer(_ key: String) -> Credential {
        Credential(headerName: "Authorization", scheme: "Bearer", key: key)
    }

    /// `x-api-key: KEY` (or another header name).
    public static func apiKey(_ key: String, header: String = "x-api-key") -> Credential {
        Credential(headerName: header, key: key)
    }

    /// The header's value: `Bearer KEY` or `KEY`.
    public var headerValue: String {
        scheme.map { "\($0) \(key)" } ?? key
    }

    /// `Authorization: Bearer gcad…ab12`: the header with the key masked.
    public var description: String {
        "\(headerName): " + (scheme.map { "\($0) " } ?? "") + Redactor.maskKey(key)
    }

    /// The same as `description`: the key stays masked in debug output too.
    public var debugDescription: String { description }

    /// Masked children, so `dump(credential)` does not print the key.
    public var customMirror: Mirror {
        Mirror(self, children: ["headerName": headerName, "scheme": scheme as Any, "key": Redactor.maskKey(key)])
    }
}
