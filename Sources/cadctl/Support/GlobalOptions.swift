import ArgumentParser

/// Options every command accepts (after the subcommand, the swift-argument-parser way).
struct GlobalOptions: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print the result as one JSON document on stdout.")
    var json = false

    @Flag(name: [.short, .long], help: "No progress and no informational lines.")
    var quiet = false

    @Flag(name: [.short, .long], help: "One line per HTTP exchange on stderr (secrets redacted).")
    var verbose = false

    @Flag(name: .long, help: "Show progress on stderr even with --json.")
    var progress = false

    @Option(name: .long, help: ArgumentHelp("API key (overrides the environment and the config file).", valueName: "KEY"))
    var apiKey: String?

    @Option(name: .long, help: ArgumentHelp("Base URL of the provider's API.", valueName: "URL"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("PEM file of CA certificates for a private CA.", valueName: "FILE"))
    var cacert: String?

    @Flag(name: .long, help: "Allow sending a key over plain http:// to a host other than loopback.")
    var allowInsecureHTTP = false

    @Option(name: .long, help: ArgumentHelp(
        "Record every HTTP exchange of this command to a HAR cassette, secrets scrubbed (or set CADCTL_RECORD).",
        valueName: "FILE"))
    var record: String?

    @Flag(name: .long, help: "Write a PNG preview (FILE.png) beside every downloaded model file.")
    var preview = false

    @Flag(name: .customLong("new"), help: "Submit a new paid job even when the ledger knows an unfinished one for the same request.")
    var newSubmission = false

    @Flag(name: .long, help: "Do not use the local ledger for this run (or set CADCTL_NO_LEDGER=1).")
    var noLedger = false

    init() {}

    /// Whether informational lines may be printed on stderr.
    var showsInfo: Bool { !quiet }

    /// Whether progress may be drawn on the current console's stderr (a terminal, not `--quiet`, and with
    /// `--json` only under `--progress`).
    var showsProgress: Bool { !quiet && (!json || progress) && Console.current.terminal.isTerminal }
}
