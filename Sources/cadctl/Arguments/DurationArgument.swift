import ArgumentParser

/// A `--timeout`-style flag: a positive, finite number of seconds (`90`, `2.5`), as the CLI contract
/// documents its `SECONDS` values. A bad value is refused by the argument parser (exit 2) with the flag's
/// help, before the command runs.
struct DurationArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The number of seconds given.
    var seconds: Double

    /// `seconds`, which must be positive and finite.
    init?(seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return nil }
        self.seconds = seconds
    }

    /// Parses the flag's text: a positive number of seconds.
    init?(argument: String) {
        guard let value = Double(argument) else { return nil }
        self.init(seconds: value)
    }

    /// The value as a `Duration`, to the millisecond.
    var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    /// How a default shows in `--help`: `15`, not `15.0`.
    var defaultValueDescription: String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int64(seconds)) : String(seconds)
    }

    /// A whole number of seconds known to be valid (defaults).
    static func seconds(_ value: Int) -> DurationArgument {
        DurationArgument(checkedSeconds: Double(max(value, 1)))
    }

    private init(checkedSeconds: Double) { seconds = checkedSeconds }
}
