import CADCLICore
import MCP

/// What every tool call gets: the root, the shared clients, the session's facts, its arguments and a
/// progress reporter for its `progressToken`.
struct ToolContext: Sendable {
    var root: RootDirectory
    var clients: ProviderClients
    var session: SessionFacts
    var arguments: ToolArguments
    var progress: ProgressReporter
}

/// A tool call that was cancelled (`notifications/cancelled`) while a job ran: the job goes on at the
/// provider, and the message says how to pick it up.
struct CancelledWhileWaiting: Error, CustomStringConvertible {
    var provider: Provider
    var id: String

    var description: String {
        "cancelled while waiting: \(provider.rawValue) \(provider == .bitbybit ? "task" : "job") \(id) goes on at "
            + "\(provider.rawValue); resume with job_status or download (id \(id), provider \(provider.rawValue))"
    }

    /// As a usage-free failure (exit 1 in the CLI's terms).
    var asCLIError: CLIError { CLIError(status: .failure, message: description) }
}

/// Runs `body` for the job `id`, turning a cancellation of the call into `CancelledWhileWaiting`.
func resumable<T: Sendable>(_ provider: Provider, _ id: String, _ body: () async throws -> T) async throws -> T {
    do {
        try Task.checkCancellation()
        return try await body()
    } catch {
        if Task.isCancelled || error is CancellationError { throw CancelledWhileWaiting(provider: provider, id: id).asCLIError }
        throw error
    }
}
