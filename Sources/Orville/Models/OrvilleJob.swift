/// A CAD job as `GET /api/v1/cad/jobs/{job_id}` returns it.
///
/// `explanation`, `latestRevisionID`, `assemblyTree` and `artifacts` are empty until the job completes.
public struct OrvilleJob: Codable, Sendable, Hashable {
    /// The job id (`cadjob_…`).
    public var jobID: String
    /// Where the job is.
    public var status: OrvilleJobStatus
    /// When the job was created (ISO 8601), when known.
    public var createdAt: String?
    /// When the job last changed (ISO 8601), when known.
    public var updatedAt: String?
    /// The least number of seconds to wait before polling again; `nil` once the job has ended.
    public var pollAfterSeconds: Int?
    /// What the model did, once completed.
    public var explanation: String?
    /// What the job cost, once completed and billed.
    public var cost: OrvilleCost?
    /// The latest CAD revision's id.
    public var latestRevisionID: String?
    /// The latest revision's parts, by artifact id.
    public var assemblyTree: OrvilleAssemblyNode?
    /// The latest revision's STEP files.
    public var artifacts: [OrvilleArtifact]
    /// Why the job failed, when the API says.
    public var error: OrvilleJobFailure?
    /// The request's id, for support.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "id", status, explanation, cost, artifacts, error
        case createdAt = "created_at", updatedAt = "updated_at", pollAfterSeconds = "poll_after_seconds"
        case latestRevisionID = "latest_revision_id", assemblyTree = "assembly_tree", requestID = "request_id"
    }

    /// A job with the given facts.
    public init(
        jobID: String, status: OrvilleJobStatus, createdAt: String? = nil, updatedAt: String? = nil,
        pollAfterSeconds: Int? = nil, explanation: String? = nil, cost: OrvilleCost? = nil,
        latestRevisionID: String? = nil, assemblyTree: OrvilleAssemblyNode? = nil, artifacts: [OrvilleArtifact] = [],
        error: OrvilleJobFailure? = nil, requestID: String? = nil
    ) {
        self.jobID = jobID
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.pollAfterSeconds = pollAfterSeconds
        self.explanation = explanation
        self.cost = cost
        self.latestRevisionID = latestRevisionID
        self.assemblyTree = assemblyTree
        self.artifacts = artifacts
        self.error = error
        self.requestID = requestID
    }

    /// Decodes a job; a `null` or missing `artifacts` is an empty list.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobID = try container.decode(String.self, forKey: .jobID)
        status = try container.decode(OrvilleJobStatus.self, forKey: .status)
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
        updatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt)
        pollAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .pollAfterSeconds)
        explanation = try container.decodeIfPresent(String.self, forKey: .explanation)
        cost = try container.decodeIfPresent(OrvilleCost.self, forKey: .cost)
        latestRevisionID = try container.decodeIfPresent(String.self, forKey: .latestRevisionID)
        assemblyTree = try container.decodeIfPresent(OrvilleAssemblyNode.self, forKey: .assemblyTree)
        artifacts = try container.decodeIfPresent([OrvilleArtifact].self, forKey: .artifacts) ?? []
        error = try container.decodeIfPresent(OrvilleJobFailure.self, forKey: .error)
        requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
    }
}

/// A completed job's charge.
public struct OrvilleCost: Codable, Sendable, Hashable {
    /// `usd`.
    public var currency: String
    /// Cents charged; `nil` until the billing record is available.
    public var chargedCents: Int?

    enum CodingKeys: String, CodingKey {
        case currency
        case chargedCents = "charged_cents"
    }

    /// A cost.
    public init(currency: String, chargedCents: Int?) {
        self.currency = currency
        self.chargedCents = chargedCents
    }
}

/// The error object of a failed job.
public struct OrvilleJobFailure: Codable, Sendable, Hashable {
    /// Machine-readable code.
    public var code: String?
    /// Human-readable message.
    public var message: String?

    /// A failure.
    public init(code: String?, message: String?) {
        self.code = code
        self.message = message
    }
}

/// The answer to a create or a follow-up: the job was queued.
public struct OrvilleJobAccepted: Codable, Sendable, Hashable {
    /// The job id.
    public var jobID: String
    /// Usually `queued`.
    public var status: OrvilleJobStatus
    /// The follow-up's message id (follow-ups only).
    public var messageID: String?
    /// The least number of seconds to wait before the first poll.
    public var pollAfterSeconds: Int?
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "id", status
        case messageID = "message_id", pollAfterSeconds = "poll_after_seconds", requestID = "request_id"
    }
}

/// A job in the list (`GET /api/v1/cad/jobs`).
public struct OrvilleJobSummary: Codable, Sendable, Hashable {
    /// The job id.
    public var jobID: String
    /// Where the job is.
    public var status: OrvilleJobStatus
    /// `webapp` or `api`.
    public var source: String?
    /// The project title.
    public var title: String?
    /// The start of the original prompt.
    public var promptPreview: String?
    /// The latest user message.
    public var lastMessage: String?
    /// The latest revision's id.
    public var latestRevisionID: String?
    /// When the job was created (ISO 8601).
    public var createdAt: String?
    /// When it last changed (ISO 8601).
    public var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "id", status, source, title
        case promptPreview = "prompt_preview", lastMessage = "last_message", latestRevisionID = "latest_revision_id"
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// One page of the job list.
public struct OrvilleJobPage: Codable, Sendable, Hashable {
    /// The jobs on this page, newest first.
    public var jobs: [OrvilleJobSummary]
    /// The cursor of the next page, or `nil` on the last.
    public var nextCursor: String?
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case jobs
        case nextCursor = "next_cursor", requestID = "request_id"
    }
}
