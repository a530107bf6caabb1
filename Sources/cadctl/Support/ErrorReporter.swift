import ArgumentParser
import CADCLICore

/// Prints an error the contract's way and picks the exit code.
///
/// Plain: `error: MESSAGE (provider: code, HTTP status, request id)` on stderr.
/// With `--json`: `{"error":{"message","code","status","provider","request_id"}}` on stderr.
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
}
