import ArgumentParser
import Bitbybit
import CADCore
import Foundation

/// `cadctl convert step-to-gltf`: upload a STEP file, convert it to glTF (GLB), wait, download.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert STEP files to glTF (GLB) with Bitbybit.",
        subcommands: [StepToGltf.self])

    struct StepToGltf: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "step-to-gltf",
            abstract: "Upload a STEP file, convert it to GLB, wait and download the result.",
            discussion: """
                --out is a directory (created when missing) or a file name ending in .glb. The advanced \
                endpoint is used with --advanced or any reader/writer option; --draco adds Draco compression.
                """)

        @Argument(help: "The STEP file to convert (omit with --file-id).") var file: String?
        @Option(help: ArgumentHelp("Convert an already uploaded file instead of a local one.", valueName: "ID"))
        var fileId: String?
        @Option(help: ArgumentHelp("Write the GLB here: a directory, or a FILE.glb.", valueName: "PATH"))
        var out: String?
        @Flag(help: "Only submit: print the task id.") var noWait = false
        @Option(help: ArgumentHelp("Give up waiting after this many seconds, a positive number (exit 5).",
                                   valueName: "SECONDS"))
        var timeout: DurationArgument?
        @Flag(help: "Overwrite an existing output file.") var force = false

        @Option(help: "Linear deflection, 0.0001–10.") var meshPrecision: Double?
        @Option(help: "Angular deflection in radians, 0.01–3.14159.") var meshAngle: Double?
        @Flag(help: "Use the advanced conversion endpoint.") var advanced = false
        @Option(help: ArgumentHelp("Advanced options as a JSON object (ConvertAdvancedOptions), implies --advanced.",
                                   valueName: "JSON"))
        var advancedOptions: String?
        @Option(help: "Uniform scale of the output (advanced).") var scale: Double?
        @Flag(help: "Rotate from Z-up to Y-up (advanced).") var adjustZToY = false
        @Flag(help: "Compress meshes with Draco.") var draco = false
        @Option(help: "Draco compression level, 0–10.") var dracoLevel: Int?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let source = try self.source()
            let isAdvanced = advanced || advancedOptions != nil || scale != nil || adjustZToY
            var options = try advancedOptions.map { text -> ConvertAdvancedOptions in
                do {
                    return try BitbybitCLI.parseJSON(text, flag: "--advanced-options").decode(ConvertAdvancedOptions.self)
                } catch let error as CLIError { throw error } catch {
                    throw CLIError.usage("--advanced-options does not fit ConvertAdvancedOptions: \(error)")
                }
            }
            if isAdvanced {
                var value = options ?? ConvertAdvancedOptions()
                if let meshPrecision { value.meshDeflection = meshPrecision }
                if let meshAngle { value.meshAngle = meshAngle }
                if let scale { value.scale = scale }
                if adjustZToY { value.adjustZtoY = true }
                options = value
            }
            let dracoOptions = dracoLevel.map { DracoCompressionOptions(useDraco: true, dracoCompressionLevel: $0) }
                ?? (draco ? DracoCompressionOptions(useDraco: true) : nil)
            let target = try outputTarget()
            try refuseExistingOutput(target, source: source)

            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let fileID: String
            switch source {
            case .fileID(let id): fileID = id
            case .localFile(let path):
                let uploaded = try await BitbybitCLI.upload(path, client: client, context: context)
                context.info("uploaded \(path) as file \(uploaded.fileID)\(uploaded.reused ? " (already on the server)" : "")")
                fileID = uploaded.fileID
            }
            let fingerprinted: JSONValue = [
                "stepFileId": .string(fileID), "advanced": .bool(isAdvanced), "draco": .bool(draco),
                "dracoLevel": dracoLevel.map { JSONValue.number(Double($0)) } ?? .null,
                "options": try options.map { try JSONValue(encoding: $0) } ?? JSONValue.null,
                "meshPrecision": meshPrecision.map { JSONValue.number($0) } ?? .null,
                "meshAngle": meshAngle.map { JSONValue.number($0) } ?? .null,
            ]
            let submitted = try await BitbybitCLI.submit(
                path: "/api/v1/convert/step-to-gltf", body: fingerprinted, summary: "step-to-gltf", context: context
            ) {
                switch (isAdvanced, dracoOptions != nil || draco) {
                case (false, false):
                    return try await client.convert.start(StepToGltfBody(
                        stepFileID: fileID, meshPrecision: meshPrecision, meshAngle: meshAngle))
                case (false, true):
                    return try await client.convert.start(StepToGltfWithDracoBody(
                        stepFileID: fileID, meshPrecision: meshPrecision, meshAngle: meshAngle, draco: dracoOptions))
                case (true, false):
                    return try await client.convert.start(StepToGltfAdvancedBody(stepFileID: fileID, options: options))
                case (true, true):
                    return try await client.convert.start(StepToGltfAdvancedWithDracoBody(
                        stepFileID: fileID, options: options, draco: dracoOptions))
                }
            }
            if noWait {
                return BitbybitCLI.printTask(id: submitted.id, status: submitted.status ?? "queued", files: nil,
                                             context: context)
            }
            context.info("bitbybit task \(submitted.id) submitted; waiting")
            let duration = timeout?.duration
            let task = try await submitted.tracker.waiting(finishes: false) {
                try await BitbybitCLI.wait(submitted.id, client: client, timeout: duration, context: context)
            } status: { $0.status.rawValue }
            let link = try await client.tasks.result(task.taskID, format: "glb")
            let chosen: TaskResultDownload
            let directory: String
            switch target {
            case .directory(let path):
                (chosen, directory) = (link, try BitbybitCLI.outputDirectory(path))
            case .file(let path, let name):
                (chosen, directory) = (TaskResultDownloadRename.renamed(link, to: name), try BitbybitCLI.outputDirectory(path))
            }
            let written = try await TransferProgressBar(global: global).transfer(chosen.filename, .download) { progress in
                try await client.tasks.download(chosen, into: directory, overwrite: force, progress: progress).path
            }
            await submitted.tracker.files([written])
            await submitted.tracker.finished(task.status.rawValue)
            BitbybitCLI.printTask(id: task.taskID, status: task.status.rawValue, files: [written], context: context)
        }

        private func source() throws -> BitbybitFileSource {
            switch (file, fileId) {
            case (let path?, nil):
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw CLIError.usage("cannot read \(path); give a readable STEP file")
                }
                return .localFile(path: path)
            case (nil, let id?): return .fileID(id)
            case (nil, nil): throw CLIError.usage("give a STEP file to convert, or --file-id ID of an uploaded one")
            case (_?, _?): throw CLIError.usage("give either a STEP file or --file-id, not both")
            }
        }

        private enum Target { case directory(String?), file(directory: String, name: String) }

        /// Refuses, before anything is uploaded or paid for, to convert into a file that exists: the named
        /// `--out FILE.glb`, or the GLB named after a local input (`part.step` → `part.glb`, the name the
        /// service gives it). The download checks again for names only the server knows.
        private func refuseExistingOutput(_ target: Target, source: BitbybitFileSource) throws {
            guard !force else { return }
            let path: String
            switch (target, source) {
            case (.file(let directory, let name), _):
                path = directory + "/" + name
            case (.directory(let directory), .localFile(let input)):
                let stem = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
                path = (directory ?? ".") + "/" + stem + ".glb"
            case (.directory, .fileID):
                return
            }
            if FileManager.default.fileExists(atPath: path) {
                throw CLIError.usage("\(path) already exists; remove it or pass --force to overwrite it")
            }
        }

        private func outputTarget() throws -> Target {
            guard let out else { return .directory(nil) }
            let lower = out.lowercased()
            guard lower.hasSuffix(".glb") || lower.hasSuffix(".gltf") else { return .directory(out) }
            let url = URL(fileURLWithPath: out)
            let name = url.lastPathComponent
            let directory = out.contains("/") ? url.deletingLastPathComponent().path : "."
            return .file(directory: directory, name: name)
        }
    }
}

/// A result link under another file name (for `--out FILE.glb`).
enum TaskResultDownloadRename {
    static func renamed(_ link: TaskResultDownload, to name: String) -> TaskResultDownload {
        var copy = link
        copy.filename = name
        return copy
    }
}
