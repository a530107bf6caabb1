import CADCore
import Foundation
import Synchronization

/// Draws a progress bar on stderr for each file of a command's uploads and downloads: bytes, size, rate and
/// ETA, redrawn at most 10 times a second, only on a terminal, never with `--quiet`, and with `--json` only
/// under `--progress` (`GlobalOptions.showsProgress`). A finished file's line stays, with its final size
/// and average rate; the next file draws on a new line.
final class TransferProgressBar: Sendable {
    /// Which way the bytes go.
    enum Direction: Sendable {
        case download, upload

        var verb: String { self == .download ? "downloading" : "uploading" }
    }

    private struct Current {
        var name: String
        var direction: Direction
        var start: ContinuousClock.Instant
        var firstBytes: Int64?
        var done: Int64 = 0
        var total: Int64?
        var throttle = RedrawThrottle()
        var drawn = false
    }

    private let enabled: Bool
    private let color: Bool
    /// The console of the task that made the bar (the SDK reports progress from the transport's thread).
    private let console: Console
    private let state = Mutex<Current?>(nil)

    /// A display for this command's options; it draws nothing unless progress may be shown.
    init(global: GlobalOptions) {
        console = Console.current
        enabled = global.showsProgress
        color = console.terminal.colorEnabled
    }

    /// The observer for one file's transfer (ending the previous file's line), or `nil` when nothing is drawn.
    func observer(for name: String, direction: Direction) -> TransferProgressObserver? {
        guard enabled else { return nil }
        finish()
        state.withLock { $0 = Current(name: name, direction: direction, start: .now) }
        return { [self] progress in self.update(progress) }
    }

    /// An observer per downloaded file, for the SDK's multi-file downloads; `nil` when nothing is drawn.
    var downloads: DownloadProgressFactory? {
        guard enabled else { return nil }
        return { [self] name in self.observer(for: name, direction: .download) }
    }

    /// Runs one transfer of `name` with its bar (`nil` observer when nothing is drawn), ending the line after.
    func transfer<T>(
        _ name: String, _ direction: Direction, _ body: (TransferProgressObserver?) async throws -> T
    ) async throws -> T {
        defer { finish() }
        return try await body(observer(for: name, direction: direction))
    }

    /// Runs one request that uploads `paths` (a multipart form) with one bar for the whole body, named after
    /// the file or the number of files; without files it draws nothing.
    func uploading<T>(_ paths: [String], _ body: (TransferProgressObserver?) async throws -> T) async throws -> T {
        guard let first = paths.first else { return try await body(nil) }
        let name = paths.count == 1 ? (first as NSString).lastPathComponent : "\(paths.count) images"
        return try await transfer(name, .upload, body)
    }

    /// Runs a multi-file download with a bar per file, ending the last line after.
    func downloading<T>(_ body: (DownloadProgressFactory?) async throws -> T) async throws -> T {
        defer { finish() }
        return try await body(downloads)
    }

    /// Ends the current file's line (drawn once more, complete, with a newline). Call when the transfer
    /// ends, however it ends.
    func finish() {
        guard enabled else { return }
        let text: String? = state.withLock { current in
            defer { current = nil }
            guard let current, current.drawn || current.done > 0 else { return nil }
            return line(current, finished: true)
        }
        if let text { console.progress("\r\u{1B}[2K" + text + "\n") }
    }

    private func update(_ progress: TransferProgress) {
        let text: String? = state.withLock { current in
            guard var file = current else { return nil }
            let upload = file.direction == .upload
            file.done = upload ? progress.bytesSent : progress.bytesReceived
            file.total = (upload ? progress.totalBytesToSend : progress.totalBytesToReceive).flatMap { $0 > 0 ? $0 : nil }
            if file.firstBytes == nil { file.firstBytes = file.done }
            let complete = file.total.map { file.done >= $0 } ?? false
            let draw = file.throttle.shouldDraw(at: ContinuousClock.now - file.start, final: complete)
            if draw { file.drawn = true }
            current = file
            return draw ? line(file, finished: false) : nil
        }
        if let text { console.progress("\r\u{1B}[2K" + text) }
    }

    private func line(_ file: Current, finished: Bool) -> String {
        let seconds = Self.seconds(ContinuousClock.now - file.start)
        let moved = file.done - (file.firstBytes ?? 0)
        let rate = seconds > 0 ? Double(moved) / seconds : 0
        return ProgressText.transferLine(
            ProgressText.Transfer(verb: file.direction.verb, name: file.name, done: file.done, total: file.total,
                                  bytesPerSecond: rate, finished: finished),
            columns: console.terminal.columns, color: color)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
