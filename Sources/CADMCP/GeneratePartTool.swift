import CADCLICore
import CADCore
import Makistry
import Orville

/// `generate_part`: a prompt/image-to-CAD job at Orville or Makistry, waited for and downloaded.
enum GeneratePartTool {
    static let name = "generate_part"

    static func run(_ context: ToolContext) async throws -> JobAnswer {
        let arguments = context.arguments
        let prompt = try arguments.requiredString("prompt")
        let explicit = try arguments.choice("provider", allowed: ["orville", "makistry"]).flatMap(Provider.init(rawValue:))
        let imagePaths = try arguments.strings("images").map { try context.root.resolve($0, argument: "images") }
        let format = try arguments.choice("format", allowed: ToolCatalog.jobFormats)
        let mode = try arguments.choice("mode", allowed: ToolCatalog.modes)
        let wait = try arguments.bool("wait") ?? true
        let directory = try arguments.string("dir")
        switch try context.clients.choose(explicit, among: [.orville, .makistry]) {
        case .makistry:
            return try await makistry(
                prompt: prompt, imagePaths: imagePaths, format: format, mode: mode, wait: wait, directory: directory,
                context: context)
        default:
            if let format, format != "step" {
                throw CLIError.usage("format \(format): Orville only produces STEP files; drop format or use provider makistry")
            }
            if mode != nil {
                throw CLIError.usage("mode is a Makistry option; Orville does not take it (drop it or use provider makistry)")
            }
            return try await orville(prompt: prompt, imagePaths: imagePaths, wait: wait, directory: directory, context: context)
        }
    }

    private static func orville(
        prompt: String, imagePaths: [String], wait: Bool, directory: String?, context: ToolContext
    ) async throws -> JobAnswer {
        try OrvilleInputRules.checkPrompt(prompt)
        try OrvilleInputRules.checkImageCount(imagePaths.count)
        let images = try imagePaths.map { try OrvilleImage(path: $0) }
        let output = wait ? try context.root.outputDirectory(directory, argument: "dir") : nil
        let client = try context.clients.orville()
        let accepted = try await client.jobs.create(prompt: prompt, images: images)
        guard let output else { return JobAnswer(provider: .orville, id: accepted.id, status: accepted.status.rawValue) }
        context.progress.note("orville job \(accepted.id) \(accepted.status.rawValue)")
        return try await JobTools.finishOrville(
            client, jobID: accepted.id, firstPollAfter: accepted.pollAfterSeconds, into: output, context: context)
    }

    private static func makistry(
        prompt: String, imagePaths: [String], format: String?, mode: String?, wait: Bool, directory: String?,
        context: ToolContext
    ) async throws -> JobAnswer {
        let outputFormat = format.flatMap(Makistry.OutputFormat.init(caseInsensitive:)) ?? .step
        let designMode = mode.flatMap(DesignMode.init(caseInsensitive:))
        let text = TextToCADRequest(prompt: prompt, designMode: designMode, outputFormat: outputFormat)
        let images = ImageToCADRequest(images: imagePaths, prompt: prompt, designMode: designMode, outputFormat: outputFormat)
        if imagePaths.isEmpty { try MakistryValidator.validate(text) } else { try MakistryValidator.validate(images) }
        let output = wait ? try context.root.outputDirectory(directory, argument: "dir") : nil
        let client = try context.clients.makistry()
        let submission = imagePaths.isEmpty
            ? try await client.textToCAD(text) : try await client.imageToCAD(images)
        guard let output else {
            return JobAnswer(provider: .makistry, id: submission.jobID, status: submission.status.rawValue)
        }
        context.progress.note("makistry job \(submission.jobID) \(submission.status.rawValue)")
        return try await JobTools.finishMakistry(
            client, jobID: submission.jobID, mode: designMode, format: outputFormat, into: output, context: context)
    }
}
