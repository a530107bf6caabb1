import ArgumentParser
import Bitbybit
import CADCore
import Foundation

/// `cadctl cad execute|pipeline|compound`: Bitbybit CAD operations, pipelines and compound runs.
struct CadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cad",
        abstract: "Run Bitbybit CAD operations, pipelines and compound (parallel) runs.",
        subcommands: [Execute.self, Pipeline.self, Compound.self, UnfoldCommand.self])

    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "execute", 
            abstract: "Run one operation (e.g. occt.shapes.solid.createBox), wait and download its result.")
        @Option(help: "The operation, e.g. occt.shapes.solid.createBox.") var operation: String
        @Option(help: ArgumentHelp("The operation's parameters as a JSON object.", valueName: "JSON")) var params: String?
        @Option(help: ArgumentHelp("A file holding the parameters as JSON.", valueName: "FILE")) var paramsFile: String?
        @Option(help: ArgumentHelp("Result keys to download (repeatable; default: every result).",
                                   valueName: "FORMAT"))
        var format: [String] = []
        @OptionGroup var waitOptions: BitbybitCLI.WaitOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if params != nil && paramsFile != nil { throw CLIError.usage("give --params or --params-file, not both") }
            let parameters = try params.map { try BitbybitCLI.parseJSON($0, flag: "--params") }
                ?? paramsFile.map { try BitbybitCLI.readJSON($0, what: "--params-file") }
            let body = ExecuteBody(operation: BitbybitOperation(rawValue: operation), params: parameters)
            // Checked before any key is needed: unknown operations and parameters with suggestions.
            try BitbybitValidator.bundled().check(body)
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let submitted = try await BitbybitCLI.submit(
                path: "/api/v1/cad/execute", body: try JSONValue(encoding: body), summary: operation, context: context
            ) { try await client.cad.execute(body) }
            try await BitbybitCLI.finish(submitted, client: client, formats: format.map { $0.lowercased() },
                                         options: waitOptions, context: context)
        }
    }

    struct Compound: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compound",
            abstract: "Run independent operations in parallel as one compound task, wait and download every result.",
            discussion: """
                FILE is a CompoundExecuteBody ({"items": [{"operation": …, "params": {…}, "outputFormats": [...]}, …]}) \
                or just the array of items: 1 to 100 operations, each run as a sub-task. The file is checked \
                offline (schema, operation names) before anything is sent. Results are written as item-INDEX.EXT.
                """)
        @Argument(help: "The compound request as a JSON file.") var file: String
        @Option(help: ArgumentHelp("Result keys to download (repeatable; default: every result).",
                                   valueName: "FORMAT"))
        var format: [String] = []
        @OptionGroup var waitOptions: BitbybitCLI.WaitOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let body = try Self.read(file)
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let submitted = try await BitbybitCLI.submitCompound(
                path: "/api/v1/cad/compound", body: try JSONValue(encoding: body), summary: file, context: context
            ) { try await client.cad.compound(body) }
            try await BitbybitCLI.finishCompound(submitted, client: client, formats: format.map { $0.lowercased() },
                                                 options: waitOptions, context: context)
        }

        /// The compound body of `path`, checked offline (an array of items is wrapped, `parallel` added).
        static func read(_ path: String) throws -> CompoundExecuteBody {
            var json = try BitbybitCLI.readJSON(path, what: "the compound file")
            if let items = json.arrayValue {
                json = .object(["parallel": true, "items": .array(items)])
            } else if var object = json.objectValue, object["parallel"] == nil {
                object["parallel"] = true
                json = .object(object)
            }
            guard json.objectValue != nil else {
                throw CLIError.usage("the compound file \(path) holds a JSON \(json.typeName); give an object with "
                    + "\"items\" (or an array of items), e.g. {\"items\": [{\"operation\": \"occt.shapes.solid.createBox\", "
                    + "\"params\": {…}}]}")
            }
            try BitbybitValidator.bundled().check(json, as: .compound)
            do {
                return try json.decode(CompoundExecuteBody.self)
            } catch {
                throw CLIError.usage("the compound file \(path) does not fit CompoundExecuteBody: \(error)")
            }
        }
    }

    struct Pipeline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pipeline", 
            abstract: "Run a pipeline file, wait and download its results; or --validate it offline.",
            discussion: """
                --validate checks the pipeline against the OpenAPI schema, the reference rules and every \
                documented budget without a key and without sending anything: exit 0 when valid, 2 with every \
                problem listed by JSON path. --input uploads a file and appends it to inputFiles ($file:N).
                """)
        @Argument(help: "The pipeline as a JSON file (PipelineBody: steps, inputFiles, outputs).") var file: String
        @Option(help: ArgumentHelp("Upload a file and add it to inputFiles (repeatable; ROLE=PATH names its role).",
                                   valueName: "PATH"))
        var input: [String] = []
        @Option(help: ArgumentHelp("gltf, step, stpz, decomposed-mesh, json, csv, stl or 3mf (repeatable).",
                                   valueName: "FORMAT"))
        var format: [PipelineOutputFormat] = []
        @Flag(help: "Only check the pipeline locally; send nothing.") var validate = false
        @OptionGroup var waitOptions: BitbybitCLI.WaitOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            // The `--validate` flag takes `validate`'s name, so the STEP-variant check runs here.
            let formats = BitbybitCLI.formatNames(format)
            try BitbybitCLI.checkSTEPVariant(formats)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read the pipeline file \(file); give a readable JSON file")
            }
            let validator = try BitbybitValidator.bundled()
            let inputs = try input.map(Self.parseInput)
            if validate && inputs.isEmpty && formats.isEmpty {
                return try Self.report(validator.validatePipeline(text: data), file: file, global: global)
            }
            var body: JSONValue
            do { body = try JSONValue(parsing: data) } catch {
                if validate { return try Self.report(validator.validatePipeline(text: data), file: file, global: global) }
                throw CLIError.usage("the pipeline file \(file) is not valid JSON: \(error.description)")
            }
            if !formats.isEmpty { body = Self.setting(formats: formats, in: body) }
            // Checked offline first, the files still to upload standing in as placeholders (so `$file:N`
            // references to them resolve): a broken pipeline uploads and sends nothing.
            let placeholders = inputs.enumerated().map { index, input in
                (fileID: "pending-upload-\(index + 1)", role: input.role)
            }
            let checked = Self.appending(placeholders, to: body)
            if validate {
                return try Self.report(validator.validate(checked, as: .pipeline), file: file, global: global)
            }
            try validator.check(checked, as: .pipeline)

            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            var uploaded: [(fileID: String, role: String)] = []
            let existing = body["inputFiles"]?.arrayValue?.count ?? 0
            for (role, path) in inputs {
                let file = try await BitbybitCLI.upload(path, client: client, context: context)
                context.info("uploaded \(path) as file \(file.fileID) ($file:\(existing + uploaded.count))")
                uploaded.append((file.fileID, role))
            }
            let submitted = Self.appending(uploaded, to: body)
            let accepted = try await BitbybitCLI.submit(
                path: "/api/v1/cad/pipeline", body: submitted, summary: file, context: context
            ) { try await client.cad.pipeline(json: submitted) }
            try await BitbybitCLI.finish(accepted, client: client, formats: formats, options: waitOptions,
                                         context: context)
        }

        /// `ROLE=PATH` or `PATH` (role: the file's name).
        static func parseInput(_ text: String) throws -> (role: String, path: String) {
            var role = URL(fileURLWithPath: text).lastPathComponent
            var path = text
            if let equals = text.firstIndex(of: "="), !FileManager.default.fileExists(atPath: text) {
                role = String(text[..<equals])
                path = String(text[text.index(after: equals)...])
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CLIError.usage("--input \(text): cannot read \(path); give a readable file")
            }
            return (role, path)
        }

        /// The body with `files` appended to its `inputFiles`.
        static func appending(_ files: [(fileID: String, role: String)], to body: JSONValue) -> JSONValue {
            guard !files.isEmpty, var object = body.objectValue else { return body }
            var items = object["inputFiles"]?.arrayValue ?? []
            for file in files { items.append(["fileId": .string(file.fileID), "role": .string(file.role)]) }
            object["inputFiles"] = .array(items)
            return .object(object)
        }

        /// The body with `outputs.formats` replaced by `formats`.
        static func setting(formats: [String], in body: JSONValue) -> JSONValue {
            guard var object = body.objectValue else { return body }
            var outputs = object["outputs"]?.objectValue ?? JSONObject()
            outputs["formats"] = .array(formats.map(JSONValue.string))
            object["outputs"] = .object(outputs)
            return .object(object)
        }

        /// Prints the validation outcome: nothing wrong → exit 0; errors → exit 2 listing every problem.
        static func report(_ problems: [ValidationProblem], file: String, global: GlobalOptions) throws {
            if global.json {
                let items: [JSONText.Value] = problems.map { problem in
                    .object([("path", .string(problem.path)), ("message", .string(problem.message)),
                             ("rule", .string(problem.rule.rawValue)), ("severity", .string(problem.severity.rawValue))])
                }
                Console.result(JSONText.object([("valid", .bool(!problems.hasErrors)), ("problems", .array(items))]))
            } else {
                for problem in problems.warnings { Console.error(problem.description) }
                if !problems.hasErrors, global.showsInfo {
                    Console.info("\(file): valid pipeline")
                }
            }
            guard problems.hasErrors else { return }
            let count = problems.errors.count
            let list = problems.errors.map { "  " + $0.description }.joined(separator: "\n")
            throw CLIError.usage("\(file) is not a valid pipeline (\(count) problem\(count == 1 ? "" : "s")); "
                + "nothing was sent:\n" + list)
        }
    }
}
