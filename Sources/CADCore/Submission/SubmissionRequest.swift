/// What a paid submission sends, as a journal needs to know it: enough to recognise the same request on a
/// later run, never the key itself in storage.
public struct SubmissionRequest: Sendable, CustomStringConvertible {
    /// The provider's name (`orville`, `makistry`, `bitbybit`).
    public var provider: String
    /// The API's base URL, as configured.
    public var baseURL: String
    /// The API key; a journal keeps only its fingerprint (the first 16 hex digits of its SHA-256).
    public var apiKey: String
    /// The HTTP method (`POST`).
    public var method: String
    /// The path under the base URL (`/api/v1/cad/jobs`).
    public var path: String
    /// The request's JSON fields (for a multipart request, its non-file fields); fingerprinted with sorted keys.
    public var body: JSONValue
    /// Paths of the files uploaded with the request, in the order they are sent; fingerprinted by content.
    public var uploadedFiles: [String]
    /// Whether the provider takes an `Idempotency-Key` (Orville, Makistry).
    public var takesIdempotencyKey: Bool
    /// The caller's own idempotency key, used for a new submission instead of a generated one.
    public var idempotencyKey: IdempotencyKey?
    /// What the submission asks for, for history listings (the prompt or the model name).
    public var summary: String
    /// Skip the resume rule and record a new submission (`--new`).
    public var forceNew: Bool
    /// What else tells this submission apart from an identical one (`cadctl sync`: the manifest and the part's
    /// name, so two parts with the same definition are two jobs); fingerprinted when given.
    public var scope: String? = nil

    /// A submission request.
    ///
    /// - Parameters: as the properties of the same names; `uploadedFiles`, `idempotencyKey` and `forceNew`
    ///   default to none.
    public init(
        provider: String, baseURL: String, apiKey: String, method: String = "POST", path: String, body: JSONValue,
        uploadedFiles: [String] = [], takesIdempotencyKey: Bool, idempotencyKey: IdempotencyKey? = nil,
        summary: String, forceNew: Bool = false
    ) {
        self.provider = provider
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.method = method
        self.path = path
        self.body = body
        self.uploadedFiles = uploadedFiles
        self.takesIdempotencyKey = takesIdempotencyKey
        self.idempotencyKey = idempotencyKey
        self.summary = summary
        self.forceNew = forceNew
    }

    /// `METHOD provider path` (never the key).
    public var description: String { "\(method) \(provider) \(path)" }
}

/// How the shared submission path sends a request, as a journal decided it.
public enum SubmissionDecision: Sendable, Equatable {
    /// Send the request as a new submission, with this idempotency key (`nil` for a provider that takes none).
    case sendNew(SubmissionTicket, idempotencyKey: IdempotencyKey?)
    /// An earlier run sent this request and ended before its answer: send it again with the recorded key, so
    /// the provider answers with the job it already made.
    case resend(SubmissionTicket, idempotencyKey: IdempotencyKey, submittedAt: Date)
    /// An earlier run's job for this request is known and unfinished: send nothing, continue with it.
    case resume(SubmissionTicket, jobID: String, status: String?, submittedAt: Date)
    /// An earlier run sent this request and ended before its answer, and the provider takes no idempotency
    /// key: its fate is unknown, so nothing may be sent.
    case refuse(SubmissionTicket, submittedAt: Date)
}
