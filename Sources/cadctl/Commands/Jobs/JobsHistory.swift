import ArgumentParser
import CADCLICore
import CADLedger

extension JobsCommand {
    /// `cadctl jobs history`: the local ledger, newest first.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List the paid submissions the local ledger recorded, newest first.",
            discussion: """
                The ledger lives in $CADCTL_STATE_DIR (else $XDG_STATE_HOME/cadctl, else ~/.local/state/cadctl). \
                Plain output: one line per submission (time, provider, id, status, prompt or model), then one \
                indented line per file written (sha256, bytes, path).
                """)
        @Option(help: "Only this provider's submissions.") var provider: Provider?
        @Option(help: "At most this many submissions.") var limit: Int?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let limit, limit < 1 { throw CLIError.usage("--limit \(limit) must be 1 or more") }
            let environment = CommandScope.currentEnvironment
            let ledger = try LedgerAccess.open(path: LedgerLocation.databasePath(environment: environment.values))
            let submissions = try await ledger.history(provider: provider?.rawValue, limit: limit)
            if global.json {
                Console.result(JSONText.object([("submissions", .array(submissions.map(Self.json)))]))
                return
            }
            for submission in submissions {
                Console.result([
                    LedgerTime.text(submission.submittedAt), submission.provider, submission.id ?? "-",
                    submission.status ?? "submitted", submission.summary,
                ].joined(separator: "\t"))
                for file in submission.files { Console.result("\t\(file.sha256)\t\(file.bytes)\t\(file.path)") }
            }
        }

        static func json(_ submission: LedgerSubmission) -> JSONText.Value {
            .object([
                ("provider", .string(submission.provider)),
                ("id", submission.id.map(JSONText.Value.string) ?? .null),
                ("status", submission.status.map(JSONText.Value.string) ?? .null),
                ("submitted_at", .string(LedgerTime.text(submission.submittedAt))),
                ("summary", .string(submission.summary)),
                ("files", .array(submission.files.map { file in
                    .object([("path", .string(file.path)), ("sha256", .string(file.sha256)),
                             ("bytes", .integer(Int(file.bytes)))])
                })),
            ])
        }
    }
}
