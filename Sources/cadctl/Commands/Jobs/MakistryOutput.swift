import Makistry

/// How a Makistry job is shown by `jobs get`.
enum MakistryOutput {
    /// `{"provider":"makistry","id",…,"status",…,"download_url",…,"error_code",…,"error_message",…,
    /// "metadata",…,"tokens_used",…,"latency_ms",…}`.
    static func json(_ job: MakistryJob) -> JSONText.Value {
        .object([
            ("provider", .string("makistry")),
            ("id", .string(job.jobID)),
            ("status", .string(job.status.rawValue)),
            ("download_url", job.downloadURL.map { .string($0.absoluteString) } ?? .null),
            ("error_code", job.errorCode.map(JSONText.Value.string) ?? .null),
            ("error_message", job.errorMessage.map(JSONText.Value.string) ?? .null),
            ("metadata", job.metadata.map(JSONText.sortedKeys) ?? .null),
            ("tokens_used", job.tokensUsed.map(JSONText.Value.integer) ?? .null),
            ("latency_ms", job.latencyMilliseconds.map(JSONText.Value.integer) ?? .null),
        ])
    }

    /// `key: value` lines, skipping absent fields.
    static func lines(_ job: MakistryJob) -> [String] {
        var lines = ["id: \(job.jobID)", "status: \(job.status.rawValue)"]
        if let url = job.downloadURL { lines.append("download_url: \(url.absoluteString)") }
        if let code = job.errorCode { lines.append("error_code: \(code)") }
        if let message = job.errorMessage { lines.append("error_message: \(message)") }
        if let metadata = job.metadata { lines.append("metadata: \(metadata.serialized(sortedKeys: true))") }
        if let tokens = job.tokensUsed { lines.append("tokens_used: \(tokens)") }
        if let latency = job.latencyMilliseconds { lines.append("latency_ms: \(latency)") }
        return lines
    }
}
