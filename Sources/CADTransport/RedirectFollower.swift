/// Follows redirects hop by hop over any single-exchange function, with `RedirectPolicy`'s rules
/// (credentials never cross origins, 303 and POST-301/302 become GET, at most `maxRedirects`).
///
/// `CurlTransport` uses it, and so do transports that replay or record exchanges, so every transport
/// follows redirects the same way.
public enum RedirectFollower {
    /// Sends `request`, and when it asks for it, follows each redirect by sending the next hop.
    ///
    /// - Parameters:
    ///   - request: the first hop; its `followRedirects` and `maxRedirects` decide whether and how far to follow.
    ///   - exchange: sends one hop and returns its response without following redirects itself.
    ///     A hop keeps the original `followRedirects` value, so the exchange knows that a redirect's body
    ///     belongs in memory rather than in the request's file or stream.
    /// - Returns: the final response, with `url` set to the last hop's URL, `redirectCount` and metrics
    ///   summed over all hops.
    public static func send(
        _ request: HTTPRequest,
        exchange: (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        var current = request
        var redirects = 0
        var connections = 0
        var sentBytes: Int64 = 0
        while true {
            let hop = try await exchange(current)
            connections += hop.metrics.newConnections
            sentBytes += hop.metrics.requestBytesSent
            if request.followRedirects,
                let next = try RedirectPolicy.nextRequest(after: current, status: hop.status, location: hop.headers["Location"])
            {
                redirects += 1
                guard redirects <= request.maxRedirects else {
                    throw TransportError(
                        kind: .tooManyRedirects,
                        message: "more than \(request.maxRedirects) redirects; the server may be redirecting in a loop",
                        url: TransportError.displayURL(request.url), requestMayHaveBeenSent: true)
                }
                current = next
                continue
            }
            var response = hop
            response.url = current.url
            response.redirectCount = redirects
            response.metrics = TransferMetrics(
                newConnections: connections, totalTime: ContinuousClock.now - started, requestBytesSent: sentBytes,
                httpVersion: hop.metrics.httpVersion)
            return response
        }
    }
}
