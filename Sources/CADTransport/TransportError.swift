/// A failure to complete an HTTP exchange, said in words, with libcurl's code kept.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in classes a caller can act on.
    public enum Kind: String, Sendable, Hashable {
        /// The host name did not resolve.
        case dnsFailure
        /// Nothing accepted the connection (refused, unreachable).
        case connectFailed
        /// The TLS handshake or certificate check failed.
        case tlsFailure
        /// A time limit ran out (connect, low speed or total).
        case timedOut
        /// The peer reset or closed the connection mid-exchange.
        case connectionReset
        /// The body ended before its announced length, or was malformed on the wire.
        case truncatedBody
        /// More redirects than the request allows.
        case tooManyRedirects
        /// A redirect without a usable `Location`.
        case badRedirect
        /// The in-memory body limit was exceeded.
        case bodyTooLarge
        /// A request body file could not be read, or a response file not written.
        case fileError
        /// The URL cannot be used (unsupported scheme, malformed).
        case invalidURL
        /// Anything else libcurl reported.
        case other
    }

    /// What went wrong, for deciding whether to retry.
    public var kind: Kind
    /// libcurl's `CURLcode`, when libcurl reported the failure.
    public var curlCode: Int?
    /// A sentence for people: what happened and, where it helps, what to do.
    public var message: String
    /// The request URL, without its query (query strings can carry signatures).
    public var url: String
    /// Whether any byte of the request may have reached the server. When `false` the request can be
    /// re-sent safely whatever its method.
    public var requestMayHaveBeenSent: Bool

    /// An error of `kind`; transports and test doubles build these.
    public init(kind: Kind, curlCode: Int? = nil, message: String, url: String, requestMayHaveBeenSent: Bool) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
        self.url = url
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }

    public var description: String {
        var text = "\(message) (\(url)"
        if let curlCode { text += ", curl error \(curlCode)" }
        return text + ")"
    }

    /// `url` without query or fragment, for messages.
    public static func displayURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.string ?? "<url>"
    }
}
