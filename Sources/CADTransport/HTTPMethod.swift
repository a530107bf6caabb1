/// An HTTP request method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method's name in upper case (`GET`).
    public let rawValue: String
    /// The method named `rawValue` (upper-cased).
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    /// `GET`: read; safe to repeat.
    public static let get = HTTPMethod(rawValue: "GET")
    /// `HEAD`: headers only; safe to repeat.
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// `POST`: create or act; repeated only with an idempotency key or when surely not acted on.
    public static let post = HTTPMethod(rawValue: "POST")
    /// `PUT`: replace (uploads to pre-signed URLs); idempotent.
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `PATCH`: partial update.
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`: remove; idempotent.
    public static let delete = HTTPMethod(rawValue: "DELETE")

    /// Whether RFC 9110 defines the method as idempotent (safe to repeat without a key).
    public var isIdempotent: Bool {
        switch rawValue {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": true
        default: false
        }
    }

    public var description: String { rawValue }
}
