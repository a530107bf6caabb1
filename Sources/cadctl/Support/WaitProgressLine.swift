import CADCore

/// Shows a job's status and elapsed time on one redrawn stderr line while `--wait` polls (only on a
/// terminal, never with `--quiet`, and with `--json` only under `--progress`).
struct WaitProgressLine: Sendable {
    var enabled: Bool

    init(global: GlobalOptions) { enabled = global.showsProgress }

    /// The observer to hand to a wait call, or `nil` when nothing is drawn.
    var observer: PollObserver? {
        guard enabled else { return nil }
        return { event in
            let seconds = Int(event.elapsed.components.seconds)
            let status = event.status ?? "waiting"
            var line = "\(event.jobID): \(status), \(seconds / 60)m\(String(format: "%02d", seconds % 60))s"
            if let next = event.nextPollIn { line += ", next check in \(next.components.seconds)s" }
            if let failure = event.failure { line += " (\(failure); retrying)" }
            Console.progress("\r\u{1B}[2K" + line)
        }
    }

    /// Clears the line once waiting is over.
    func finish() {
        if enabled { Console.progress("\r\u{1B}[2K") }
    }
}
