import CADCore
import Synchronization

/// The spinner drawn on one stderr line while a command waits for a job or task: provider, job id, the
/// last status seen, elapsed time, and when the next check comes (or the tolerated error it met), redrawn
/// 10 times a second. Only on a terminal, never with `--quiet`, and with `--json` only under `--progress`.
struct WaitProgressLine: Sendable {
    let enabled: Bool
    let provider: String
    let jobID: String
    /// The console the line is drawn on (the current one when the line was made).
    let console: Console

    init(global: GlobalOptions, provider: String, jobID: String) {
        console = Console.current
        enabled = global.showsProgress
        self.provider = provider
        self.jobID = jobID
    }

    private struct Shown: Sendable {
        var status: String?
        var detail: String?
        var frame = 0
    }

    /// Runs `body` (a wait call given the poll observer to pass on, `nil` when nothing is drawn) with the
    /// spinner turning beside it; the line is cleared when `body` ends, however it ends.
    func run<T: Sendable>(_ body: (PollObserver?) async throws -> T) async throws -> T {
        guard enabled else { return try await body(nil) }
        let shown = Mutex(Shown())
        let start = ContinuousClock.now
        let color = console.terminal.colorEnabled
        let observer: PollObserver = { event in
            shown.withLock { state in
                if let status = event.status { state.status = status }
                if let failure = event.failure {
                    state.detail = "\(failure); retrying"
                } else {
                    state.detail = event.nextPollIn.map { "next check in \(Int($0.components.seconds))s" }
                }
            }
        }
        let draw: @Sendable () -> Void = { [provider, jobID, console] in
            let text = shown.withLock { state in
                defer { state.frame += 1 }
                return ProgressText.waitLine(
                    frame: state.frame, provider: provider, jobID: jobID, status: state.status,
                    elapsedSeconds: Int((ContinuousClock.now - start).components.seconds), detail: state.detail,
                    columns: console.terminal.columns, color: color)
            }
            console.progress("\r\u{1B}[2K" + text)
        }
        defer { console.progress("\r\u{1B}[2K") }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    draw()
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { group.cancelAll() }
            let result = try await body(observer)
            group.cancelAll()
            try await group.waitForAll()
            return result
        }
    }
}
