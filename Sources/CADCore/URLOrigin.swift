/// The origin of a URL (scheme, host, port), as used to decide where credentials may go.
public struct URLOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Lowercased scheme (`https`).
    public var scheme: String
    /// Lowercased host, without IPv6 brackets.
    public var host: String
    /// The port, with the scheme's default filled in (443 for https, 80 for http).
    public var port: Int

    /// The origin of `url`, or `nil` when it has no scheme or host.
    public init?(_ url: URL) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
              let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty
        else { return nil }
        self.scheme = scheme
        var plainHost = host.lowercased()
        if plainHost.hasPrefix("["), plainHost.hasSuffix("]") { plainHost = String(plainHost.dropFirst().dropLast()) }
        self.host = plainHost
        if let port = components.port {
            self.port = port
        } else {
            switch scheme {
            case "https": self.port = 443
            case "http": self.port = 80
            default: self.port = -1
            }
        }
    }

    /// Whether the host is this machine: `localhost` (and `*.localhost`), `127.0.0.0/8` or `::1`.
    public var isLoopback: Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" {
            return true
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard let value = Int(part), (0...255).contains(value) else { return false }
            return !part.isEmpty
        }
    }

    /// `scheme://host:port`.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)"
    }
}
