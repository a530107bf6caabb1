import CCurl

/// The process's libcurl share handle: one DNS cache and one TLS session cache for every transfer of every
/// `CurlTransport`, so a second connection to a host (HTTP/1.1 under load, a new transport, the next
/// command in the same process) resumes the TLS session instead of a full handshake.
///
/// Connections themselves are not shared: each transport's multi handle keeps its own connection cache,
/// driven only by its loop thread. The share's lock functions (one mutex per kind of data, in CCurl's
/// shim) make it safe from several loop threads at once.
enum CurlShare {
    private struct Handle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer?
    }

    /// Created once, after libcurl's global initialisation; never freed (it lives as long as the process).
    private static let handle: Handle = {
        CurlMultiEngine.initializeLibcurl()
        return Handle(pointer: cadcurl_share_new())
    }()

    /// The share handle, or nil when libcurl could not create one (transfers then work without sharing).
    static var process: UnsafeMutableRawPointer? { handle.pointer }
}
