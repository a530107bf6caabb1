/// A task accepted for processing (`TaskCreatedResult`, the `data` of a 202).
public struct TaskAccepted: Codable, Sendable, Hashable {
    /// The task's id: poll it, then fetch its results.
    public var taskID: String
    /// `queued` on creation.
    public var status: TaskStatus
    /// Relative URL to poll, e.g. `/api/v1/tasks/{taskId}`.
    public var statusURL: String

    private enum CodingKeys: String, CodingKey {
        case taskID = "taskId", status, statusURL = "statusUrl"
    }
}

/// A compound (parallel) task accepted (`CompoundTaskCreatedResult`).
public struct CompoundTaskAccepted: Codable, Sendable, Hashable {
    /// The parent task's id.
    public var taskID: String
    /// `compound`.
    public var kind: TaskKind
    /// Number of sub-tasks, one per item.
    public var subTaskCount: Int
    /// Relative URL to poll the parent.
    public var statusURL: String
    /// The sub-tasks' initial states.
    public var subTasks: [SubTaskSummary]

    private enum CodingKeys: String, CodingKey {
        case taskID = "taskId", kind, subTaskCount, statusURL = "statusUrl", subTasks
    }
}

/// One sub-task of a compound task (`SubTaskSummary`).
public struct SubTaskSummary: Codable, Sendable, Hashable {
    /// The sub-task's id (pollable on its own).
    public var taskID: String
    /// Position within the compound.
    public var index: Int
    /// Lifecycle state.
    public var status: TaskStatus
    /// Percent complete, `nil` before it starts.
    public var progress: Double?
    /// Compute time in ms, `nil` until completed.
    public var computeMs: Double?
    /// Error message if it failed.
    public var error: String?
    /// Result keys available for download, e.g. `glb`, `stpz`.
    public var downloadFormats: [String]

    private enum CodingKeys: String, CodingKey {
        case taskID = "taskId", index, status, progress, computeMs, error, downloadFormats
    }
}

/// A task's full state (`TaskDetail`).
public struct TaskDetail: Codable, Sendable, Hashable {
    /// The task's id.
    public var taskID: String
    /// The type of work.
    public var kind: TaskKind
    /// Human-readable label, e.g. `Model: dragon-cup`.
    public var label: String
    /// Lifecycle state.
    public var status: TaskStatus
    /// Percent complete, `nil` where not tracked.
    public var progress: Double?
    /// Error message when `failed`.
    public var error: String?
    /// Result files by result key (`glb`, `step`, …); `nil` until completed.
    public var resultParts: [String: ResultPartMeta]?
    /// Kind-specific metadata.
    public var metadata: [String: JSONValue]?
    /// ISO 8601 creation time.
    public var createdAt: String
    /// ISO 8601 start time; `nil` while queued.
    public var startedAt: String?
    /// ISO 8601 end time; `nil` while running.
    public var finishedAt: String?
    /// ISO 8601 time the results will be deleted.
    public var expiresAt: String?
    /// A compound or batch parent's sub-tasks; `nil` for a task that has none.
    ///
    /// Read from the top-level `subTasks` field (where Bitbybit's own TypeScript client reads a
    /// `CompoundTaskDetail`'s) or, when that is absent, from `metadata.subTasks`.
    public var subTasks: [SubTaskSummary]?

    private enum CodingKeys: String, CodingKey {
        case taskID = "taskId", kind, label, status, progress, error, resultParts, metadata, createdAt, startedAt
        case finishedAt, expiresAt, subTasks
    }

    /// Decodes a `TaskDetail`, taking `subTasks` from the top level or else from `metadata.subTasks`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskID = try container.decode(String.self, forKey: .taskID)
        kind = try container.decode(TaskKind.self, forKey: .kind)
        label = try container.decode(String.self, forKey: .label)
        status = try container.decode(TaskStatus.self, forKey: .status)
        progress = try container.decodeIfPresent(Double.self, forKey: .progress)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        resultParts = try container.decodeIfPresent([String: ResultPartMeta].self, forKey: .resultParts)
        metadata = try container.decodeIfPresent([String: JSONValue].self, forKey: .metadata)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        startedAt = try container.decodeIfPresent(String.self, forKey: .startedAt)
        finishedAt = try container.decodeIfPresent(String.self, forKey: .finishedAt)
        expiresAt = try container.decodeIfPresent(String.self, forKey: .expiresAt)
        if let topLevel = try container.decodeIfPresent([SubTaskSummary].self, forKey: .subTasks) {
            subTasks = topLevel
        } else if let nested = metadata?["subTasks"], !nested.isNull {
            do {
                subTasks = try nested.decode([SubTaskSummary].self)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .metadata, in: container,
                    debugDescription: "metadata.subTasks is not a list of sub-task summaries: \(error)")
            }
        } else {
            subTasks = nil
        }
    }
}

