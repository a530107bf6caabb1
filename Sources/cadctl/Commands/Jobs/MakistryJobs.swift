import ArgumentParser
import CADCore
import Foundation
import Makistry

/// `cadctl jobs create|get|wait` for Makistry: the submission with Makistry's own options here, the wait and
/// download through `PromptToCADFlow`.
///
/// Flags are checked and the request validated before anything is sent; results go to stdout (the job id,
/// a JSON document, or the written paths), everything else to stderr.
enum MakistryJobs {
    static func create(_ command: JobsCommand.Create, context: CommandContext) async throws {
        let format = command.format.map(MakistryOutputFormat.init) ?? .step
        let mode = command.mode
        let metadata = try command.metadata.map { try MakistryOptions.metadata($0) }
        let idempotencyKey = try command.idempotencyKey.map(MakistryValidator.idempotencyKey)
        let timeout = command.timeout?.duration
        guard command.prompt != nil || !command.image.isEmpty else {
            throw CLIError.usage("give --prompt TEXT (text-to-CAD) and/or --image PATH (image-to-CAD, 1 to 3 images)")
        }
        // Every check runs before the key is looked up or anything is sent.
        let text = TextToCADRequest(
            prompt: command.prompt ?? "", designMode: mode, outputFormat: format,
            callbackURL: command.callbackUrl, metadata: metadata)
        let images = ImageToCADRequest(
            images: command.image, prompt: command.prompt, designMode: mode, outputFormat: format,
            callbackURL: command.callbackUrl, metadata: metadata)
        if command.image.isEmpty { try MakistryValidator.validate(text) } else { try MakistryValidator.validate(images) }
        let downloadDirectory = try command.download.map(MakistryOptions.prepareDirectory)

        let client = try makeClient(context)
        let setup = try context.clientSetup(for: .makistry)
        var fields: JSONObject = try JSONValue(encoding: text).objectValue ?? [:]
        if !command.image.isEmpty { fields["prompt"] = command.prompt.map(JSONValue.string) }
        let request = SubmissionRequest(
            provider: "makistry", baseURL: setup.baseURL.absoluteString, apiKey: setup.apiKey,
            path: command.image.isEmpty ? "/text-to-cad" : "/image-to-cad", body: .object(fields),
            uploadedFiles: command.image, takesIdempotencyKey: true, idempotencyKey: idempotencyKey,
            summary: command.prompt ?? command.image.joined(separator: ", "))
        let submitted = try await LedgerGate.submit(request, context: context) { key in
            let key = key ?? IdempotencyKey()
            return command.image.isEmpty
                ? try await client.jobs.create(text, idempotencyKey: key)
                : try await TransferProgressBar(global: context.global).uploading(command.image) { progress in
                    try await client.jobs.create(images, idempotencyKey: key, progress: progress)
                }
        } id: { ($0.jobID, $0.status.rawValue) }
        if submitted.answer?.replayed == true {
            context.info("makistry: the idempotency key matched an earlier request; this is its job")
        }
        let status = submitted.status ?? "queued"

        let flow = PromptToCADFlow(
            provider: .makistry, client: MakistryFlowClient(client: client, format: format), context: context)
        guard command.wait || downloadDirectory != nil else {
            flow.printAccepted(jobID: submitted.id, status: status)
            return
        }
        context.info("makistry job \(submitted.id) \(status)")
        try await flow.finish(
            jobID: submitted.id, timeout: timeout ?? mode?.defaultWaitTimeout, download: downloadDirectory,
            force: command.force, tracker: submitted.tracker)
    }

    static func get(_ command: JobsCommand.Get, context: CommandContext) async throws {
        let client = try makeClient(context)
        let job = try await client.jobs.get(command.jobID)
        if context.global.json {
            context.console.result(JSONText.render(MakistryOutput.json(job)))
        } else {
            for line in MakistryOutput.lines(job) { context.console.result(line) }
        }
    }

    /// `jobs wait`: poll until the job ends; optionally download (`PromptToCADFlow`).
    static func wait(_ command: JobsCommand.Wait, context: CommandContext) async throws {
        let directory = try command.download.map(MakistryOptions.prepareDirectory)
        let flow = PromptToCADFlow(provider: .makistry, client: try makeClient(context), context: context)
        let tracker = await LedgerGate.tracker(provider: .makistry, jobID: command.jobID, context: context)
        try await flow.finish(
            jobID: command.jobID, timeout: command.timeout?.duration, download: directory, force: command.force,
            tracker: tracker)
    }

    static func makeClient(_ context: CommandContext) throws -> MakistryClient {
        let setup = try context.clientSetup(for: .makistry)
        return try MakistryClient(apiKey: setup.apiKey, baseURL: setup.baseURL, configuration: setup.configuration)
    }
}
