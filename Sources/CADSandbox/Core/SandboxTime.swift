import Foundation

/// The sandbox's notion of time: an injected clock, scaled by the speed factor for simulated work.
///
/// - *Clock time* (`elapsed`) is the injected clock's time since the server started. Signed URL
///   lifetimes and timestamps use it.
/// - *Simulated time* (`simulatedNow`) is clock time multiplied by `speed`. Job durations and
///   rate-limit windows are expressed in it, so at speed 1000 a 60 s job finishes after 60 ms.
///
/// Immutable after creation; safe to share.
final class SandboxTime: Sendable {
    /// Simulated seconds per clock second.
    let speed: Double
    /// The wall-clock date when the server started; timestamps are this plus clock time.
    let startDate: Date
    private let elapsedSource: @Sendable () -> Duration

    init(clock: any Clock<Duration>, speed: Double, startDate: Date = Date()) {
        self.speed = speed > 0 ? speed : 1
        self.startDate = startDate
        self.elapsedSource = SandboxTime.makeElapsedSource(clock)
    }

    private static func makeElapsedSource<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    /// Clock time since the server started.
    var elapsed: Duration { elapsedSource() }

    /// Simulated time since the server started.
    var simulatedNow: Duration { elapsed * speed }

    /// The wall-clock date now (start date plus clock time).
    var date: Date { date(atElapsed: elapsed) }

    /// The date at a given clock offset.
    func date(atElapsed offset: Duration) -> Date {
        startDate.addingTimeInterval(offset.seconds)
    }

    /// The date at a given simulated offset.
    func date(atSimulated offset: Duration) -> Date {
        date(atElapsed: offset / speed)
    }

    /// How many whole clock seconds a client must wait for `simulated` to pass (rounded up).
    func clockSeconds(forSimulated simulated: Duration) -> Int {
        let seconds = (simulated / speed).seconds
        guard seconds > 0 else { return 0 }
        return Int(seconds.rounded(.up))
    }

    /// Unix time in seconds of the current wall-clock date.
    var unixSeconds: Int { Int(date.timeIntervalSince1970) }
}

extension Duration {
    /// The duration as fractional seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// A duration of fractional seconds.
    static func seconds(fractional value: Double) -> Duration {
        .nanoseconds(Int64((value * 1e9).rounded()))
    }
}

/// ISO 8601 timestamps with milliseconds, as the providers write them (`2026-05-20T14:00:00.000Z`).
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
