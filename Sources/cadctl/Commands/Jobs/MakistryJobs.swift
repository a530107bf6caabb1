import ArgumentParser
import CADCore
import Foundation
import Makistry

/// `cadctl jobs create|get|wait` for Makistry.
///
/// Flags are checked and the request validated before anything is sent; results go to stdout (the job id,
/// a JSON document, or the written paths), everything else to stderr.
enum MakistryJobs {
    static func create(_ command: JobsCommand.Create, context: CommandContext) async throws {
        let format = command.format ?? .step
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

        guard command.wait || downloadDirectory != nil else {
            printJob(id: submitted.id, status: status, context: context)
            return
        }
        context.info("makistry job \(submitted.id) \(status)")
        try await finish(
            client: client, jobID: submitted.id, mode: mode, timeout: timeout, format: format,
            directory: downloadDirectory, force: command.force, tracker: submitted.tracker, context: context)
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

    static func wait(_ command: JobsCommand.Wait, context: CommandContext) async throws {
        let timeout = command.timeout?.duration
        let directory = try command.download.map(MakistryOptions.prepareDirectory)
        let client = try makeClient(context)
        let tracker = await LedgerGate.tracker(provider: .makistry, jobID: command.jobID, context: context)
        try await finish(
            client: client, jobID: command.jobID, mode: nil, timeout: timeout, format: nil, directory: directory,
            force: command.force, tracker: tracker, context: context)
    }

    /// Waits for the job, then downloads it (with a directory) or prints it.
    private static func finish(
        client: MakistryClient, jobID: String, mode: DesignMode?, timeout: Duration?, format: MakistryOutputFormat?,
        directory: String?, force: Bool, tracker: SubmissionTracker = .none, context: CommandContext
    ) async throws {
        let job = try await tracker.waiting(finishes: directory == nil) {
            try await WaitProgressLine(global: context.global, provider: "makistry", jobID: jobID).run { observer in
                try await client.jobs.wait(
                    jobID, timeout: timeout ?? mode?.defaultWaitTimeout ?? client.waitTimeout, observer: observer)
            }
        } status: { $0.status.rawValue }
        guard let directory else {
            printJob(id: job.jobID, status: job.status.rawValue, context: context)
            return
        }
        let result = try await TransferProgressBar(global: context.global).transfer(jobID, .download) { progress in
            try await client.jobs.download(jobID, into: directory, format: format, overwrite: force, progress: progress)
        }
        await tracker.files([result.path])
        await tracker.finished(job.status.rawValue)
        let previews = PartPreview.ifRequested([result.path], context.global)
        if context.global.json {
            context.console.result(JSONText.object([
                ("provider", .string("makistry")), ("id", .string(job.jobID)), ("status", .string(job.status.rawValue)),
                ("files", .array(([result.path] + previews).map(JSONText.Value.string))),
            ]))
        } else {
            for path in [result.path] + previews { context.console.result(path) }
        }
    }

    private static func printJob(id: String, status: String, context: CommandContext) {
        if context.global.json {
            context.console.result(JSONText.object([("provider", .string("makistry")), ("id", .string(id)), ("status", .string(status))]))
        } else {
            context.console.result(id)
        }
    }

    static func makeClient(_ context: CommandContext) throws -> MakistryClient {
        let setup = try context.clientSetup(for: .makistry)
        return try MakistryClient(apiKey: setup.apiKey, baseURL: setup.baseURL, configuration: setup.configuration)
    }
}
