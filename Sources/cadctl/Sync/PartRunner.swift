import Bitbybit
import CADCore
import Foundation
import Makistry
import Orville

/// Generating a part (through the ledger) and fetching a locked part's files again by its id, for each
/// provider. Files are written into a staging directory the caller owns; no progress is drawn (parts run
/// concurrently).
enum PartRunner {
    /// How long a part may take to generate.
    static let waitTimeout: Duration = .seconds(3600)

    /// What a generation produced: the job or task id, the written files (in the staging directory), and the
    /// ledger record to add the final paths to.
    struct Generated: Sendable {
        var id: String
        var status: String
        var paths: [String]
        var tracker: SubmissionTracker
    }

    /// Submits the part (resuming an earlier run's unfinished job for the same request), waits for it, and
    /// downloads its files into `staging`.
    static func generate(
        _ part: ManifestPart, manifest: Manifest, staging: String, context: CommandContext
    ) async throws -> Generated {
        switch part.provider {
        case .orville: return try await generateOrville(part, manifest: manifest, staging: staging, context: context)
        case .makistry: return try await generateMakistry(part, manifest: manifest, staging: staging, context: context)
        case .bitbybit: return try await generateBitbybit(part, manifest: manifest, staging: staging, context: context)
        }
    }

    /// Downloads the files of the part's locked job or task `id` again (fresh signed URLs) into `staging`.
    static func fetch(_ part: ManifestPart, id: String, staging: String, clients: SyncClients) async throws -> [String] {
        switch part.provider {
        case .orville:
            let client = try clients.orvilleClient()
            let job = try await client.jobs.get(id)
            let artifacts = job.artifacts.isEmpty ? try await client.artifacts.list(jobID: id).artifacts : job.artifacts
            return try await client.artifacts.download(artifacts, into: staging, overwrite: true).map(\.path)
        case .makistry:
            let client = try clients.makistryClient()
            let format = try MakistryOptions.format(part.format)
            return [try await client.jobs.download(id, into: staging, format: format, overwrite: true).path]
        case .bitbybit:
            let client = try clients.bitbybitClient()
            return try await client.tasks.download(id, formats: bitbybitFormats(part), into: staging, overwrite: true)
                .map(\.path)
        }
    }

    private static func generateOrville(
        _ part: ManifestPart, manifest: Manifest, staging: String, context: CommandContext
    ) async throws -> Generated {
        let prompt = part.prompt ?? ""
        try OrvilleInputRules.checkPrompt(prompt)
        let imagePaths = part.images.map(manifest.resolve)
        let images = try OrvilleCLI.images(imagePaths)
        let setup = try context.clientSetup(for: .orville)
        let client = try OrvilleCLI.client(context)
        var request = SubmissionRequest(
            provider: "orville", baseURL: setup.baseURL.absoluteString, apiKey: setup.apiKey, path: "/api/v1/cad/jobs",
            body: ["prompt": .string(prompt)], uploadedFiles: imagePaths, takesIdempotencyKey: true, summary: prompt)
        request.scope = scope(part, manifest)
        let submitted = try await LedgerGate.submit(request, context: context) { key in
            try await client.jobs.create(prompt: prompt, images: images, idempotencyKey: key)
        } id: { ($0.jobID, $0.status.rawValue) }
        let job = try await submitted.tracker.waiting(finishes: false) {
            if let accepted = submitted.answer { return try await client.jobs.wait(accepted, timeout: waitTimeout) }
            return try await client.jobs.wait(submitted.id, timeout: waitTimeout)
        } status: { $0.status.rawValue }
        let artifacts = job.artifacts.isEmpty ? try await client.artifacts.list(jobID: job.jobID).artifacts : job.artifacts
        let paths = try await client.artifacts.download(artifacts, into: staging, overwrite: true).map(\.path)
        return Generated(id: submitted.id, status: job.status.rawValue, paths: paths, tracker: submitted.tracker)
    }

