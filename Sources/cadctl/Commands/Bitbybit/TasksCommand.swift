import ArgumentParser
import Bitbybit

/// `cadctl tasks list|get|wait|result|cancel|retry`: Bitbybit tasks.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List, follow, download, cancel and retry Bitbybit tasks.",
        subcommands: [List.self, Get.self, Wait.self, Result.self, Cancel.self, Retry.self])

    static func line(_ task: TaskDetail) -> String {
        let progress = task.progress.map { " \(Int($0))%" } ?? ""
        return "\(task.taskID)\t\(task.status.rawValue)\(progress)\t\(task.kind.rawValue)\t\(task.label)"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tasks (newest first).")
        @Option(help: "Only tasks in this status.") var status: TaskStatus?
        @Option(help: "Only tasks of this kind.") var kind: TaskKind?
        @Option(help: "Page size, 1–50.") var limit: Int = 20
        @Option(help: "Which page (1-based).") var page: Int = 1
        @Flag(help: "Every page.") var all = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...50).contains(limit) else { throw CLIError.usage("--limit must be 1 to 50") }
            guard page >= 1 else { throw CLIError.usage("--page must be 1 or more") }
        }

        func run() async throws {
            let context = try CommandContext.current(global)
            let tasks = try BitbybitCLI.client(context).tasks
            var items: [TaskDetail] = []
            var total: Int?
            if all {
                for try await task in tasks.list(status: status, kind: kind, pageSize: limit) { items.append(task) }
            } else {
                let list = try await tasks.page(page, limit: limit, status: status, kind: kind)
                items = list.tasks
                total = list.total
            }
            if global.json {
                let encoded = try JSONText.encoding(items)
                var text = "{\"tasks\":\(encoded)"
                if let total { text += ",\"page\":\(page),\"limit\":\(limit),\"total\":\(total)" }
                return context.console.result(text + "}")
            }
            for task in items { context.console.result(TasksCommand.line(task)) }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a task.")
        @Argument(help: "The task id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let task = try await BitbybitCLI.client(context).tasks.get(id)
            if global.json { return try BitbybitCLI.printJSON(task) }
            context.console.result(TasksCommand.line(task))
            if let error = task.error { context.info("error: \(error)") }
            for key in (task.resultParts ?? [:]).keys.sorted() { context.info("result: \(key)") }
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "wait", 
            abstract: "Wait until a task ends (exit 4 if it fails); optionally download its results.")
        @Argument(help: "The task id.") var id: String
        @Option(help: ArgumentHelp("Give up after this many seconds, a positive number (exit 5; default 600).",
                                   valueName: "SECONDS"))
        var timeout: DurationArgument?
        @Option(help: ArgumentHelp("Download every result into DIR.", valueName: "DIR")) var out: String?
        @Flag(help: "Overwrite existing files.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let duration = timeout?.duration
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let tracker = await LedgerGate.tracker(provider: .bitbybit, jobID: id, context: context)
            let task = try await tracker.waiting(finishes: out == nil) {
                try await BitbybitCLI.wait(id, client: client, timeout: duration, context: context)
            } status: { $0.status.rawValue }
            guard let out else {
                if global.json { return try BitbybitCLI.printJSON(task) }
                return context.console.result("\(task.taskID)\t\(task.status.rawValue)")
            }
            let directory = try BitbybitCLI.outputDirectory(out)
            let files = try await TransferProgressBar(global: global).downloading { progress in
                try await client.tasks.download(task.taskID, into: directory, overwrite: force, progress: progress)
            }
            await tracker.files(files.map(\.path))
            await tracker.finished(task.status.rawValue)
            BitbybitCLI.printTask(id: task.taskID, status: task.status.rawValue, files: files.map(\.path),
                                  context: context)
        }
    }

    struct Result: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "result", 
            abstract: "Download one result of a completed task (FORMAT: gltf/glb, step, stpz, …).")
        @Argument(help: "The task id.") var id: String
        @Argument(help: "A request format (gltf) or result key (glb, step, metadata, …).") var format: String
        @Option(help: ArgumentHelp("Write into DIR (created when missing).", valueName: "DIR")) var out: String?
        @Flag(help: "Overwrite an existing file.") var force = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let link = try await client.tasks.result(id, format: format.lowercased())
            let directory = try BitbybitCLI.outputDirectory(out)
            let written = try await TransferProgressBar(global: global).transfer(link.filename, .download) { progress in
                try await client.tasks.download(link, into: directory, overwrite: force, progress: progress)
            }
            let previews = PartPreview.ifRequested([written.path], global)
            if global.json {
                context.console.result(JSONText.object([
                    ("provider", .string("bitbybit")), ("id", .string(id)),
                    ("format", .string(BitbybitResultKey.forRequestedFormat(format.lowercased()))),
                    ("files", .array(([written.path] + previews).map(JSONText.Value.string))),
                ]))
            } else {
                for path in [written.path] + previews { context.console.result(path) }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a waiting or queued task.")
        @Argument(help: "The task id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let result = try await BitbybitCLI.client(context).tasks.cancel(id)
            let effective = [TaskStatus.waiting, .queued].contains(result.previousStatus)
            if !effective {
                context.info("task \(id) was \(result.previousStatus.rawValue); only waiting or queued tasks can be cancelled")
            }
            if global.json {
                context.console.result(JSONText.object([
                    ("id", .string(id)), ("cancelled", .bool(result.cancelled)),
                    ("previousStatus", .string(result.previousStatus.rawValue)),
                ]))
            } else {
                context.console.result(id)
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry", abstract: "Re-queue a failed or cancelled task; wait and download.")
        @Argument(help: "The task id.") var id: String
        @OptionGroup var waitOptions: BitbybitCLI.WaitOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let client = try BitbybitCLI.client(context)
            let accepted = try await BitbybitCLI.submit { try await client.tasks.retry(id) }
            try await BitbybitCLI.finish(accepted, client: client, formats: [], options: waitOptions, context: context)
        }
    }
}
