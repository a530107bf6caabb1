import CADCore
import Orville

/// What the Orville commands share: building the client, checking inputs, submitting through the ledger,
/// handing over to `PromptToCADFlow` to wait and download, and printing models.
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

    /// After a create or follow-up: print the id (JSON: with `message_id`), or wait (the first poll after the
    /// submission's `poll_after_seconds`), download, and print the outcome, through `PromptToCADFlow`.
    static func finish(
        _ client: OrvilleClient, id: String, status: String, messageID: String?, pollAfterSeconds: Int?,
        tracker: SubmissionTracker, wait: Bool, timeout: DurationArgument?, download: String?, force: Bool,
        context: CommandContext
    ) async throws {
        let submitted = OrvilleFlowClient(client, firstPollAfter: pollAfterSeconds.map { .seconds($0) })
        let flow = PromptToCADFlow(provider: .orville, client: submitted, context: context)
        guard wait || download != nil else {
            flow.printAccepted(jobID: id, status: status, extra: messageID.map { [("message_id", .string($0))] } ?? [])
            return
        }
        context.info("orville job \(id) \(status)")
        try await flow.finish(
            jobID: id, timeout: self.timeout(timeout), download: download, force: force, tracker: tracker)
    }

    /// `{"provider":"orville", …the model's fields…}` as one line of JSON.
    static func json(_ model: some Encodable) throws -> String {
        try JSONText.encoding(model, first: ("provider", .string("orville")))
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
            throw CLIError.usage("--format \(format.rawValue): Orville only produces STEP files; drop --format or use --provider makistry")
        }
        if command.mode != nil { throw makistryOnly("--mode") }
        if command.metadata != nil { throw makistryOnly("--metadata") }
        if command.callbackUrl != nil { throw makistryOnly("--callback-url") }
    }

    private static func makistryOnly(_ flag: String) -> CLIError {
        CLIError.usage("\(flag) is a Makistry option; Orville does not take it (drop it or use --provider makistry)")
    }
}