    private static func generateMakistry(
        _ part: ManifestPart, manifest: Manifest, staging: String, context: CommandContext
    ) async throws -> Generated {
        let format = try MakistryOptions.format(part.format) ?? .step
        let mode = try MakistryOptions.mode(part.mode)
        let imagePaths = part.images.map(manifest.resolve)
        let text = TextToCADRequest(prompt: part.prompt ?? "", designMode: mode, outputFormat: format)
        let images = ImageToCADRequest(images: imagePaths, prompt: part.prompt, designMode: mode, outputFormat: format)
        if imagePaths.isEmpty { try MakistryValidator.validate(text) } else { try MakistryValidator.validate(images) }
        let setup = try context.clientSetup(for: .makistry)
        let client = try MakistryJobs.makeClient(context)
        var fields: JSONObject = try JSONValue(encoding: text).objectValue ?? [:]
        if !imagePaths.isEmpty { fields["prompt"] = part.prompt.map(JSONValue.string) }
        var request = SubmissionRequest(
            provider: "makistry", baseURL: setup.baseURL.absoluteString, apiKey: setup.apiKey,
            path: imagePaths.isEmpty ? "/text-to-cad" : "/image-to-cad", body: .object(fields),
            uploadedFiles: imagePaths, takesIdempotencyKey: true, summary: part.prompt ?? part.name)
        request.scope = scope(part, manifest)
        let submitted = try await LedgerGate.submit(request, context: context) { key in
            let key = key ?? IdempotencyKey()
            return imagePaths.isEmpty
                ? try await client.jobs.create(text, idempotencyKey: key)
                : try await client.jobs.create(images, idempotencyKey: key)
        } id: { ($0.jobID, $0.status.rawValue) }
        let job = try await submitted.tracker.waiting(finishes: false) {
            try await client.jobs.wait(submitted.id, timeout: max(waitTimeout, mode?.defaultWaitTimeout ?? waitTimeout))
        } status: { $0.status.rawValue }
        let written = try await client.jobs.download(submitted.id, into: staging, format: format, overwrite: true)
        return Generated(id: submitted.id, status: job.status.rawValue, paths: [written.path], tracker: submitted.tracker)
    }

    private static func generateBitbybit(
        _ part: ManifestPart, manifest: Manifest, staging: String, context: CommandContext
    ) async throws -> Generated {
        let formats = try bitbybitFormats(part)
        let client = try BitbybitCLI.client(context)
        let submitted: Submitted<TaskAccepted>
        if let model = part.model {
            var params: [String: JSONValue] = [:]
            for (key, value) in part.params?.objectValue ?? [:] { params[key] = value }
            let body = ModelSubmissionBody(
                params: params.isEmpty ? nil : params,
                outputs: OutputOptions(formats: formats.map(OutputFormat.init(rawValue:))))
            submitted = try await BitbybitCLI.submit(
                path: "/api/v1/models/\(model)", body: try JSONValue(encoding: body), summary: model,
                scope: scope(part, manifest), context: context
            ) { try await client.models.run(model, body: body) }
        } else {
            let file = manifest.resolve(part.pipeline ?? "")
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("part \"\(part.name)\": cannot read the pipeline file \(file)")
            }
            var body: JSONValue
            do { body = try JSONValue(parsing: data) } catch {
                throw CLIError.usage("part \"\(part.name)\": the pipeline file \(file) is not valid JSON: \(error)")
            }
            if !part.formats.isEmpty { body = CadCommand.Pipeline.setting(formats: formats, in: body) }
            let problems = try BitbybitValidator.bundled().validate(body, as: .pipeline)
            if !problems.isEmpty {
                throw CLIError.usage("part \"\(part.name)\": the pipeline \(file) is invalid: "
                    + problems.map { "\($0)" }.joined(separator: "; "))
            }
            let submittedBody = body
            submitted = try await BitbybitCLI.submit(
                path: "/api/v1/cad/pipeline", body: submittedBody, summary: part.pipeline ?? part.name,
                scope: scope(part, manifest), context: context
            ) { try await client.cad.pipeline(json: submittedBody) }
        }
        let task = try await submitted.tracker.waiting(finishes: false) {
            try await client.tasks.wait(submitted.id, timeout: waitTimeout)
        } status: { $0.status.rawValue }
        let files = try await client.tasks.download(submitted.id, formats: formats, into: staging, overwrite: true)
        return Generated(id: submitted.id, status: task.status.rawValue, paths: files.map(\.path), tracker: submitted.tracker)
    }

    /// Tells the part's submissions apart from another part's with the same definition (two jobs, not one).
    private static func scope(_ part: ManifestPart, _ manifest: Manifest) -> String {
        let path = manifest.path.hasPrefix("/") ? manifest.path
            : FileManager.default.currentDirectoryPath + "/" + manifest.path
        return "cadctl sync " + (path as NSString).standardizingPath + " part " + part.name
    }

    /// The formats a Bitbybit part asks for (a model's default: gltf).
    static func bitbybitFormats(_ part: ManifestPart) throws -> [String] {
        if part.model != nil {
            return try BitbybitCLI.checkFormats(part.formats.isEmpty ? ["gltf"] : part.formats,
                                                allowed: BitbybitCLI.standardFormats)
        }
        return try BitbybitCLI.checkFormats(part.formats, allowed: BitbybitCLI.pipelineFormats)
    }
}
