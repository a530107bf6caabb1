import Synchronization

/// Where randomness for backoff and poll jitter comes from: a function returning numbers in `0..<1`.
///
/// Production code uses `.system`; tests inject `.constant(_:)` or `.sequence(_:)` so every delay is
/// predictable.
public struct JitterSource: Sendable {
    private let next: @Sendable () -> Double

    /// Wraps `next`, which must return values in `0..<1` (values outside are clamped).
    public init(_ next: @escaping @Sendable () -> Double) {
        self.next = next
    }

    /// The next number, clamped into `0...1`.
    public func unit() -> Double {
        let value = next()
        guard value.isFinite else { return 0 }
        return min(max(value, 0), 1)
    }

    /// A uniformly chosen duration in `lower...upper` (returns `lower` when the range is empty).
    public func duration(in lower: Duration, _ upper: Duration) -> Duration {
        guard upper > lower else { return lower }
        return lower + (upper - lower) * unit()
    }

    /// The system random number generator.
    public static let system = JitterSource { Double.random(in: 0..<1) }

    /// Always `value`: `0` gives the shortest delays, `1` the longest.
    public static func constant(_ value: Double) -> JitterSource {
        JitterSource { value }
    }

    /// The given values in turn, repeating the last one once they run out (`0` when empty).
    public static func sequence(_ values: [Double]) -> JitterSource {
        let index = Mutex(0)
        return JitterSource {
            index.withLock { position in
                guard !values.isEmpty else { return 0 }
                let value = values[min(position, values.count - 1)]
                position += 1
                return value
            }
        }
    }
}
