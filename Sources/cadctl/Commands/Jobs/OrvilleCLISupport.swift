import CADCore
import Orville

/// What the Orville commands share: building the client, checking inputs, waiting with a progress line,
/// downloading a revision, and printing models.
enum OrvilleCLI {
    /// How long `--wait` and `jobs wait` wait without `--timeout`.
    static let defaultTimeout = Duration.seconds(1800)

    /// The client for this run (key and base URL: flag > environment > config > default).
    static func client(_ context: CommandContext) throws -> OrvilleClient {
        let setup = try context.clientSetup(for: .orville)
        return try OrvilleClient(apiKey: setup.apiKey, baseURL: setup.baseURL, configuration: setup.configuration)
    }

    /// The images at `paths`, checked (count, size, type by content) before anything is sent.
    static func images(_ paths: [String]) throws -> [OrvilleImage] {
        try OrvilleInputRules.checkImageCount(paths.count)
        return try paths.map { try OrvilleImage(path: $0) }
    }

    /// The caller's idempotency key, checked, or `nil` for a fresh one per call.
    static func idempotencyKey(_ text: String?) throws -> IdempotencyKey? {
        try text.map { try IdempotencyKey(validating: $0) }
    }

    /// `--timeout` as a duration, else the default.
    static func timeout(_ argument: DurationArgument?) -> Duration {
        argument?.duration ?? defaultTimeout
    }

    /// Waits for the job, drawing status and elapsed time on a terminal.
    static func wait(
        _ client: OrvilleClient, jobID: String, firstPollAfter: Int?, timeout: Duration, context: CommandContext
    ) async throws -> OrvilleJob {
        try await WaitProgressLine(global: context.global, provider: "orville", jobID: jobID).run { observer in
            try await client.jobs.wait(
                jobID, firstPollAfter: firstPollAfter.map { .seconds($0) }, timeout: timeout, observer: observer)
        }
    }

    /// Downloads every artifact of the latest revision into `directory` and returns the written paths.
    static func download(
        _ client: OrvilleClient, job: OrvilleJob, into directory: String, force: Bool, context: CommandContext
    ) async throws -> [String] {
        let artifacts = job.artifacts.isEmpty ? try await client.artifacts.list(jobID: job.jobID).artifacts : job.artifacts
        guard !artifacts.isEmpty else {
            throw CADError.other("orville job \(job.jobID) has no artifacts to download")
        }
        return try await TransferProgressBar(global: context.global).downloading { progress in
            try await client.artifacts.download(artifacts, into: directory, overwrite: force, progress: progress)
        }.map(\.path)
    }

    /// A create or follow-up: checks the images and key before anything is sent, sends through
    /// `send` (through the ledger: an earlier run's unfinished job for the same request is resumed) with one
    /// upload bar for the images, then finishes as `finish` does.
    static func submit(
        path: String, prompt: String, imagePaths: [String], idempotencyKey: String?, wait: Bool, timeout: DurationArgument?,
        download: String?, force: Bool, context: CommandContext,
        send: (OrvilleClient, [OrvilleImage], IdempotencyKey?, TransferProgressObserver?) async throws -> OrvilleJobAccepted
    ) async throws {
        let images = try self.images(imagePaths)
        let key = try self.idempotencyKey(idempotencyKey)
        let setup = try context.clientSetup(for: .orville)
        let client = try self.client(context)
        let request = SubmissionRequest(
            provider: "orville", baseURL: setup.baseURL.absoluteString, apiKey: setup.apiKey, path: path,
            body: ["prompt": .string(prompt)], uploadedFiles: imagePaths, takesIdempotencyKey: true,
            idempotencyKey: key, summary: prompt)
        let submitted = try await LedgerGate.submit(request, context: context) { key in
            try await TransferProgressBar(global: context.global).uploading(imagePaths) { progress in
                try await send(client, images, key, progress)
            }
        } id: { ($0.jobID, $0.status.rawValue) }
        try await finish(
            client, id: submitted.id, status: submitted.status ?? "queued", messageID: submitted.answer?.messageID,
            pollAfterSeconds: submitted.answer?.pollAfterSeconds, tracker: submitted.tracker, wait: wait,
            timeout: timeout, download: download, force: force, context: context)
    }

