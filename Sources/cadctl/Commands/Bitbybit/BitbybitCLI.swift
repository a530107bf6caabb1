import ArgumentParser
import Bitbybit
import CADCore
import CADTransport
import Foundation
import Synchronization

/// What the Bitbybit commands share: the client, output formats, submitting, waiting, downloading, printing.
enum BitbybitCLI {
    /// The client for this run (key, base URL, transport, `--verbose` observer).
    static func client(_ context: CommandContext) throws -> BitbybitClient {
        let setup = try context.clientSetup(for: .bitbybit)
        return try BitbybitClient(apiKey: setup.apiKey, baseURL: setup.baseURL, configuration: setup.configuration)
    }

    /// Request format names for models, execute, unfolding and conversion.
    static let standardFormats = ["gltf", "step", "stpz", "decomposed-mesh"]
    /// Request format names for pipelines.
    static let pipelineFormats = ["gltf", "step", "stpz", "decomposed-mesh", "json", "csv", "stl", "3mf"]

    /// Checks `formats` against `allowed` (case-insensitive), returning them lower-cased without repeats.
    static func checkFormats(_ formats: [String], allowed: [String]) throws -> [String] {
        var result: [String] = []
        for format in formats.map({ $0.lowercased() }) {
            guard allowed.contains(format) else {
                throw CLIError.usage("unknown --format '\(format)'; use one of: \(allowed.joined(separator: ", "))")
            }
            if !result.contains(format) { result.append(format) }
        }
        try checkSTEPVariant(result)
        return result
    }

    /// The request names of typed `--format` values, in order, without repeats.
    static func formatNames<Format: OpenStringEnum>(_ formats: [Format]) -> [String] {
        var names: [String] = []
        for name in formats.map(\.rawValue) where !names.contains(name) { names.append(name) }
        return names
    }

    /// Refuses `step` together with `stpz` (a command's `validate()`, and manifest parts).
    static func checkSTEPVariant(_ names: [String]) throws {
        if names.contains("step") && names.contains("stpz") {
            throw CLIError.usage("--format step and --format stpz together: Bitbybit makes one STEP variant per "
                + "request; keep one")
        }
    }

    /// Runs a paid submission through the ledger (`path` and `body` are what is sent, `uploads` local files
    /// whose content it depends on): an earlier run's unfinished task for the same request is resumed; one
    /// whose fate is unknown is not sent again (Bitbybit takes no idempotency key).
    static func submit(
        path: String, body: JSONValue, uploads: [String] = [], summary: String, scope: String? = nil,
        context: CommandContext, _ send: () async throws -> TaskAccepted
    ) async throws -> Submitted<TaskAccepted> {
        try await submit(path: path, body: body, uploads: uploads, summary: summary, scope: scope, context: context,
                         send: send) { ($0.taskID, $0.status.rawValue) }
    }

    /// `submit` for a compound or batch submission (one parent task over many sub-tasks).
    static func submitCompound(
        path: String, body: JSONValue, summary: String, context: CommandContext,
        _ send: () async throws -> CompoundTaskAccepted
    ) async throws -> Submitted<CompoundTaskAccepted> {
        try await submit(path: path, body: body, summary: summary, context: context,
                         send: send) { ($0.taskID, TaskStatus.queued.rawValue) }
    }

    private static func submit<Answer: Sendable>(
        path: String, body: JSONValue, uploads: [String] = [], summary: String, scope: String? = nil,
        context: CommandContext, send: () async throws -> Answer, id: (Answer) -> (id: String, status: String?)
    ) async throws -> Submitted<Answer> {
        let setup = try context.clientSetup(for: .bitbybit)
        var request = SubmissionRequest(
            provider: "bitbybit", baseURL: setup.baseURL.absoluteString, apiKey: setup.apiKey, path: path, body: body,
            uploadedFiles: uploads, takesIdempotencyKey: false, summary: summary)
        request.scope = scope
        return try await LedgerGate.submit(request, context: context) { _ in
            try await submit(send)
        } id: { id($0) }
    }

