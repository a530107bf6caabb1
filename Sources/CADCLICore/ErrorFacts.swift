import CADCore

/// The facts of an error as cadctl reports it: the message, the exit status, and what the provider said.
///
/// The CLI prints them (`error: MESSAGE (provider: code, HTTP status, request id)`, or as JSON) and the MCP
/// server answers them as a failed tool result, so both say the same thing.
public struct ErrorFacts: Sendable {
    /// What went wrong and how to fix it.
    public var message: String
    /// The exit code the CLI ends with.
    public var status: CLIError.ExitStatus
    /// The provider that answered, when one did.
    public var provider: String?
    /// The provider's error code.
    public var code: String?
    /// The HTTP status.
    public var httpStatus: Int?
    /// The provider's request id.
    public var requestID: String?

    /// Facts with the given values.
    public init(
        message: String, status: CLIError.ExitStatus, provider: String? = nil, code: String? = nil,
        httpStatus: Int? = nil, requestID: String? = nil
    ) {
        self.message = message
        self.status = status
        self.provider = provider
        self.code = code
        self.httpStatus = httpStatus
        self.requestID = requestID
    }

    /// The facts of any error cadctl or the SDK throws (an unknown error becomes a failure with its text).
    /// Where the SDK gives advice in its own terms, the CLI's flags are named instead.
    public init(_ error: any Error) {
        switch error {
        case let error as CLIError:
            self.init(message: error.message, status: error.status)
            return
        case let error as OutputFileExistsError:
            // The SDK says how to replace it in its terms (`overwrite: true`); the CLI names its flag.
            self.init(
                message: "\(error.path) already exists; pass --force to overwrite it, or choose another directory",
                status: .usage)
            return
        case let error as InputValidationError
            where error.provider == "orville" && error.field == "prompt" && error.problem == .missing:
            self.init(message: error.message + " with --prompt TEXT", status: .usage)
            return
        default:
            break
        }
        let wrapped = CADError(error)
        self.init(
            message: wrapped.message, status: CLIError.ExitStatus(wrapped.category),
            provider: wrapped.provider, code: wrapped.code, httpStatus: wrapped.status, requestID: wrapped.requestID)
    }

    /// ` (orville: prompt_too_long, HTTP 400, request req_8f3c…)` when any of those facts are known.
    public var suffix: String {
        var parts: [String] = []
        if let code { parts.append(provider.map { "\($0): \(code)" } ?? code) }
        else if let provider { parts.append(provider) }
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let requestID { parts.append("request \(requestID)") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// The line the CLI prints on stderr: `error: MESSAGE (provider: code, HTTP status, request id)`.
    public var line: String { "error: " + message + suffix }
}
