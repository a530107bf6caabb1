import ArgumentParser
import Bitbybit
import CADCore

/// `cadctl models list|params|run`: Bitbybit's parametric models.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List Bitbybit's parametric models, show their parameters, and run them.",
        subcommands: [List.self, Params.self, Run.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the model names.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let models = try await BitbybitCLI.client(context).models.list()
            if global.json {
                context.console.result(JSONText.object([("models", .array(models.map(JSONText.Value.string)))]))
            } else {
                for model in models { context.console.result(model) }
            }
        }
    }

    struct Params: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "params", abstract: "Show a model's parameters, types and defaults.")
        @Argument(help: "The model name, e.g. dragon-cup.") var name: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let definition = try await BitbybitCLI.client(context).models.params(name)
            if global.json { return try BitbybitCLI.printJSON(definition) }
            context.info("\(definition.displayName): \(definition.description)")
            for parameter in definition.params {
                var type = parameter.type.rawValue
                if let items = parameter.items { type += " of \(items.type)" }
                let fallback = parameter.default ?? definition.defaults[parameter.name]
                let shown = fallback.map { " (default \($0.serialized()))" } ?? ""
                context.console.result("\(parameter.name)\t\(type)\(shown)\t\(parameter.description)")
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", 
            abstract: "Run a model, wait for it and download the results.",
            discussion: """
                Parameters are typed by the model's definition: numbers, booleans, arrays (0,0,1 or [0,0,1]). \
                --batch FILE runs several variations as one batch task: FILE holds one JSON object of parameters \
                per line (JSON Lines, 1 to 50 lines), each checked before anything is sent; the results are \
                written as item-INDEX.EXT.
                """)
        @Argument(help: "The model name, e.g. dragon-cup.") var name: String
        @Option(help: ArgumentHelp("A parameter (repeatable), e.g. --param height=10.", valueName: "KEY=VALUE"))
        var param: [String] = []
        @Option(help: ArgumentHelp("A JSON object of parameters (--param values win).", valueName: "JSON_FILE"))
        var paramsFile: String?
        @Option(help: ArgumentHelp("Run one variation per line of FILE (JSON Lines: a params object per line) as a batch.",
                                   valueName: "FILE"))
        var batch: String?
        @Option(help: ArgumentHelp("gltf, step, stpz or decomposed-mesh (repeatable; default gltf).",
                                   valueName: "FORMAT"))
        var format: [OutputFormat] = []
        @OptionGroup var waitOptions: BitbybitCLI.WaitOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let formats = format.isEmpty ? ["gltf"] : BitbybitCLI.formatNames(format)
            let file = try paramsFile.map { try BitbybitCLI.readJSON($0, what: "--params-file") }
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let definition = try await client.models.params(name)
            if let batch { return try await runBatch(batch, formats: formats, definition: definition, client: client,
                                                     context: context) }
            let flags = try BitbybitModelParams.parse(param, definition: definition)
            let params = try BitbybitModelParams.merge(file: file, flags: flags, definition: definition)
            let body = ModelSubmissionBody(
                params: params.isEmpty ? nil : params,
                outputs: OutputOptions(formats: formats.map(OutputFormat.init(rawValue:))))
            let submitted = try await BitbybitCLI.submit(
                path: "/api/v1/models/\(name)", body: try JSONValue(encoding: body), summary: name, context: context
            ) { try await client.models.run(name, body: body) }
            try await BitbybitCLI.finish(submitted, client: client, formats: formats, options: waitOptions,
                                         context: context)
        }

        func validate() throws {
            try BitbybitCLI.checkSTEPVariant(BitbybitCLI.formatNames(format))
            if batch != nil, !param.isEmpty || paramsFile != nil {
                throw CLIError.usage("--batch gives every variation's parameters: put them in its lines, not in "
                    + "--param or --params-file")
            }
        }

        /// `--batch FILE`: one compound task of the file's variations, waited for and downloaded.
        private func runBatch(
            _ file: String, formats: [String], definition: ModelDefinition, client: BitbybitClient,
            context: CommandContext
        ) async throws {
            let items = try BitbybitBatchFile.read(file, definition: definition)
            let body = BatchModelSubmissionBody(
                items: items, outputs: OutputOptions(formats: formats.map(OutputFormat.init(rawValue:))))
            let submitted = try await BitbybitCLI.submitCompound(
                path: "/api/v1/models/\(name)/batch", body: try JSONValue(encoding: body), summary: "\(name) --batch",
                context: context
            ) { try await client.models.runBatch(name, body: body) }
            try await BitbybitCLI.finishCompound(submitted, client: client, formats: formats, options: waitOptions,
                                                 context: context)
        }
    }
}
