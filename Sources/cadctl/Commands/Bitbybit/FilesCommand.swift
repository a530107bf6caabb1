import ArgumentParser
import Bitbybit

/// `cadctl files upload|list|get|delete`: files uploaded to Bitbybit.
struct FilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Upload, list, show and delete files at Bitbybit.",
        subcommands: [Upload.self, List.self, Get.self, Delete.self])

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "upload", 
            abstract: "Upload a file (streamed, SHA-256 checked) and print its id.")
        @Argument(help: "The file to upload.") var path: String
        @Option(help: "The MIME type (default: from the extension).") var contentType: String?
        @Option(help: "The name to record (default: the file's name).") var name: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let file = try await BitbybitCLI.upload(path, filename: name, contentType: contentType, client: client,
                                                    context: context)
            if global.json {
                context.console.result(JSONText.object([
                    ("provider", .string("bitbybit")), ("id", .string(file.fileID)),
                    ("filename", .string(file.filename)), ("contentType", .string(file.contentType)),
                    ("bytes", .integer(file.bytes)), ("sha256", .string(file.sha256)), ("reused", .bool(file.reused)),
                ]))
            } else {
                if file.reused { context.info("the server already had this file; nothing was sent") }
                context.console.result(file.fileID)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List uploaded files.")
        @Option(help: "Only files in this status.") var status: FileStatus?
        @Option(help: "Page size, 1–50.") var limit: Int = 50
        @Flag(help: "Every page, not only the first.") var all = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...50).contains(limit) else { throw CLIError.usage("--limit must be 1 to 50") }
        }

        func run() async throws {
            let context = try CommandContext.current(global)
            let files = try BitbybitCLI.client(context).files
            var items: [FileDetail] = []
            if all {
                for try await file in files.list(status: status, pageSize: limit) { items.append(file) }
            } else {
                items = try await files.page(1, limit: limit, status: status).files
            }
            if global.json {
                return try BitbybitCLI.printJSON(["files": items])
            }
            for file in items {
                context.console.result("\(file.fileID)\t\(file.status.rawValue)\t\(file.bytes.map(String.init) ?? "-")\t\(file.filename)")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a file.")
        @Argument(help: "The file id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let file = try await BitbybitCLI.client(context).files.get(id)
            if global.json { return try BitbybitCLI.printJSON(file) }
            context.console.result("\(file.fileID)\t\(file.status.rawValue)\t\(file.bytes.map(String.init) ?? "-")\t"
                + "\(file.contentType)\t\(file.filename)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a file.")
        @Argument(help: "The file id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let result = try await BitbybitCLI.client(context).files.delete(id)
            if global.json {
                context.console.result(JSONText.object([("id", .string(id)), ("deleted", .bool(result.deleted))]))
            } else {
                context.console.result(id)
            }
        }
    }
}
