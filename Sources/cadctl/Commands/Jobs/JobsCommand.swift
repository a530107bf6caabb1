import ArgumentParser
import CADCore
import Makistry

/// `cadctl jobs …`: prompt/image-to-CAD jobs at Orville (Ballista Labs) or Makistry.
///
/// Each subcommand parses the contract's flags, picks the provider and hands over to `OrvilleJobs` or
/// `MakistryJobs`, which own everything provider-specific.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Create, follow and download prompt/image-to-CAD jobs (Orville or Makistry).",
        subcommands: [Create.self, Get.self, Wait.self, List.self, Iterate.self, Messages.self, Review.self, History.self])

    /// Providers that run prompt-to-CAD jobs.
    static let providers: [Provider] = [.orville, .makistry]

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", 
            abstract: "Start a job from a prompt and/or images; optionally wait and download the result.")

        @Option(help: "What to build.") var prompt: String?
        @Option(help: ArgumentHelp("A reference image (repeat for several).", valueName: "PATH")) var image: [String] = []
        @Option(help: "orville or makistry (else default_provider, else the only provider with a key).")
        var provider: Provider?
        @Option(help: "Output format (Makistry makes any; Orville STEP only).") var format: PromptToCADFormat?
        @Option(help: "Design mode (Makistry).") var mode: DesignMode?
        @Option(help: ArgumentHelp("A JSON object echoed back with the job (Makistry).", valueName: "JSON"))
        var metadata: String?
        @Option(help: ArgumentHelp("An https URL to call when the job ends (Makistry).", valueName: "URL"))
        var callbackUrl: String?
        @Option(help: "Reuse this idempotency key (default: a new one per invocation).") var idempotencyKey: String?
        @Flag(help: "Wait until the job ends.") var wait = false
        @Option(help: ArgumentHelp("Give up waiting after this many seconds, a positive number (exit 5).",
                                   valueName: "SECONDS"))
        var timeout: DurationArgument?
        @Option(help: ArgumentHelp("Download every artifact into DIR (implies --wait).", valueName: "DIR"))
        var download: String?
        @Flag(help: "Overwrite existing files in the download directory.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.create(self, context: context)
            case .makistry: try await MakistryJobs.create(self, context: context)
            case .bitbybit: throw JobsCommand.unsupported("jobs create", provider: .bitbybit)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a job.")
        @Argument(help: "The job id (cadjob_… is Orville, pub_… is Makistry).") var jobID: String
        @Option(help: "orville or makistry, when the id does not tell.") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, jobID: jobID, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.get(self, context: context)
            case .makistry: try await MakistryJobs.get(self, context: context)
            case .bitbybit: throw JobsCommand.unsupported("jobs get", provider: .bitbybit)
            }
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "wait", abstract: "Wait until a job ends; optionally download it.")
        @Argument(help: "The job id.") var jobID: String
        @Option(help: "orville or makistry, when the id does not tell.") var provider: Provider?
        @Option(help: ArgumentHelp("Give up after this many seconds, a positive number (exit 5).",
                                   valueName: "SECONDS"))
        var timeout: DurationArgument?
        @Option(help: ArgumentHelp("Download every artifact into DIR.", valueName: "DIR")) var download: String?
        @Flag(help: "Overwrite existing files in the download directory.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, jobID: jobID, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.wait(self, context: context)
            case .makistry: try await MakistryJobs.wait(self, context: context)
            case .bitbybit: throw JobsCommand.unsupported("jobs wait", provider: .bitbybit)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first (Orville).")
        @Option(help: "orville (the only provider with a job list).") var provider: Provider?
        @Option(help: "Jobs per page.") var limit: Int?
        @Option(help: "Only jobs whose prompt matches.") var query: String?
        @Flag(help: "Follow cursors to the last page.") var all = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.list(self, context: context)
            case let other: throw JobsCommand.unsupported("jobs list", provider: other)
            }
        }
    }

    struct Iterate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "iterate", abstract: "Ask for a follow-up change to a job (Orville).")
        @Argument(help: "The job id.") var jobID: String
        @Option(help: "What to change.") var prompt: String
        @Option(help: ArgumentHelp("A reference image (repeat for several).", valueName: "PATH")) var image: [String] = []
        @Option(help: "Reuse this idempotency key.") var idempotencyKey: String?
        @Flag(help: "Wait until the new revision is ready.") var wait = false
        @Option(help: ArgumentHelp("Give up waiting after this many seconds, a positive number (exit 5).",
                                   valueName: "SECONDS"))
        var timeout: DurationArgument?
        @Option(help: ArgumentHelp("Download the new revision's artifacts into DIR (implies --wait).", valueName: "DIR"))
        var download: String?
        @Flag(help: "Overwrite existing files in the download directory.") var force = false
        @Option(help: "orville (the only provider with follow-ups).") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, jobID: jobID, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.iterate(self, context: context)
            case let other: throw JobsCommand.unsupported("jobs iterate", provider: other)
            }
        }
    }

    struct Messages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "messages", abstract: "Show a job's conversation (Orville).")
        @Argument(help: "The job id.") var jobID: String
        @Option(help: "orville (the only provider with a history).") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, jobID: jobID, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.messages(self, context: context)
            case let other: throw JobsCommand.unsupported("jobs messages", provider: other)
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "review", abstract: "Ask the review assistant about a job (Orville).")
        @Argument(help: "The job id.") var jobID: String
        @Option(help: "The question.") var prompt: String
        @Option(name: .customLong("revision"), help: ArgumentHelp("The revision to review.", valueName: "REV_ID"))
        var revisionID: String?
        @Option(help: ArgumentHelp("Viewer state as a JSON object.", valueName: "JSON")) var viewerState: String?
        @Option(help: "Reuse this idempotency key.") var idempotencyKey: String?
        @Option(help: "orville (the only provider with reviews).") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            switch try context.chooseProvider(provider, jobID: jobID, among: JobsCommand.providers) {
            case .orville: try await OrvilleJobs.review(self, context: context)
            case let other: throw JobsCommand.unsupported("jobs review", provider: other)
            }
        }
    }

    /// A usage error for a subcommand the provider does not offer.
    static func unsupported(_ command: String, provider: Provider) -> CLIError {
        CLIError.usage("`cadctl \(command)` is not available for \(provider.rawValue)")
    }
}

extension Provider: ExpressibleByArgument {}