/// One downloadable result (`ResultPartMeta`).
public struct ResultPartMeta: Codable, Sendable, Hashable {
    /// MIME type, e.g. `model/gltf-binary`.
    public var mime: String
    /// Size in bytes.
    public var bytes: Int
}

/// A page of tasks (`TaskList`).
public struct TaskList: Codable, Sendable, Hashable {
    /// The tasks on this page.
    public var tasks: [TaskDetail]
    /// 1-based page number.
    public var page: Int
    /// Page size (at most 50).
    public var limit: Int
    /// Total number of tasks.
    public var total: Int
}

/// A cancellation (`CancelResult`).
public struct CancelResult: Codable, Sendable, Hashable {
    /// Always `true`.
    public var cancelled: Bool
    /// The status before cancelling.
    public var previousStatus: TaskStatus
}

/// A download link for one result (`TaskResultDownload`). The result key for a `gltf` request is `glb`.
public struct TaskResultDownload: Codable, Sendable, Hashable {
    /// Pre-signed URL; expires after an hour.
    public var downloadURL: String
    /// Suggested file name, e.g. `result.glb`.
    public var filename: String

    private enum CodingKeys: String, CodingKey {
        case downloadURL = "downloadUrl", filename
    }

    /// A link, e.g. one entry of `tasks.results(_:)` to hand to `tasks.download(_:into:)`.
    public init(downloadURL: String, filename: String) {
        self.downloadURL = downloadURL
        self.filename = filename
    }
}

/// Download links for every result of a task (`TaskResultsDownload`).
public struct TaskResultsDownload: Codable, Sendable, Hashable {
    /// One result.
    public struct Entry: Codable, Sendable, Hashable {
        /// Result key, e.g. `glb`, `step`, `metadata`.
        public var format: String
        /// Pre-signed URL; expires after an hour.
        public var downloadURL: String
        /// Suggested file name.
        public var filename: String

        private enum CodingKeys: String, CodingKey {
            case format, downloadURL = "downloadUrl", filename
        }
    }

    /// All results.
    public var downloads: [Entry]
}

/// The results of a compound task (`CompoundResultManifest`).
public struct CompoundResultManifest: Codable, Sendable, Hashable {
    /// One sub-task's results (`CompoundResultEntry`).
    public struct Entry: Codable, Sendable, Hashable {
        /// The sub-task's id.
        public var taskID: String
        /// Position in the compound.
        public var index: Int
        /// Lifecycle state.
        public var status: TaskStatus
        /// Download URLs by result key (completed sub-tasks only).
        public var downloadURLs: [String: String]?

        private enum CodingKeys: String, CodingKey {
            case taskID = "taskId", index, status, downloadURLs = "downloadUrls"
        }
    }

    /// One entry per sub-task.
    public var manifest: [Entry]
}

/// `GET /api/v1/tasks/{id}/result`: one link for a plain task, a manifest for a compound one
/// (`TaskOrCompoundResultResponse`'s data).
public enum TaskOrCompoundResult: Codable, Sendable, Hashable {
    /// A plain task's result.
    case single(TaskResultDownload)
    /// A compound task's manifest.
    case compound(CompoundResultManifest)

    private enum Keys: String, CodingKey { case manifest }

    /// Decodes a manifest when `manifest` is present, else a single download.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.manifest) {
            self = .compound(try CompoundResultManifest(from: decoder))
        } else {
            self = .single(try TaskResultDownload(from: decoder))
        }
    }

    /// Encodes the wrapped value.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .single(let value): try value.encode(to: encoder)
        case .compound(let value): try value.encode(to: encoder)
        }
    }
}
