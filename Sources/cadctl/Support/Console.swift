#if canImport(Glibc)
import Glibc
#endif

/// Where a command's output goes: stdout carries results only; everything else (progress, information,
/// errors) goes to stderr.
///
/// A value with two sinks and the terminal's facts, so command logic can run in-process against a capturing
/// console (tests) as well as against the process's file descriptors (`Console.standard`). A command reaches
/// its console through `CommandContext.console`, or `Console.current` (the console of the running task, set
/// with `Console.$current.withValue(_:operation:)`), which the static shorthands (`Console.result(_:)`, …)
/// write to.
struct Console: Sendable {
    /// Receives text written to stdout, as is.
    var standardOutput: @Sendable (String) -> Void
    /// Receives text written to stderr, as is.
    var standardError: @Sendable (String) -> Void
    /// Reads what the console knows about the terminal behind stderr (asked again at each use, so a resized
    /// window is seen).
    var terminalFacts: @Sendable () -> TerminalFacts

    /// What the console knows about the terminal behind stderr now.
    var terminal: TerminalFacts { terminalFacts() }

    /// A console writing to `standardOutput` and `standardError`, whose terminal is `terminal`.
    init(
        terminal: TerminalFacts, standardOutput: @escaping @Sendable (String) -> Void,
        standardError: @escaping @Sendable (String) -> Void
    ) {
        self.init(terminalFacts: { terminal }, standardOutput: standardOutput, standardError: standardError)
    }

    /// A console writing to `standardOutput` and `standardError`, reading its terminal from `terminalFacts`.
    init(
        terminalFacts: @escaping @Sendable () -> TerminalFacts, standardOutput: @escaping @Sendable (String) -> Void,
        standardError: @escaping @Sendable (String) -> Void
    ) {
        self.terminalFacts = terminalFacts
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The process's console: fds 1 and 2, unbuffered, with the facts of the real terminal.
    static let standard = Console(
        terminalFacts: { .standardError },
        standardOutput: { FileDescriptorWriter.write($0, to: STDOUT_FILENO) },
        standardError: { FileDescriptorWriter.write($0, to: STDERR_FILENO) })

    /// The console of the running task (the process's unless a caller bound another).
    @TaskLocal static var current = Console.standard

    /// Writes one line of result to stdout.
    func result(_ line: String) { standardOutput(line + "\n") }

    /// Writes one informational line to stderr (suppressed by `--quiet` at the call site).
    func info(_ line: String) { standardError(line + "\n") }

    /// Writes progress text to stderr as is (no newline; callers redraw with `\r`).
    func progress(_ text: String) { standardError(text) }

    /// Writes one error line to stderr.
    func error(_ line: String) { standardError(line + "\n") }

    /// Writes one line of result to the current console's stdout.
    static func result(_ line: String) { current.result(line) }

    /// Writes one informational line to the current console's stderr.
    static func info(_ line: String) { current.info(line) }

    /// Writes progress text to the current console's stderr.
    static func progress(_ text: String) { current.progress(text) }

    /// Writes one error line to the current console's stderr.
    static func error(_ line: String) { current.error(line) }
}

/// What a console knows about the terminal behind stderr: whether there is one, whether colour may be used,
/// and its width.
struct TerminalFacts: Sendable, Hashable {
    /// Whether stderr is a terminal, so progress may be drawn.
    var isTerminal: Bool
    /// Whether colour may be used on stderr.
    var colorEnabled: Bool
    /// The terminal's width in columns.
    var columns: Int

    /// Facts given as they are (tests, or a console that is not a terminal).
    init(isTerminal: Bool, colorEnabled: Bool = false, columns: Int = 80) {
        self.isTerminal = isTerminal
        self.colorEnabled = isTerminal && colorEnabled
        self.columns = columns
    }

    /// No terminal: no progress, no colour, 80 columns.
    static let none = TerminalFacts(isTerminal: false)

    /// The process's stderr, read when asked: a terminal or not, colour unless `NO_COLOR` is set and not
    /// empty, the window's width (else `$COLUMNS`, else 80).
    static var standardError: TerminalFacts {
        let isTerminal = isatty(STDERR_FILENO) == 1
        let color = getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        return TerminalFacts(isTerminal: isTerminal, colorEnabled: color, columns: standardErrorColumns)
    }

    private static var standardErrorColumns: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let value = Int(text), value > 0 { return value }
        return 80
    }
}

/// Unbuffered writes to a file descriptor, so stdout and stderr keep their order.
enum FileDescriptorWriter {
    /// Writes all of `text` to `descriptor`, retrying on `EINTR`; a failed write drops the rest.
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
