import Foundation

/// Renders tasks as the documented `TaskDetail` and `SubTaskSummary` objects.
enum BitbybitTaskJSON {
    /// `TaskDetail`. For a compound task `children` are its sub-tasks, summarised both in `metadata.subTasks`
    /// (where the OpenAPI document's `TaskDetail` leaves room for them) and in a top-level `subTasks`
    /// (where Bitbybit's own TypeScript client reads a `CompoundTaskDetail`'s), so either kind of client
    /// finds them.
    static func detail(_ task: BitbybitTask, children: [BitbybitTask], board: BitbybitTaskBoard) -> JSONValue {
        var metadata = task.requestMetadata
        for key in task.resultMetadata.keys { metadata[key] = task.resultMetadata[key] }
        var subTasks: JSONValue?
        if case .compound = task.work {
            let summaries = JSONValue.array(children.map { summary($0, board: board) })
            metadata["subTaskCount"] = .int(children.count)
            metadata["subTasks"] = summaries
            subTasks = summaries
        }
        if let parentID = task.parentID {
            metadata["parentTaskId"] = .string(parentID)
            metadata["index"] = .int(task.index ?? 0)
        }
        var detail: JSONObject = [
            "taskId": .string(task.id),
            "kind": .string(task.kind.rawValue),
            "label": .string(task.label),
            "status": .string(task.status.rawValue),
            "progress": board.progress(of: task, children: children).map(JSONValue.number) ?? .null,
            "error": task.status == .failed ? .string(task.error ?? "Task failed") : .null,
            "resultParts": resultParts(task),
            "metadata": .object(metadata),
            "createdAt": .string(Timestamp.iso8601(task.createdAt)),
            "startedAt": task.startedAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "finishedAt": task.finishedAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "expiresAt": .string(Timestamp.iso8601(task.expiresAt)),
        ]
        if let subTasks { detail["subTasks"] = subTasks }
        return .object(detail)
    }

    /// `resultParts`: `{key: {mime, bytes}}` once completed, `null` before (and after expiry).
    static func resultParts(_ task: BitbybitTask) -> JSONValue {
        guard task.status == .completed else { return .null }
        var parts = JSONObject()
        for part in task.parts { parts[part.key] = .object(["mime": .string(part.mime), "bytes": .int(part.bytes)]) }
        return .object(parts)
    }

    /// `SubTaskSummary` of a compound sub-task.
    static func summary(_ task: BitbybitTask, board: BitbybitTaskBoard) -> JSONValue {
        .object([
            "taskId": .string(task.id),
            "index": .int(task.index ?? 0),
            "status": .string(task.status.rawValue),
            "progress": board.progress(of: task).map(JSONValue.number) ?? .null,
            "computeMs": task.computeMs.map(JSONValue.number) ?? .null,
            "error": task.status == .failed ? .string(task.error ?? "Task failed") : .null,
            "downloadFormats": .array(task.status == .completed ? task.parts.map { .string($0.key) } : []),
        ])
    }
}