    /// Runs a submission. A submission that may have reached the server before the connection broke is not
    /// sent again (Bitbybit has no idempotency key); the error then tells the user how to check.
    static func submit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch var error as TransportError where error.requestMayHaveBeenSent {
            // The SDK states the fact ("…, so it was not sent again") and where an SDK user checks; the CLI
            // replaces that advice with its own, so it is given once.
            let advice = "check `cadctl tasks list` before resubmitting: the task may have been created, and "
                + "Bitbybit cannot tell a resent request from a new one"
            let fact = "so it was not sent again"
            if let range = error.message.range(of: fact) {
                error.message = String(error.message[..<range.upperBound]) + ": " + advice
            } else {
                error.message += "; the request may have reached Bitbybit, so it was not sent again: " + advice
            }
            throw error
        }
    }

    /// Options shared by every command that submits work.
    struct WaitOptions: ParsableArguments, Sendable {
        @Option(help: ArgumentHelp("Write results into DIR (created when missing; default: the current directory).",
                                   valueName: "DIR"))
        var out: String?
        @Flag(help: "Only submit: print the task id and do not wait or download.") var noWait = false
        @Option(help: ArgumentHelp("Give up waiting after this many seconds, a positive number (exit 5; default 600).",
                                   valueName: "SECONDS"))
        var timeout: DurationArgument?
        @Flag(help: "Overwrite existing files in the output directory.") var force = false

        init() {}

        /// The wait limit, `nil` for the client's default.
        func timeoutDuration() -> Duration? { timeout?.duration }
    }

    /// After a submission: with `--no-wait` prints the task id; otherwise waits, downloads `formats` (result
    /// keys or request names; empty = every result but metadata) into `--out`, and prints the written paths.
    static func finish(
        _ accepted: TaskAccepted, client: BitbybitClient, formats: [String], options: WaitOptions,
        context: CommandContext
    ) async throws {
        try await finish(
            id: accepted.taskID, status: accepted.status.rawValue, tracker: .none, client: client, formats: formats,
            options: options, context: context)
    }

    /// `finish` for a submission made through the ledger: its status and files are recorded.
    static func finish(
        _ submitted: Submitted<TaskAccepted>, client: BitbybitClient, formats: [String], options: WaitOptions,
        context: CommandContext
    ) async throws {
        try await finish(
            id: submitted.id, status: submitted.status ?? "queued", tracker: submitted.tracker, client: client,
            formats: formats, options: options, context: context)
    }

    private static func finish(
        id: String, status: String, tracker: SubmissionTracker, client: BitbybitClient, formats: [String],
        options: WaitOptions, context: CommandContext
    ) async throws {
        if options.noWait {
            printTask(id: id, status: status, files: nil, context: context)
            return
        }
        context.info("bitbybit task \(id) submitted; waiting")
        let timeout = options.timeoutDuration()
        let task = try await tracker.waiting(finishes: false) {
            try await wait(id, client: client, timeout: timeout, context: context)
        } status: { $0.status.rawValue }
        let directory = try outputDirectory(options.out)
        let files = try await TransferProgressBar(global: context.global).downloading { progress in
            try await client.tasks.download(task.taskID, formats: formats, into: directory, overwrite: options.force,
                                            progress: progress)
        }
        await tracker.files(files.map(\.path))
        await tracker.finished(task.status.rawValue)
        printTask(id: task.taskID, status: task.status.rawValue, files: files.map(\.path), context: context)
    }

    /// After a compound or batch submission: with `--no-wait` prints the parent task's id; otherwise waits for
    /// the parent, downloads every sub-task's `formats` (empty = every result but metadata) into `--out` as
    /// `item-INDEX.EXT`, and prints the written paths.
    static func finishCompound(
        _ submitted: Submitted<CompoundTaskAccepted>, client: BitbybitClient, formats: [String], options: WaitOptions,
        context: CommandContext
    ) async throws {
        let status = submitted.status ?? TaskStatus.queued.rawValue
        if options.noWait {
            printTask(id: submitted.id, status: status, files: nil, context: context)
            return
        }
        if let accepted = submitted.answer {
            context.info("bitbybit task \(accepted.taskID) submitted (\(accepted.subTaskCount) sub-tasks); waiting")
        } else {
            context.info("bitbybit task \(submitted.id) waiting")
        }
        let timeout = options.timeoutDuration()
        let tracker = submitted.tracker
        let task = try await tracker.waiting(finishes: false) {
            try await wait(submitted.id, client: client, timeout: timeout, context: context)
        } status: { $0.status.rawValue }
        let directory = try outputDirectory(options.out)
        let files = try await TransferProgressBar(global: context.global).downloading { progress in
            try await client.tasks.downloadManifest(task.taskID, formats: formats, into: directory,
                                                    overwrite: options.force, progress: progress)
        }
        await tracker.files(files.map(\.path))
        await tracker.finished(task.status.rawValue)
        printTask(id: task.taskID, status: task.status.rawValue, files: files.map(\.path), context: context)
    }

    /// Uploads a local file with a progress bar on a terminal.
    static func upload(
        _ path: String, filename: String? = nil, contentType: String? = nil, client: BitbybitClient,
        context: CommandContext
    ) async throws -> BitbybitUploadedFile {
        let name = filename ?? (path.split(separator: "/").last.map(String.init) ?? path)
        return try await TransferProgressBar(global: context.global).transfer(name, .upload) { progress in
            try await client.files.upload(path: path, filename: filename, contentType: contentType, progress: progress)
        }
    }

    /// Waits for a task with the progress line on a terminal.
    static func wait(_ id: String, client: BitbybitClient, timeout: Duration?, context: CommandContext)
        async throws -> TaskDetail
    {
        // The task's percentage rides along in the status the line shows ("processing 45%").
        let percent = LatestPercent()
        return try await WaitProgressLine(global: context.global, provider: "bitbybit", jobID: id).run { draw in
            var observer: PollObserver?
            if let draw {
                observer = { event in
                    var event = event
                    if event.status == TaskStatus.processing.rawValue, let value = percent.value {
                        event.status = "processing \(value)%"
                    }
                    draw(event)
                }
            }
            return try await client.tasks.wait(id, timeout: timeout, observer: observer) { task in
                percent.value = task.progress.map { Int($0) }
            }
        }
    }

    /// `--out` (or the current directory), created when missing.
    static func outputDirectory(_ out: String?) throws -> String {
        let directory = out ?? "."
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError.usage("--out \(directory) is a file; give a directory for the results")
            }
            return directory
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError.usage("cannot create the output directory \(directory): \(error.localizedDescription)")
        }
        return directory
    }

    /// Prints a task: the written paths (or the id when nothing was downloaded) on stdout, or
    /// `{"provider","id","status","files"}` with `--json`.
    static func printTask(id: String, status: String, files: [String]?, context: CommandContext) {
        let files = files.map { $0 + PartPreview.ifRequested($0, context.global) }
        if context.global.json {
            var pairs: [(String, JSONText.Value)] = [
                ("provider", .string("bitbybit")), ("id", .string(id)), ("status", .string(status)),
            ]
            if let files { pairs.append(("files", .array(files.map(JSONText.Value.string)))) }
            context.console.result(JSONText.object(pairs))
        } else if let files {
            context.info("bitbybit task \(id) \(status)")
            for file in files { context.console.result(file) }
        } else {
            context.console.result(id)
        }
    }

    /// Prints any `Encodable` value as one JSON document on stdout, keys sorted (stable output for scripts).
    static func printJSON(_ value: some Encodable) throws {
        Console.result(try JSONText.encoding(value))
    }

    /// Reads a JSON document from `path`.
    static func readJSON(_ path: String, what: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("cannot read \(what) \(path); give a readable JSON file")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw CLIError.usage("\(what) \(path) is not valid JSON: \(error.description)")
        }
    }

    /// Parses JSON text given on the command line.
    static func parseJSON(_ text: String, flag: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw CLIError.usage("\(flag) is not valid JSON: \(error.description)")
        }
    }
}

/// The last progress percentage a poll saw, shared between the update callback and the progress line.
final class LatestPercent: Sendable {
    private let storage = Mutex<Int?>(nil)
    var value: Int? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
