import ArgumentParser
import CADCore
import Orville

/// `cadctl artifacts …`: the STEP files of an Orville job's latest revision.
struct ArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "List and download the files of a job's latest revision (Orville).",
        subcommands: [List.self, Download.self])

    /// Providers with an artifacts API.
    static let providers: [Provider] = [.orville]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the latest revision's artifacts and assembly tree.")
        @Argument(help: "The job id (cadjob_…).") var jobID: String
        @Option(help: "orville.") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            guard try ArtifactsCommand.choose(provider, id: jobID, context: context) == .orville else {
                throw JobsCommand.unsupported("artifacts list", provider: provider ?? .makistry)
            }
            let list = try await OrvilleCLI.client(context).artifacts.list(jobID: jobID)
            if global.json {
                context.console.result(try OrvilleCLI.json(list))
                return
            }
            context.console.result("job: \(list.jobID)")
            context.console.result("revision: \(list.revisionID ?? "none yet")")
            for line in OrvilleText.tree(list.assemblyTree) + OrvilleText.artifacts(list.artifacts) { context.console.result(line) }
        }
    }

    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "download", 
            abstract: "Download every artifact of a job's latest revision (JOB_ID) or one artifact (ARTIFACT_ID).")
        @Argument(help: "A job id (cadjob_…) or an artifact id (art_…).") var id: String
        @Option(help: ArgumentHelp("Directory to write into (created when missing).", valueName: "DIR")) var out = "."
        @Flag(help: "Overwrite existing files.") var force = false
        @Flag(help: "Print the short-lived signed URL (redirect=false) instead of downloading (artifact ids only).")
        var printURL = false
        @Option(help: "orville.") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            guard try ArtifactsCommand.choose(provider, id: id, context: context) == .orville else {
                throw JobsCommand.unsupported("artifacts download", provider: provider ?? .makistry)
            }
            let client = try OrvilleCLI.client(context)
            let isJob = id.hasPrefix("cadjob_")
            if printURL {
                guard !isJob else { throw CLIError.usage("--print-url takes an artifact id (art_…), not a job id") }
                let signed = try await client.artifacts.signedURL(id)
                context.console.result(global.json ? try OrvilleCLI.json(signed) : signed.url)
                return
            }
            let bars = TransferProgressBar(global: global)
            let paths: [String]
            if isJob {
                paths = try await bars.downloading { progress in
                    try await client.artifacts.downloadLatest(jobID: id, into: out, overwrite: force, progress: progress)
                }.map(\.path)
            } else {
                let signed = try await client.artifacts.signedURL(id)
                let artifact = OrvilleArtifact(id: id, filename: signed.filename)
                paths = try await bars.downloading { progress in
                    try await client.artifacts.download([artifact], into: out, overwrite: force, progress: progress)
                }.map(\.path)
            }
            if global.json {
                context.console.result(JSONText.object([
                    ("provider", .string("orville")), ("id", .string(id)),
                    ("files", .array(paths.map(JSONText.Value.string))),
                ]))
            } else {
                for path in paths { context.console.result(path) }
            }
        }
    }

    /// `--provider`, else Orville for `cadjob_…`/`art_…` ids, else the usual choice.
    static func choose(_ explicit: Provider?, id: String, context: CommandContext) throws -> Provider {
        if explicit == nil, id.hasPrefix("art_") || id.hasPrefix("cadjob_") { return .orville }
        return try context.chooseProvider(explicit, jobID: id, among: providers)
    }
}
