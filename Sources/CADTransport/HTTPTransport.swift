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
