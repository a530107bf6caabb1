/// A job as `GET /jobs/{job_id}` reports it.
///
/// `downloadURL` is signed anew on every read and expires: fetch the job again right before downloading
/// (`MakistryClient.download` does).
public struct MakistryJob: Sendable, Hashable, Codable {
    /// The job id (`pub_…`).
    public var jobID: String
    /// `queued`, `processing`, `success` or `failed`.
    public var status: JobStatus
    /// Where the finished file can be fetched (no credential needed), when `status` is `success`.
    public var downloadURL: URL?
    /// Why the job failed (`generation_failed`, …), when `status` is `failed`.
    public var errorCode: String?
    /// A sentence about the failure, when `status` is `failed`.
    public var errorMessage: String?
    /// The `metadata` object sent with the job, echoed back.
    public var metadata: JSONValue?
    /// Tokens the job used, once finished.
    public var tokensUsed: Int?
    /// How long the job took in milliseconds, once finished.
    public var latencyMilliseconds: Int?

    /// A job snapshot.
    public init(
        jobID: String, status: JobStatus, downloadURL: URL? = nil, errorCode: String? = nil,
        errorMessage: String? = nil, metadata: JSONValue? = nil, tokensUsed: Int? = nil,
        latencyMilliseconds: Int? = nil
    ) {
        self.jobID = jobID
        self.status = status
        self.downloadURL = downloadURL
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.metadata = metadata
        self.tokensUsed = tokensUsed
        self.latencyMilliseconds = latencyMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", status, downloadURL = "download_url", errorCode = "error_code"
        case errorMessage = "error_message", metadata, tokensUsed = "tokens_used", latencyMilliseconds = "latency_ms"
    }

    /// Decodes a snapshot, tolerating absent optional fields and a `metadata` of `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobID = try container.decode(String.self, forKey: .jobID)
        status = try container.decode(JobStatus.self, forKey: .status)
        let url = try container.decodeIfPresent(String.self, forKey: .downloadURL)
        downloadURL = url.flatMap { $0.isEmpty ? nil : URL(string: $0) }
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        errorMessage = try container.decodeIfPresent(String.self, forKey: .errorMessage)
        let metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
        self.metadata = metadata == .null ? nil : metadata
        tokensUsed = try container.decodeIfPresent(Int.self, forKey: .tokensUsed)
        latencyMilliseconds = try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds)
    }

    /// The failure as an error, when the job failed.
    public var failure: JobFailedError? {
        guard status == .failed else { return nil }
        return JobFailedError(
            provider: MakistryModule.provider, jobID: jobID, status: status.rawValue,
            code: errorCode, message: errorMessage ?? "the job failed without a message")
    }
}

/// The answer to a create (`202 {"job_id":"pub_…","status":"queued"}`).
public struct JobSubmission: Sendable, Hashable, Codable {
    /// The new job's id (`pub_…`); an idempotent replay returns the original job's id.
    public var jobID: String
    /// Its status (normally `queued`).
    public var status: JobStatus
    /// The `Idempotency-Key` the request carried (reuse it to resubmit safely).
    public var idempotencyKey: String?
    /// Whether Makistry answered with the original job of an earlier request with the same key
    /// (`Idempotent-Replayed: true`).
    public var replayed: Bool = false

    /// A submission.
    public init(jobID: String, status: JobStatus, idempotencyKey: String? = nil, replayed: Bool = false) {
        self.jobID = jobID
        self.status = status
        self.idempotencyKey = idempotencyKey
        self.replayed = replayed
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", status, idempotencyKey = "idempotency_key"
    }
}
