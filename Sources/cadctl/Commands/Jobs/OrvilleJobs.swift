import CADCore
import Orville

/// `cadctl jobs …` for Orville (Ballista Labs).
enum OrvilleJobs {
    /// `jobs create`: JSON, or multipart with `images`; optionally wait and download.
    static func create(_ command: JobsCommand.Create, context: CommandContext) async throws {
        try OrvilleCLI.rejectMakistryOptions(command)
        try OrvilleInputRules.checkPrompt(command.prompt)
        let prompt = command.prompt ?? ""
        try await OrvilleCLI.submit(
            path: "/api/v1/cad/jobs", prompt: prompt,
            imagePaths: command.image, idempotencyKey: command.idempotencyKey, wait: command.wait,
            timeout: command.timeout, download: command.download, force: command.force, context: context
        ) { client, images, key, progress in
            try await client.jobs.create(prompt: prompt, images: images, idempotencyKey: key, progress: progress)
        }
    }

    /// `jobs get`: the job, with its assembly tree as a tree in plain output.
    static func get(_ command: JobsCommand.Get, context: CommandContext) async throws {
        let job = try await OrvilleCLI.client(context).jobs.get(command.jobID)
        if context.global.json {
            context.console.result(try OrvilleCLI.json(job))
        } else {
            for line in OrvilleText.job(job) { context.console.result(line) }
        }
    }

    /// `jobs wait`: poll until the job ends; optionally download (`PromptToCADFlow`).
    static func wait(_ command: JobsCommand.Wait, context: CommandContext) async throws {
        let timeout = OrvilleCLI.timeout(command.timeout)
        let flow = PromptToCADFlow(
            provider: .orville, client: OrvilleFlowClient(try OrvilleCLI.client(context)), context: context)
        let tracker = await LedgerGate.tracker(provider: .orville, jobID: command.jobID, context: context)
        try await flow.finish(
            jobID: command.jobID, timeout: timeout, download: command.download, force: command.force, tracker: tracker)
    }

    /// `jobs list`: one page (`{"jobs","next_cursor"}`), or every page with `--all` (`{"jobs"}`).
    static func list(_ command: JobsCommand.List, context: CommandContext) async throws {
        if let limit = command.limit, !(1...100).contains(limit) {
            throw CLIError.usage("--limit \(limit) is out of range: Orville lists 1 to 100 jobs per page")
        }
        let jobs = try OrvilleCLI.client(context).jobs
        var summaries: [OrvilleJobSummary] = []
        var nextCursor: String?
        if command.all {
            for try await job in jobs.list(limit: command.limit, query: command.query) { summaries.append(job) }
        } else {
            let page = try await jobs.page(limit: command.limit, query: command.query)
            summaries = page.jobs
            nextCursor = page.nextCursor
        }
        if context.global.json {
            let items = try summaries.map { try OrvilleText.encode($0) }.joined(separator: ",")
            var text = "{\"jobs\":[\(items)]"
            if !command.all { text += ",\"next_cursor\":" + (nextCursor.map(JSONText.quote) ?? "null") }
            context.console.result(text + "}")
        } else {
            for job in summaries { context.console.result(OrvilleText.summary(job)) }
            if let nextCursor { context.info("more jobs: pass --all to list every page (next cursor \(nextCursor))") }
        }
    }

    /// `jobs iterate`: a follow-up message; optionally wait and download the new revision.
    static func iterate(_ command: JobsCommand.Iterate, context: CommandContext) async throws {
        try OrvilleInputRules.checkPrompt(command.prompt)
        try await OrvilleCLI.submit(
            path: "/api/v1/cad/jobs/\(command.jobID)/messages", prompt: command.prompt,
            imagePaths: command.image, idempotencyKey: command.idempotencyKey, wait: command.wait,
            timeout: command.timeout, download: command.download, force: command.force, context: context
        ) { client, images, key, progress in
            try await client.jobs.sendMessage(
                command.jobID, prompt: command.prompt, images: images, idempotencyKey: key, progress: progress)
        }
    }

    /// `jobs messages`: the conversation.
    static func messages(_ command: JobsCommand.Messages, context: CommandContext) async throws {
        let history = try await OrvilleCLI.client(context).jobs.messages(command.jobID)
        if context.global.json {
            context.console.result(try OrvilleCLI.json(history))
        } else {
            for line in OrvilleText.history(history) { context.console.result(line) }
        }
    }

    /// `jobs review`: ask the review assistant; prints its answer.
    static func review(_ command: JobsCommand.Review, context: CommandContext) async throws {
        try OrvilleInputRules.checkPrompt(command.prompt)
        let viewerState = try command.viewerState.map {
            try JSONValue.parse($0, what: "--viewer-state")
        }
        if let viewerState, !viewerState.isObject {
            throw CLIError.usage("--viewer-state must be a JSON object, e.g. '{\"camera\":{\"position\":[120,80,90]}}'")
        }
        let key = try OrvilleCLI.idempotencyKey(command.idempotencyKey)
        let setup = try context.clientSetup(for: .orville)
        let client = try OrvilleCLI.client(context)
        var body: JSONObject = ["prompt": .string(command.prompt)]
        if let revisionID = command.revisionID { body["revision_id"] = .string(revisionID) }
        if let viewerState { body["viewer_state"] = viewerState }
        let request = SubmissionRequest(
            provider: "orville", baseURL: setup.baseURL.absoluteString, apiKey: setup.apiKey,
            path: "/api/v1/cad/jobs/\(command.jobID)/review", body: .object(body), takesIdempotencyKey: true,
            idempotencyKey: key, summary: command.prompt)
        // A review is answered at once: recorded as finished, so it is never resumed (only re-sent with its key
        // when an earlier run ended before the answer).
        let submitted = try await LedgerGate.submit(request, context: context) { key in
            try await client.jobs.review(
                command.jobID, prompt: command.prompt, revisionID: command.revisionID, viewerState: viewerState,
                idempotencyKey: key)
        } id: { _ in (command.jobID, "answered") }
        await submitted.tracker.status("answered", terminal: true)
        guard let result = submitted.answer else {
            throw CLIError(status: .failure, message: "the ledger resumed a review, which has no job to continue")
        }
        if context.global.json {
            context.console.result(try OrvilleCLI.json(result))
        } else {
            context.console.result(result.review.message ?? "")
            if let revision = result.revisionID { context.info("reviewed revision \(revision) of \(result.jobID)") }
        }
    }
}
