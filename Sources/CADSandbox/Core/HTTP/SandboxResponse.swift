import Foundation

/// A response a handler produces; the server turns it into bytes on the wire (or into a fault).
struct SandboxResponse: Sendable {
    /// What happens on the wire beyond the normal response.
    enum Disposition: Sendable, Equatable {
        /// Send the response normally.
        case normal
        /// Close the connection without sending anything.
        case closeConnection
        /// Send the head (with the full `Content-Length`) and this many body bytes, then close.
        case truncate(bytes: Int)
    }

    var status: Int
    var headers: SandboxHeaders
    var body: Data
    var disposition: Disposition = .normal

    init(status: Int, headers: SandboxHeaders = SandboxHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`Content-Type: application/json`).
    static func json(_ status: Int, _ value: JSONValue, headers: SandboxHeaders = SandboxHeaders()) -> SandboxResponse {
        var response = SandboxResponse(status: status, headers: headers, body: value.serialized())
        response.headers["content-type"] = "application/json"
        return response
    }

    /// A response with an empty body.
    static func empty(_ status: Int, headers: SandboxHeaders = SandboxHeaders()) -> SandboxResponse {
        SandboxResponse(status: status, headers: headers)
    }

    /// A plain-text response.
    static func text(_ status: Int, _ text: String) -> SandboxResponse {
        var response = SandboxResponse(status: status, body: Data(text.utf8))
        response.headers["content-type"] = "text/plain; charset=utf-8"
        return response
    }

    /// Returns a copy with the header set.
    func with(header name: String, _ value: String) -> SandboxResponse {
        var copy = self
        copy.headers[name] = value
        return copy
    }
}
