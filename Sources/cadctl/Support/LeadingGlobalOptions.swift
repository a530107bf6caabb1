/// Lets the global options (`GlobalOptions`) come before the subcommand, as users type them
/// (`cadctl --json jobs get ID`, `cadctl --cacert CA.pem sync`): swift-argument-parser only accepts a
/// subcommand's options after its name, so the ones found before the first subcommand word are moved to
/// the end (before a `--`, if there is one). Anything else is left as it is, for the parser to judge.
enum LeadingGlobalOptions {
    /// Global flags (no value).
    static let flags: Set<String> = [
        "--json", "--quiet", "-q", "--verbose", "-v", "--progress", "--allow-insecure-http", "--preview", "--new",
        "--no-ledger",
    ]
    /// Global options that take a value (`--name VALUE` or `--name=VALUE`).
    static let valued: Set<String> = ["--api-key", "--base-url", "--cacert", "--record"]

    /// `arguments` (without the program name) with the leading global options moved after the subcommand's
    /// own arguments.
    static func moved(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            // Not `split`: its generic instantiation costs a scan of every protocol conformance at start-up.
            let name = word.firstIndex(of: "=").map { String(word[..<$0]) } ?? word
            if flags.contains(word) {
                leading.append(word)
                index += 1
            } else if valued.contains(name), word.contains("=") {
                leading.append(word)
                index += 1
            } else if valued.contains(word), index + 1 < arguments.endIndex {
                leading += [word, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.endIndex else { return arguments }
        var rest = Array(arguments[index...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }
}
