import Synchronization

/// The last progress percentage a poll saw, shared between the poll's update callback and the observer.
final class LatestPercent: Sendable {
    private let storage = Mutex<Double?>(nil)

    var value: Double? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
