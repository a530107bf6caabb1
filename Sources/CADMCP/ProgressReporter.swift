import CADCore
import MCP
import Synchronization

/// Sends `notifications/progress` for one tool call while it waits, when the client asked for them with a
/// `progressToken`; does nothing otherwise.
///
/// Poll observers are synchronous, so reports are queued and sent in order by one task; `finish()` sends
/// what is queued before the call's result goes out (no progress after the result).
final class ProgressReporter: Sendable {
    private let continuation: AsyncStream<ProgressNotification.Parameters>.Continuation?
    private let sender: Task<Void, Never>?
    private let token: ProgressToken?
    private let highest = Mutex<Double>(0)

    /// A reporter for the call whose `_meta` carried `token`, sending through `server`.
    init(token: ProgressToken?, server: Server) {
        self.token = token
        guard token != nil else {
            continuation = nil
            sender = nil
            return
        }
        let (stream, continuation) = AsyncStream<ProgressNotification.Parameters>.makeStream()
        self.continuation = continuation
        sender = Task {
            for await parameters in stream {
                try? await server.notify(ProgressNotification.message(parameters))
            }
        }
    }

    /// Reports a poll: the status, the time waited and, where the provider tells it, its percentage.
    /// `progress` only ever grows: the percentage when known, else the seconds waited.
    func report(provider: String, id: String, status: String?, elapsed: Duration, percent: Double? = nil) {
        guard let token, let continuation else { return }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var message = "\(provider) \(id): \(status ?? "poll failed, retrying")"
        if let percent { message += " \(Int(percent))%" }
        message += ", \(Int(seconds)) s"
        let value = highest.withLock { highest in
            highest = max(highest, percent ?? seconds)
            return highest
        }
        continuation.yield(ProgressNotification.Parameters(
            progressToken: token, progress: value, total: percent == nil ? nil : 100, message: message))
    }

    /// A report with a message only (a submission, a download), at the progress reached so far.
    func note(_ message: String) {
        guard let token, let continuation else { return }
        let value = highest.withLock { $0 }
        continuation.yield(ProgressNotification.Parameters(progressToken: token, progress: value, message: message))
    }

    /// A poll observer that reports each poll.
    func observer(provider: String, percent: @escaping @Sendable () -> Double? = { nil }) -> PollObserver? {
        guard token != nil else { return nil }
        return { [self] event in
            report(provider: provider, id: event.jobID, status: event.status, elapsed: event.elapsed, percent: percent())
        }
    }

    /// Sends what is queued, then stops.
    func finish() async {
        continuation?.finish()
        await sender?.value
    }
}
