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
        let submitted = try await context.clients.submit(
            .orville, path: "/api/v1/cad/jobs", body: ["prompt": .string(prompt)], uploads: imagePaths, summary: prompt,
            progress: context.progress
        ) { key in
            try await client.jobs.create(prompt: prompt, images: images, idempotencyKey: key)
        } id: { ($0.jobID, $0.status.rawValue) }
        guard let output else { return JobAnswer(provider: .orville, id: submitted.id, status: submitted.status) }
        context.progress.note("orville job \(submitted.id) \(submitted.status)")
        return try await JobTools.finishPromptToCAD(
            client, provider: .orville, jobID: submitted.id, timeout: .seconds(1800), into: output,
            tracker: submitted.tracker, context: context)
    }

    private static func makistry(
        prompt: String, imagePaths: [String], format: String?, mode: String?, wait: Bool, directory: String?,
        context: ToolContext
    ) async throws -> JobAnswer {
        let outputFormat = format.flatMap(MakistryOutputFormat.init(caseInsensitive:)) ?? .step
        let designMode = mode.flatMap(DesignMode.init(caseInsensitive:))
        let text = TextToCADRequest(prompt: prompt, designMode: designMode, outputFormat: outputFormat)
        let images = ImageToCADRequest(images: imagePaths, prompt: prompt, designMode: designMode, outputFormat: outputFormat)
        if imagePaths.isEmpty { try MakistryValidator.validate(text) } else { try MakistryValidator.validate(images) }
        let output = wait ? try context.root.outputDirectory(directory, argument: "dir") : nil
        let client = try context.clients.makistry()
        // The body the CLI records for the same request, so a repeated call (or `cadctl jobs create`) resumes.
        var fields: JSONObject = try JSONValue(encoding: text).objectValue ?? [:]
        if !imagePaths.isEmpty { fields["prompt"] = .string(prompt) }
        let submitted = try await context.clients.submit(
            .makistry, path: imagePaths.isEmpty ? "/text-to-cad" : "/image-to-cad", body: .object(fields),
            uploads: imagePaths, summary: prompt, progress: context.progress
        ) { key in
            let key = key ?? IdempotencyKey()
            return imagePaths.isEmpty
                ? try await client.jobs.create(text, idempotencyKey: key)
                : try await client.jobs.create(images, idempotencyKey: key)
        } id: { ($0.jobID, $0.status.rawValue) }
        guard let output else { return JobAnswer(provider: .makistry, id: submitted.id, status: submitted.status) }
        context.progress.note("makistry job \(submitted.id) \(submitted.status)")
        return try await JobTools.finishPromptToCAD(
            client, provider: .makistry, jobID: submitted.id, timeout: designMode?.defaultWaitTimeout, into: output,
            tracker: submitted.tracker, context: context)
    }
}
