#if canImport(Glibc)
import Glibc
#endif

/// stdout carries results only; everything else (progress, information, errors) goes to stderr.
enum Console {
    /// Writes one line of result to stdout.
    static func result(_ line: String) { write(line + "\n", to: STDOUT_FILENO) }

    /// Writes one informational line to stderr (suppressed by `--quiet` at the call site).
    static func info(_ line: String) { write(line + "\n", to: STDERR_FILENO) }

    /// Writes progress text to stderr as is (no newline; callers redraw with `\r`).
    static func progress(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Writes one error line to stderr.
    static func error(_ line: String) { write(line + "\n", to: STDERR_FILENO) }

    /// Whether stderr is a terminal, so progress may be drawn.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether colour may be used on stderr (a terminal, and `NO_COLOR` unset or empty).
    static var colorEnabled: Bool {
        guard stderrIsTerminal else { return false }
        return (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
    }

    /// The terminal's width in columns (stderr's window size, else `$COLUMNS`, else 80).
    static var terminalColumns: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let value = Int(text), value > 0 { return value }
        return 80
    }

    /// Writes all of `text` to the file descriptor (unbuffered, so stdout and stderr keep their order).
    private static func write(_ text: String, to descriptor: Int32) {
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
