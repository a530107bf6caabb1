import ArgumentParser
import CADCLICore

/// Prints an error the contract's way and picks the exit code.
///
/// Plain: `error: MESSAGE (provider: code, HTTP status, request id)` on stderr.
/// With `--json`: `{"error":{"message","code","status","provider","request_id"}}` on stderr.
/// The argument parser's own errors (a refused flag value, a missing argument, a `validate()` failure) exit
/// with the usage code, as `error: MESSAGE` followed by the parser's help and usage lines, or as the same
/// JSON object (only the message known) under `--json`.
enum ErrorReporter {
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
            if json {
                Console.error(document(message: CADCTL.message(for: error)))
            } else {
                Console.error(plainParserMessage(CADCTL.fullMessage(for: error)))
            }
            return CLIError.ExitStatus.usage.rawValue
        }
        if json {
            Console.error(document(
                message: facts.message, code: facts.code, status: facts.httpStatus, provider: facts.provider,
                requestID: facts.requestID))
        } else {
            Console.error(facts.line)
        }
        return facts.status.rawValue
    }

    /// The facts for errors cadctl knows; nil for ArgumentParser's usage errors.
    static func facts(for error: any Error) -> ErrorFacts? {
        if error is ValidationError || error is CleanExit { return nil }
        if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { return nil }
        return ErrorFacts(error)
    }

    /// ` (orville: prompt_too_long, HTTP 400, request req_8f3c…)` when any of those facts are known.
    static func suffix(_ facts: ErrorFacts) -> String { facts.suffix }

    /// `{"error":{"message","code","status","provider","request_id"}}`, unknown facts as `null`.
    static func document(
        message: String, code: String? = nil, status: Int? = nil, provider: String? = nil, requestID: String? = nil
    ) -> String {
        JSONText.object([("error", .object([
            ("message", .string(message)),
            ("code", code.map(JSONText.Value.string) ?? .null),
            ("status", status.map(JSONText.Value.integer) ?? .null),
            ("provider", provider.map(JSONText.Value.string) ?? .null),
            ("request_id", requestID.map(JSONText.Value.string) ?? .null),
        ]))])
    }

    /// The parser's full message with the contract's `error: ` prefix in place of its `Error: `.
    static func plainParserMessage(_ full: String) -> String {
        full.hasPrefix("Error: ") ? "error: " + full.dropFirst("Error: ".count) : full
    }
}
