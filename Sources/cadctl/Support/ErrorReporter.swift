import ArgumentParser
import CADCore

/// Prints an error the contract's way and picks the exit code.
///
/// Plain: `error: MESSAGE (provider: code, HTTP status, request id)` on stderr.
/// With `--json`: `{"error":{"message","code","status","provider","request_id"}}` on stderr.
enum ErrorReporter {
    /// The facts of an error, as printed.
    struct Facts {
        var message: String
        var status: CLIError.ExitStatus
        var provider: String?
        var code: String?
        var httpStatus: Int?
        var requestID: String?
    }

    static func report(_ error: any Error, json: Bool) -> Int32 {
        // A command that printed its own outcome and only sets the exit code.
        if let exit = error as? ExitCode { return exit.rawValue }
        // Help, version and ArgumentParser's own errors.
        let parserCode = CADCTL.exitCode(for: error)
        if parserCode == .success {
            Console.result(CADCTL.fullMessage(for: error))
            return 0
        }
        guard let facts = facts(for: error) else {
            Console.error(CADCTL.fullMessage(for: error))
            return CLIError.ExitStatus.usage.rawValue
        }
        if json {
            var pairs: [(String, JSONText.Value)] = [("message", .string(facts.message))]
            pairs.append(("code", facts.code.map(JSONText.Value.string) ?? .null))
            pairs.append(("status", facts.httpStatus.map(JSONText.Value.integer) ?? .null))
            pairs.append(("provider", facts.provider.map(JSONText.Value.string) ?? .null))
            pairs.append(("request_id", facts.requestID.map(JSONText.Value.string) ?? .null))
            Console.error(JSONText.object([("error", .object(pairs))]))
        } else {
            Console.error("error: " + facts.message + suffix(facts))
        }
        return facts.status.rawValue
    }

    /// The facts for errors cadctl knows; nil for ArgumentParser's usage errors.
    static func facts(for error: any Error) -> Facts? {
        switch error {
        case let error as CLIError:
            return Facts(message: error.message, status: error.status)
        case let error as OutputFileExistsError:
            // The SDK says how to replace it in its terms (`overwrite: true`); the CLI names its flag.
            return Facts(message: "\(error.path) already exists; pass --force to overwrite it, or choose another "
                + "directory", status: .usage)
        case let error as InputValidationError
            where error.provider == "orville" && error.field == "prompt" && error.problem == .missing:
            return Facts(message: error.message + " with --prompt TEXT", status: .usage, provider: nil)
        default:
            if error is ValidationError || error is CleanExit { return nil }
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { return nil }
            let wrapped = CADError(error)
            return Facts(
                message: wrapped.message,
                status: CLIError.ExitStatus(wrapped.category),
                provider: wrapped.provider, code: wrapped.code, httpStatus: wrapped.status,
                requestID: wrapped.requestID)
        }
    }

    /// ` (orville: prompt_too_long, HTTP 400, request req_8f3c…)` when any of those facts are known.
    static func suffix(_ facts: Facts) -> String {
        var parts: [String] = []
        if let code = facts.code { parts.append(facts.provider.map { "\($0): \(code)" } ?? code) }
        else if let provider = facts.provider { parts.append(provider) }
        if let status = facts.httpStatus { parts.append("HTTP \(status)") }
        if let requestID = facts.requestID { parts.append("request \(requestID)") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }
}
