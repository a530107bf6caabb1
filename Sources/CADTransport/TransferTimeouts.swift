/// Time limits for one transfer.
///
/// Large bodies are guarded by a low-speed limit rather than a total timeout: a 2 GiB download on a slow
/// link is fine as long as it keeps moving.
public struct TransferTimeouts: Sendable, Hashable {
    /// How long establishing the connection (TCP and TLS) may take.
    public var connect: Duration
    /// Abort when fewer than `lowSpeedBytesPerSecond` move for `lowSpeedWindow`.
    public var lowSpeedBytesPerSecond: Int
    /// How long the speed may stay below `lowSpeedBytesPerSecond` before the transfer fails.
    public var lowSpeedWindow: Duration
    /// An optional cap on the whole transfer.
    public var total: Duration?

    /// Timeouts; the defaults suit API calls and large downloads alike.
    public init(
        connect: Duration = .seconds(10),
        lowSpeedBytesPerSecond: Int = 1,
        lowSpeedWindow: Duration = .seconds(60),
        total: Duration? = nil
    ) {
        self.connect = connect
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedWindow = lowSpeedWindow
        self.total = total
    }

    /// 10 s to connect, fail below 1 byte/s for 60 s, no total limit.
    public static let `default` = TransferTimeouts()
}
