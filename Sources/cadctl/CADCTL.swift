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
        let code: Int32
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            code = 0
        } catch {
            code = ErrorReporter.report(error, json: CommandLine.arguments.contains("--json"))
        }
        Glibc.exit(code)
    }
}
