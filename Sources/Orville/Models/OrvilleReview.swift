/// The review assistant's answer.
public struct OrvilleReviewAnswer: Codable, Sendable, Hashable {
    /// `review`.
    public var mode: String?
    /// The answer text.
    public var message: String?
    /// The model that answered.
    public var model: String?
    /// A proposed CAD iteration, if any.
    public var iterationProposal: JSONValue?
    /// Suggested viewer actions.
    public var viewerActions: [JSONValue]

    enum CodingKeys: String, CodingKey {
        case mode, message, model
        case iterationProposal = "iteration_proposal", viewerActions = "viewer_actions"
    }

    /// Decodes an answer; `null` actions are none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mode = try container.decodeIfPresent(String.self, forKey: .mode)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        let proposal = try container.decodeIfPresent(JSONValue.self, forKey: .iterationProposal)
        iterationProposal = proposal == .null ? nil : proposal
        viewerActions = try container.decodeIfPresent([JSONValue].self, forKey: .viewerActions) ?? []
    }
}

/// `POST /api/v1/cad/jobs/{job_id}/review`'s answer.
public struct OrvilleReviewResult: Codable, Sendable, Hashable {
    /// The job.
    public var jobID: String
    /// The revision reviewed.
    public var revisionID: String?
    /// The question's message id.
    public var messageID: String?
    /// The answer's message id.
    public var assistantMessageID: String?
    /// The answer.
    public var review: OrvilleReviewAnswer
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case review
        case jobID = "job_id", revisionID = "revision_id", messageID = "message_id"
        case assistantMessageID = "assistant_message_id", requestID = "request_id"
    }
}

/// The body of a review request.
struct OrvilleReviewRequest: Encodable {
    var prompt: String
    var revisionID: String?
    var viewerState: JSONValue?

    enum CodingKeys: String, CodingKey {
        case prompt
        case revisionID = "revision_id", viewerState = "viewer_state"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prompt, forKey: .prompt)
        try container.encodeIfPresent(revisionID, forKey: .revisionID)
        try container.encodeIfPresent(viewerState, forKey: .viewerState)
    }
}