    /// After a create or follow-up: print the id, or wait (and download) and print the outcome.
    static func finish(
        _ client: OrvilleClient, id: String, status: String, messageID: String?, pollAfterSeconds: Int?,
        tracker: SubmissionTracker, wait: Bool, timeout: DurationArgument?, download: String?, force: Bool,
        context: CommandContext
    ) async throws {
        let json = context.global.json
        guard wait || download != nil else {
            var pairs: [(String, JSONText.Value)] = [
                ("provider", .string("orville")), ("id", .string(id)), ("status", .string(status)),
            ]
            if let messageID { pairs.append(("message_id", .string(messageID))) }
            context.console.result(json ? JSONText.object(pairs) : id)
            return
        }
        context.info("orville job \(id) \(status)")
        let timeout = self.timeout(timeout)
        let job = try await tracker.waiting(finishes: download == nil) {
            try await self.wait(client, jobID: id, firstPollAfter: pollAfterSeconds, timeout: timeout, context: context)
        } status: { $0.status.rawValue }
        try await report(client, job: job, download: download, force: force, tracker: tracker, context: context)
    }

    /// Prints a finished job: with `download`, the written paths (JSON: with `files`); else its id.
    static func report(
        _ client: OrvilleClient, job: OrvilleJob, download: String?, force: Bool,
        tracker: SubmissionTracker = .none, context: CommandContext
    ) async throws {
        var pairs: [(String, JSONText.Value)] = [
            ("provider", .string("orville")), ("id", .string(job.jobID)), ("status", .string(job.status.rawValue)),
        ]
        guard let download else {
            context.info("orville job \(job.jobID) \(job.status.rawValue)")
            context.console.result(context.global.json ? JSONText.object(pairs) : job.jobID)
            return
        }
        var paths = try await self.download(client, job: job, into: download, force: force, context: context)
        await tracker.files(paths)
        await tracker.finished(job.status.rawValue)
        paths += PartPreview.ifRequested(paths, context.global)
        context.info("orville job \(job.jobID) \(job.status.rawValue)")
        if context.global.json {
            pairs.append(("files", .array(paths.map(JSONText.Value.string))))
            context.console.result(JSONText.object(pairs))
        } else {
            for path in paths { context.console.result(path) }
        }
    }

    /// `{"provider":"orville", …the model's fields…}` as one line of JSON.
    static func json(_ model: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(model)
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("{") else { return text }
        let rest = text.dropFirst()
        return "{\"provider\":\"orville\"" + (rest == "}" ? "}" : "," + rest)
    }

    /// Cents as dollars (`$25.00`), for plain output.
    static func money(_ cents: Int, currency: String) -> String {
        let sign = cents < 0 ? "-" : ""
        let value = abs(cents)
        let amount = "\(value / 100)." + (value % 100 < 10 ? "0" : "") + "\(value % 100)"
        return currency.lowercased() == "usd" ? "\(sign)$\(amount)" : "\(sign)\(amount) \(currency.uppercased())"
    }

    /// Rejects the Makistry-only flags of `jobs create` for Orville.
    static func rejectMakistryOptions(_ command: JobsCommand.Create) throws {
        if let format = command.format, format != .step {
            throw CLIError.usage("--format \(format.fileExtension): Orville only produces STEP files; drop --format or use --provider makistry")
        }
        if command.mode != nil { throw makistryOnly("--mode") }
        if command.metadata != nil { throw makistryOnly("--metadata") }
        if command.callbackUrl != nil { throw makistryOnly("--callback-url") }
    }

    private static func makistryOnly(_ flag: String) -> CLIError {
        CLIError.usage("\(flag) is a Makistry option; Orville does not take it (drop it or use --provider makistry)")
    }
}
