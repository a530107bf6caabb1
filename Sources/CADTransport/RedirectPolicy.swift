/// Decides how to follow a redirect: where to go, with which method and body, and which headers may go
/// along. Credentials never travel to another origin (scheme, host or port), unlike libcurl's own
/// following, which forwards custom headers such as `x-api-key` to any host.
public enum RedirectPolicy {
    /// The statuses that redirect.
    public static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// The request to send next, or `nil` when `status` is not a redirect.
    /// - Throws: `TransportError` `.badRedirect` for a redirect without a usable `Location`.
    public static func nextRequest(after request: HTTPRequest, status: Int, location: String?) throws -> HTTPRequest? {
        guard redirectStatuses.contains(status) else { return nil }
        guard let location, !location.isEmpty,
            let target = URL(string: location, relativeTo: request.url)?.absoluteURL,
            let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else {
            throw TransportError(
                kind: .badRedirect,
                message: "the server redirected (HTTP \(status)) without a usable Location header",
                url: TransportError.displayURL(request.url), requestMayHaveBeenSent: true)
        }
        var next = request
        next.url = target
        // 303 always, and 301/302 after a POST, become a GET without a body (what every browser does).
        if status == 303 || ((status == 301 || status == 302) && request.method == .post) {
            if next.method != .head { next.method = .get }
            next.body = .empty
            next.headers.remove("Content-Type")
            next.headers.remove("Content-Length")
        }
        if !sameOrigin(request.url, target) {
            for field in request.headers where request.isCredentialHeader(field.name) {
                next.headers.remove(field.name)
            }
        }
        return next
    }

    /// Whether two URLs share scheme, host and port (default ports filled in).
    public static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        let schemeA = a.scheme?.lowercased(), schemeB = b.scheme?.lowercased()
        return schemeA == schemeB
            && a.host?.lowercased() == b.host?.lowercased()
            && effectivePort(a) == effectivePort(b)
    }

    private static func effectivePort(_ url: URL) -> Int? {
        if let port = url.port { return port }
        switch url.scheme?.lowercased() {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }
}
