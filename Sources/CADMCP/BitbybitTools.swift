import Bitbybit
import CADCLICore
import CADCore
import Foundation

/// `list_models`, `run_model` and `run_pipeline`: Bitbybit's models and pipelines.
enum BitbybitTools {
    /// `list_models`: the model names.
    static func listModels(_ context: ToolContext) async throws -> JSONValue {
        let models = try await context.clients.bitbybit().models.list()
        return .object(["models": .array(models.map(JSONValue.string))])
    }

    /// `run_model`: a model with parameters; waits and downloads unless `wait` is false.
    static func runModel(_ context: ToolContext) async throws -> JobAnswer {
        let arguments = context.arguments
        let model = try arguments.requiredString("model")
        var params: [String: JSONValue] = [:]
        for (name, value) in try arguments.object("params")?.objectValue ?? JSONObject() { params[name] = value }
        let formats = try checkFormats(try arguments.choices("formats", allowed: ToolCatalog.modelFormats), default: ["gltf"])
        let wait = try arguments.bool("wait") ?? true
        let output = wait ? try context.root.outputDirectory(try arguments.string("dir"), argument: "dir") : nil
        let client = try context.clients.bitbybit()
        let body = ModelSubmissionBody(
            params: params.isEmpty ? nil : params, outputs: OutputOptions(formats: formats.map(OutputFormat.init(rawValue:))))
        let submitted = try await context.clients.submit(
            .bitbybit, path: "/api/v1/models/\(model)", body: try JSONValue(encoding: body), summary: model,
            progress: context.progress
        ) { _ in
            try await client.models.run(model, body: body)
        } id: { ($0.taskID, $0.status.rawValue) }
        return try await finish(submitted, client: client, formats: formats, output: output, context: context)
    }

    /// `run_pipeline`: a pipeline object or file, validated locally before anything is sent.
    static func runPipeline(_ context: ToolContext) async throws -> JobAnswer {
        let arguments = context.arguments
        var body = try pipeline(arguments, root: context.root)
        let formats = try checkFormats(try arguments.choices("formats", allowed: ToolCatalog.pipelineFormats), default: [])
        if !formats.isEmpty, var object = body.objectValue {
            var outputs = object["outputs"]?.objectValue ?? JSONObject()
            outputs["formats"] = .array(formats.map(JSONValue.string))
            object["outputs"] = .object(outputs)
            body = .object(object)
        }
        // Checked offline first: an invalid pipeline is refused with every problem, and nothing is sent.
        try BitbybitValidator.bundled().check(body, as: .pipeline)
        let wait = try arguments.bool("wait") ?? true
        let output = wait ? try context.root.outputDirectory(try arguments.string("dir"), argument: "dir") : nil
        let client = try context.clients.bitbybit()
        let summary = (try? arguments.string("pipeline")) ?? "pipeline"
        let submitted = try await context.clients.submit(
            .bitbybit, path: "/api/v1/cad/pipeline", body: body, summary: summary, progress: context.progress
        ) { _ in
            try await client.cad.pipeline(json: body)
        } id: { ($0.taskID, $0.status.rawValue) }
        return try await finish(submitted, client: client, formats: formats, output: output, context: context)
    }

    /// The `pipeline` argument: the object itself, or a JSON file under the root.
    private static func pipeline(_ arguments: ToolArguments, root: RootDirectory) throws -> JSONValue {
        if let object = try? arguments.object("pipeline") { return object }
        guard let path = try? arguments.string("pipeline") else {
            throw CLIError.usage("run_pipeline: 'pipeline' is required: the pipeline as a JSON object, or the path of a JSON file")
        }
        let file = try root.resolve(path, argument: "pipeline")
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError.usage("cannot read the pipeline file \(path); give a readable JSON file under the root")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw CLIError.usage("the pipeline file \(path) is not valid JSON: \(error.description)")
        }
    }

    /// Formats without repeats; `step` and `stpz` together are refused as the CLI refuses them.
    private static func checkFormats(_ formats: [String], default fallback: [String]) throws -> [String] {
        if formats.contains("step") && formats.contains("stpz") {
            throw CLIError.usage("formats step and stpz together: Bitbybit makes one STEP variant per request; keep one")
        }
        return formats.isEmpty ? fallback : formats
    }

    private static func finish(
        _ submitted: Ledgered<TaskAccepted>, client: BitbybitClient, formats: [String], output: String?,
        context: ToolContext
    ) async throws -> JobAnswer {
        guard let output else { return JobAnswer(provider: .bitbybit, id: submitted.id, status: submitted.status) }
        context.progress.note("bitbybit task \(submitted.id) \(submitted.status); waiting")
        return try await JobTools.finishBitbybit(
            client, taskID: submitted.id, formats: formats, into: output, tracker: submitted.tracker, context: context)
    }
}
