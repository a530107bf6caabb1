import CADCore
import Orville

/// Plain-text renderings of Orville models for people.
enum OrvilleText {
    /// A job: facts, explanation, the assembly tree as a tree, artifacts.
    static func job(_ job: OrvilleJob) -> [String] {
        var lines = ["id: \(job.jobID)", "status: \(job.status.rawValue)"]
        if let created = job.createdAt { lines.append("created: \(created)") }
        if let updated = job.updatedAt { lines.append("updated: \(updated)") }
        if let poll = job.pollAfterSeconds { lines.append("poll after: \(poll)s") }
        if let cost = job.cost, let cents = cost.chargedCents {
            lines.append("cost: \(OrvilleCLI.money(cents, currency: cost.currency))")
        }
        if let error = job.error {
            lines.append("error: \(error.message ?? "") (\(error.code ?? "no code"))")
        }
        if let revision = job.latestRevisionID { lines.append("revision: \(revision)") }
        if let explanation = job.explanation, !explanation.isEmpty { lines.append("explanation: \(explanation)") }
        lines += tree(job.assemblyTree)
        lines += artifacts(job.artifacts)
        return lines
    }

    /// `assembly:` followed by the tree, indented.
    static func tree(_ node: OrvilleAssemblyNode?) -> [String] {
        guard let node else { return [] }
        return ["assembly:"] + node.treeLines().map { "  " + $0 }
    }

    /// `artifacts:` followed by one `id  filename` line each.
    static func artifacts(_ artifacts: [OrvilleArtifact]) -> [String] {
        guard !artifacts.isEmpty else { return [] }
        return ["artifacts:"] + artifacts.map { "  \($0.id)  \($0.filename ?? "-")" }
    }

    /// One line of the job list: id, status, updated, title.
    static func summary(_ job: OrvilleJobSummary) -> String {
        [job.jobID, job.status.rawValue, job.updatedAt ?? "-", job.title ?? job.promptPreview ?? ""].joined(separator: "\t")
    }

    /// The conversation, message by message.
    static func history(_ history: OrvilleMessageHistory) -> [String] {
        var lines: [String] = []
        for message in history.messages {
            var head = "[\(message.role)]"
            if let created = message.createdAt { head += " \(created)" }
            if let revision = message.revision { head += " revision \(revision)" }
            if message.review != nil { head += " (review)" }
            lines.append(head)
            if let content = message.content { lines += content.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
            for image in message.images {
                lines.append("  image: \(image.filename ?? image.id ?? "?") (\(image.contentType ?? "?"), \(image.sizeBytes ?? 0) bytes)")
            }
            for artifact in message.artifacts { lines.append("  artifact: \(artifact.id) \(artifact.filename ?? "")") }
        }
        return lines
    }

    /// A model as compact JSON with sorted keys (no provider field).
    static func encode(_ model: some Encodable) throws -> String { try JSONText.encoding(model) }
}
