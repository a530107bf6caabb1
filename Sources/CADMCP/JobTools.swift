import Bitbybit
import CADCLICore
import CADCore
import Makistry
import Orville

/// `job_status` and `download`, and the wait-then-download end of the job-making tools.
enum JobTools {
    static let all: [Provider] = [.orville, .makistry, .bitbybit]

    /// `job_status`: the job or task as the SDK returns it, with its status.
    static func status(_ context: ToolContext) async throws -> JSONValue {
        let id = try context.arguments.requiredString("id")
        let explicit = try context.arguments.choice("provider", allowed: all.map(\.rawValue)).flatMap(Provider.init(rawValue:))
        let provider = try context.clients.choose(explicit, jobID: id, among: all)
        let status: String
        let details: JSONValue
        switch provider {
        case .orville:
            let job = try await context.clients.orville().jobs.get(id)
            (status, details) = (job.status.rawValue, try JSONValue(encoding: job))
        case .makistry:
            let job = try await context.clients.makistry().jobs.get(id)
            (status, details) = (job.status.rawValue, try JSONValue(encoding: job))
        case .bitbybit:
            let task = try await context.clients.bitbybit().tasks.get(id)
            (status, details) = (task.status.rawValue, try JSONValue(encoding: task))
        }
        return .object([
            "provider": .string(provider.rawValue), "id": .string(id), "status": .string(status), "details": details,
        ])
    }

    /// `download`: the files of a finished job or task into `dir` (existing files are kept: an error).
    static func download(_ context: ToolContext) async throws -> JobAnswer {
        let id = try context.arguments.requiredString("id")
        let explicit = try context.arguments.choice("provider", allowed: all.map(\.rawValue)).flatMap(Provider.init(rawValue:))
        let provider = try context.clients.choose(explicit, jobID: id, among: all)
        let directory = try context.root.outputDirectory(try context.arguments.string("dir"), argument: "dir")
        switch provider {
        case .orville, .makistry:
            let client = try context.clients.promptToCAD(provider)
            let job = try await client.status(id)
            return try await downloadPromptToCAD(client, provider: provider, job: job, into: directory, context: context)
        case .bitbybit:
            let client = try context.clients.bitbybit()
            let task = try await client.tasks.get(id)
            let files = try await client.tasks.download(id, into: directory).map(\.path)
            return JobAnswer(provider: .bitbybit, id: id, status: task.status.rawValue,
                             files: try checked(files, context: context))
        }
    }

    /// Waits for an Orville or Makistry job with progress, then downloads its files into `directory`; the
    /// ledger records the final status and the files.
    static func finishPromptToCAD(
        _ client: any PromptToCADClient, provider: Provider, jobID: String, timeout: Duration?, into directory: String,
        tracker: SubmissionTracker, context: ToolContext
    ) async throws -> JobAnswer {
        try await resumable(provider, jobID) {
            let job = try await tracker.waiting(finishes: false) {
                try await client.wait(jobID, timeout: timeout, observer: context.progress.observer(provider: provider.rawValue))
            } status: { $0.status }
            let answer = try await downloadPromptToCAD(client, provider: provider, job: job, into: directory, context: context)
            await ProviderClients.finished(tracker, files: answer.files ?? [], status: answer.status)
            return answer
        }
    }

    /// Waits for a Bitbybit task with progress (its percentage included), then downloads `formats`.
    static func finishBitbybit(
        _ client: BitbybitClient, taskID: String, formats: [String], into directory: String,
        tracker: SubmissionTracker, context: ToolContext
    ) async throws -> JobAnswer {
        try await resumable(.bitbybit, taskID) {
            let percent = LatestPercent()
            let task = try await tracker.waiting(finishes: false) {
                try await client.tasks.wait(
                    taskID, observer: context.progress.observer(provider: "bitbybit", percent: { percent.value })
                ) { task in
                    percent.value = task.progress
                }
            } status: { $0.status.rawValue }
            context.progress.note("bitbybit task \(taskID) \(task.status.rawValue); downloading")
            let files = try checked(
                try await client.tasks.download(taskID, formats: formats, into: directory).map(\.path), context: context)
            await ProviderClients.finished(tracker, files: files, status: task.status.rawValue)
            return JobAnswer(provider: .bitbybit, id: taskID, status: task.status.rawValue, files: files)
        }
    }

    private static func downloadPromptToCAD(
        _ client: any PromptToCADClient, provider: Provider, job: PromptToCADJob, into directory: String,
        context: ToolContext
    ) async throws -> JobAnswer {
        context.progress.note("\(provider.rawValue) job \(job.jobID) \(job.status); downloading")
        let files = try await client.download(job.jobID, into: directory, overwrite: false, progress: nil).map(\.path)
        return JobAnswer(provider: provider, id: job.jobID, status: job.status, files: try checked(files, context: context))
    }

    /// The written paths made canonical, each checked to lie under the root.
    static func checked(_ paths: [String], context: ToolContext) throws -> [String] {
        try paths.map { try context.root.resolve($0, argument: "a written file") }
    }
}
