import CCurl

/// The version of cadctl and its SDK.
public enum CADCTLVersion {
    /// cadctl's own version.
    public static let current = "0.1.0"

    /// The libcurl version the transport runs on, e.g. "7.88.1".
    public static var libcurl: String { String(cString: cadcurl_version_number()) }

    /// The TLS library libcurl uses, e.g. "OpenSSL/3.0.15".
    public static var tlsBackend: String { String(cString: cadcurl_ssl_version()) }

    /// `cadctl/VERSION libcurl/VERSION`, sent as `User-Agent` on every request.
    public static var userAgent: String { "cadctl/\(current) libcurl/\(libcurl)" }
}
