import ArgumentParser
import CADTransport
#if canImport(Glibc)
import Glibc
#endif

/// `cadctl`: the command-line client for the Bitbybit, Orville and Makistry CAD APIs.
@main
struct CADCTL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadctl",
        abstract: "Generate, convert and fetch CAD models with Bitbybit, Orville (Ballista Labs) and Makistry.",
        discussion: """
            Keys come from --api-key, then BITBYBIT_API_KEY / ORVILLE_API_KEY / MAKISTRY_API_KEY, then the \
            config file ($CADCTL_CONFIG or ~/.config/cadctl/config.toml).
            Exit codes: 0 ok, 1 error, 2 usage, 3 auth refused, 4 job failed, 5 wait timed out, \
            6 rate limited or unavailable, 7 network or TLS, 8 payment refused, 9 verification failed.
            """,
        version: "cadctl \(CADCTLVersion.current) (libcurl \(CADCTLVersion.libcurl), \(CADCTLVersion.tlsBackend))",
        subcommands: [
            ConfigCommand.self, JobsCommand.self, ArtifactsCommand.self, BillingCommand.self, WebhooksCommand.self,
            ModelsCommand.self, CadCommand.self, ConvertCommand.self, FilesCommand.self, TasksCommand.self,
            DoctorCommand.self, InspectCommand.self, PreviewCommand.self, SyncCommand.self, CacheCommand.self,
            MCPCommand.self,
        ])

    /// Runs the command and exits with the contract's code (ArgumentParser's own usage errors become 2).
    static func main() async {
        Glibc.exit(await run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses `arguments` (without the program name; global options may come before the subcommand), runs the command on the task's console
    /// (`Console.current`) and environment (`CommandScope`), reports a failure the contract's way on that
    /// console, and returns the exit code. `main` runs it on the process's; tests on their own.
    static func run(_ arguments: [String]) async -> Int32 {
        let arguments = LeadingGlobalOptions.moved(arguments)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return ErrorReporter.report(error, json: arguments.contains("--json"))
        }
    }
}
