/// Pure text for the progress display: sizes, rates, ETAs, the transfer bar and the wait spinner line.
/// No I/O and no clock here, so every shape is unit-tested (Tests/CLITests/ProgressTextTests.swift).
enum ProgressText {
    /// A byte count for people: `512 B`, `1.5 kB`, `12.3 MB`, `2.0 GB` (SI units, one decimal above bytes).
    static func bytes(_ count: Int64) -> String {
        let value = max(0, count)
        if value < 1000 { return "\(value) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var scaled = Double(value) / 1000
        var unit = 0
        while scaled >= 999.95, unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        return oneDecimal(scaled) + " " + units[unit]
    }

    /// A rate for people: `850 B/s`, `1.2 MB/s`.
    static func rate(bytesPerSecond: Double) -> String {
        guard bytesPerSecond.isFinite, bytesPerSecond > 0 else { return "0 B/s" }
        return bytes(Int64(bytesPerSecond.rounded())) + "/s"
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(seconds: Int) -> String {
        let value = max(0, seconds)
        let (hours, minutes, rest) = (value / 3600, value / 60 % 60, value % 60)
        let twoDigits = { (number: Int) in number < 10 ? "0\(number)" : "\(number)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(value / 60):\(twoDigits(rest))"
    }

    /// Seconds left at the current rate, or `nil` when it cannot be told (no total, no rate yet).
    static func etaSeconds(done: Int64, total: Int64?, bytesPerSecond: Double) -> Int? {
        guard let total, total >= done, bytesPerSecond.isFinite, bytesPerSecond > 0 else { return nil }
        let seconds = (Double(total - done) / bytesPerSecond).rounded(.up)
        return seconds < Double(Int32.max) ? Int(seconds) : nil
    }

    /// What one transfer line shows.
    struct Transfer: Sendable, Equatable {
        /// `downloading` or `uploading`.
        var verb: String
        /// The file's name.
        var name: String
        /// Bytes moved so far.
        var done: Int64
        /// The file's size, when known.
        var total: Int64?
        /// Average bytes per second so far.
        var bytesPerSecond: Double
        /// Whether the transfer has ended (the rate and size stay, the ETA goes).
        var finished: Bool
    }

    /// One transfer line, at most `columns - 1` characters wide (so the terminal never wraps it):
    /// `downloading part.step [########........]  45%  1.2 MB / 2.7 MB  850.0 kB/s  ETA 0:02`.
    /// Without a known total: `downloading part.step  1.2 MB  850.0 kB/s`. The bar shrinks, then goes, on
    /// narrow terminals; the name is cut last. `color` paints the filled bar green (never with `NO_COLOR`).
    static func transferLine(_ transfer: Transfer, columns: Int, color: Bool) -> String {
        var facts: [String] = []
        var fraction: Double?
        if let total = transfer.total, total > 0 {
            let ratio = min(1, Double(transfer.done) / Double(total))
            fraction = ratio
            let percent = Int((ratio * 100).rounded(.down))
            facts.append((percent < 10 ? "  " : percent < 100 ? " " : "") + "\(percent)%")
            facts.append(bytes(transfer.done) + " / " + bytes(total))
        } else {
            facts.append(bytes(transfer.done))
        }
        facts.append(rate(bytesPerSecond: transfer.bytesPerSecond))
        if !transfer.finished,
           let eta = etaSeconds(done: transfer.done, total: transfer.total, bytesPerSecond: transfer.bytesPerSecond) {
            facts.append("ETA " + clock(seconds: eta))
        }
        let tail = facts.joined(separator: "  ")
        let width = max(20, columns) - 1
        let head = transfer.verb + " " + transfer.name
        // Room for the bar: what is left after the head, the tail and the separators, at most 30 cells.
        let barCells = min(30, width - head.count - tail.count - 5)
        if let fraction, barCells >= 10 {
            let filled = Int((fraction * Double(barCells)).rounded(.down))
            let bar = String(repeating: "#", count: filled)
            let rest = String(repeating: ".", count: barCells - filled)
            let painted = color ? "\u{1B}[32m" + bar + "\u{1B}[0m" + rest : bar + rest
            return head + " [" + painted + "]  " + tail
        }
        return fit(head, leaving: tail.count + 2, width: width) + "  " + tail
    }

    /// One wait line: `| orville cadjob_123: running, 0:12 (next check in 5s)`. `frame` picks the spinner's
    /// character; `color` paints it cyan (never with `NO_COLOR`).
    static func waitLine(
        frame: Int, provider: String, jobID: String, status: String?, elapsedSeconds: Int, detail: String?,
        columns: Int, color: Bool
    ) -> String {
        let frames: [Character] = ["|", "/", "-", "\\"]
        let spinner = String(frames[((frame % frames.count) + frames.count) % frames.count])
        var text = "\(provider) \(jobID): \(status ?? "waiting"), \(clock(seconds: elapsedSeconds))"
        if let detail { text += " (\(detail))" }
        let width = max(20, columns) - 1
        let body = fit(text, leaving: 2, width: width)
        return (color ? "\u{1B}[36m" + spinner + "\u{1B}[0m" : spinner) + " " + body
    }

    /// `text` cut with `…` so that it and `leaving` more characters fit in `width`.
    static func fit(_ text: String, leaving: Int, width: Int) -> String {
        let room = max(4, width - leaving)
        guard text.count > room else { return text }
        return String(text.prefix(room - 1)) + "…"
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// Lets a redraw through at most once per `interval` (10 per second by default); the final draw always
/// passes. Times are given, not read, so the rule is tested without a clock.
struct RedrawThrottle: Sendable {
    var interval: Duration = .milliseconds(100)
    private var lastDraw: Duration?

    init(interval: Duration = .milliseconds(100)) { self.interval = interval }

    /// Whether to draw at `now` (time since any fixed origin); records the draw when it says yes.
    mutating func shouldDraw(at now: Duration, final: Bool = false) -> Bool {
        if !final, let lastDraw, now - lastDraw < interval { return false }
        lastDraw = now
        return true
    }
}
