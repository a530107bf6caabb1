/// Bytes moved so far by one transfer, and the totals when known.
public struct TransferProgress: Sendable, Hashable {
    public var bytesSent: Int64
    public var totalBytesToSend: Int64?
    public var bytesReceived: Int64
    public var totalBytesToReceive: Int64?

    public init(bytesSent: Int64, totalBytesToSend: Int64?, bytesReceived: Int64, totalBytesToReceive: Int64?) {
        self.bytesSent = bytesSent
        self.totalBytesToSend = totalBytesToSend
        self.bytesReceived = bytesReceived
        self.totalBytesToReceive = totalBytesToReceive
    }
}

/// Told of a transfer's progress. Called on the transport's event loop thread, only when a count changed:
/// keep it quick and non-blocking.
public typealias TransferProgressObserver = @Sendable (TransferProgress) -> Void
