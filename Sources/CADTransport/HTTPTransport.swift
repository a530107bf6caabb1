/// The one seam between the SDK and the network.
///
/// Clients talk only to this protocol, so recording, replay and test servers plug in here.
/// `CurlTransport` is the production implementation.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Non-2xx statuses are not errors at this layer. Failures to exchange at all throw `TransportError`;
    /// cancelling the calling task aborts the transfer and throws `CancellationError`.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A transport that can also send one hop without following redirects, so a wrapper (a recorder) can see
/// and follow every hop itself with `RedirectFollower`.
public protocol SingleHopTransport: HTTPTransport {
    /// Sends `request` once and returns the response even when it is a redirect the request asks to follow
    /// (its body then collected in memory rather than written to the request's file or stream).
    func sendSingleHop(_ request: HTTPRequest) async throws -> HTTPResponse
}
