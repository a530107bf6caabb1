import CADSandbox

/// The faults every billable request is put through.
enum FaultKind: String, CaseIterable, Sendable {
    case resetAfterSent = "reset after send"
    case status500 = "500"
    case status502 = "502"
    case status503RetryAfter = "503 + Retry-After: 2"
    case status429HTTPDate = "429 + Retry-After date"
    case timeout = "timeout"

    /// The sandbox action that produces it (once).
    var action: FaultAction {
        switch self {
        case .resetAfterSent: .closeAfterProcessing
        case .status500: .status(500)
        case .status502: .status(502)
        case .status503RetryAfter: .status(503, retryAfter: .seconds(2))
        case .status429HTTPDate: .status(429, retryAfter: .httpDate(secondsFromNow: 3))
        case .timeout: .delay(seconds: FaultMatrix.slowResponse)
        }
    }

    /// The client's request timeout for this row: short enough to give up on the held response of `timeout`,
    /// long for the others, so a loaded machine never turns a slow answer into a spurious timeout.
    var requestTimeout: Duration {
        self == .timeout ? FaultMatrix.clientTimeout : FaultMatrix.patientTimeout
    }
}

/// One row of a printed matrix.
struct MatrixRow: Sendable {
    var operation: String
    var fault: FaultKind
    var attempts: Int
    var workDone: Int
    var sameKey: Bool?
    var outcome: String

    var passed: Bool
}

enum FaultMatrix {
    /// How long the `timeout` fault holds a response, and the client's request timeout that gives up first (with
    /// room for the retried request to be answered on a loaded machine).
    static let slowResponse = 3.0
    static let clientTimeout: Duration = .milliseconds(1_500)
    /// The request timeout where no fault holds a response.
    static let patientTimeout: Duration = .seconds(60)

    /// The matrix as a table, for the test log.
    static func table(_ title: String, _ rows: [MatrixRow]) -> String {
        let header = ["operation", "fault", "attempts", "work done", "same key", "outcome", ""]
        let cells = rows.map { row in
            [row.operation, row.fault.rawValue, String(row.attempts), String(row.workDone),
             row.sameKey.map { $0 ? "yes" : "NO" } ?? "n/a", row.outcome, row.passed ? "ok" : "FAILED"]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ values: [String]) -> String {
            values.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: " | ")
        }
        return ([title, line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")]
            + cells.map(line)).joined(separator: "\n")
    }
}
