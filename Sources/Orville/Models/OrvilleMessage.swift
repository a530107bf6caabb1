/// An entry of a job's conversation (`GET /api/v1/cad/jobs/{job_id}/messages`).
public struct OrvilleMessage: Codable, Sendable, Hashable {
    /// The message id.
    public var id: String
    /// `user` or `assistant`.
    public var role: String
    /// The text.
    public var content: String?
    /// When it was written (ISO 8601).
    public var createdAt: String?
    /// Attached images (metadata only).
    public var images: [OrvilleMessageImage]
    /// The revision this message produced, if any.
    public var revisionID: String?
    /// The revision's letter (`A`, `B`, …).
    public var revision: String?
    /// The revision's STEP files.
    public var artifacts: [OrvilleArtifact]
    /// The review assistant's answer, for review messages.
    public var review: OrvilleReviewAnswer?

    enum CodingKeys: String, CodingKey {
        case id, role, content, images, revision, artifacts, review
        case createdAt = "created_at", revisionID = "revision_id"
    }

    /// Decodes a message; `null` lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        role = try container.decode(String.self, forKey: .role)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
        images = try container.decodeIfPresent([OrvilleMessageImage].self, forKey: .images) ?? []
        revisionID = try container.decodeIfPresent(String.self, forKey: .revisionID)
        revision = try container.decodeIfPresent(String.self, forKey: .revision)
        artifacts = try container.decodeIfPresent([OrvilleArtifact].self, forKey: .artifacts) ?? []
        review = try container.decodeIfPresent(OrvilleReviewAnswer.self, forKey: .review)
    }
}

/// An image attached to a user message.
public struct OrvilleMessageImage: Codable, Sendable, Hashable {
    /// The file id.
    public var id: String?
    /// The uploaded file name.
    public var filename: String?
    /// Its MIME type.
    public var contentType: String?
    /// Its size.
    public var sizeBytes: Int?

    enum CodingKeys: String, CodingKey {
        case id, filename
        case contentType = "content_type", sizeBytes = "size_bytes"
    }
}

/// A job's conversation.
public struct OrvilleMessageHistory: Codable, Sendable, Hashable {
    /// The job.
    public var jobID: String
    /// User and assistant messages, oldest first.
    public var messages: [OrvilleMessage]
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case messages
        case jobID = "job_id", requestID = "request_id"
    }
}
