/// Where the transport puts a response body.
public enum ResponseDestination: Sendable {
    /// Collected in memory, failing with `TransportError.Kind.bodyTooLarge` past `limit` bytes.
    case memory(limit: Int)
    /// Streamed to the file at `path`. With `append`, bytes are added at its end (resuming a download);
    /// otherwise the file is created or truncated. Only the final response's body is written: the bodies
    /// of redirects and of error statuses (>= 400) are collected in memory instead, so an error page
    /// never lands in a download.
    case file(path: String, append: Bool)
    /// Handed chunk by chunk to `consumer` as it arrives (error statuses are collected in memory instead).
    case stream(any ResponseBodyConsumer)

    /// Memory, capped at 16 MiB: enough for any JSON document these APIs send.
    public static let defaultMemory = ResponseDestination.memory(limit: 16 << 20)
}

/// Receives a streamed response body.
///
/// `consume` is called on the transport's event loop thread: it must return quickly and must not block.
public protocol ResponseBodyConsumer: Sendable {
    /// Takes one chunk of the body. Throwing aborts the transfer with that error.
    func consume(_ chunk: UnsafeRawBufferPointer) throws
}
