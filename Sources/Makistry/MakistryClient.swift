import Logging

/// The Makistry Generation API: text- and image-to-CAD jobs, polling, downloads.
///
/// ```swift
/// let makistry = try MakistryClient(apiKey: key)              // https://api.makistry.ai/v1
/// let submission = try await makistry.jobs.create(TextToCADRequest(prompt: "A 40x20x10mm box", outputFormat: .stl))
/// let job = try await makistry.jobs.wait(submission.jobID)
/// let file = try await makistry.jobs.download(job.jobID, into: "out", format: .stl)
/// ```
///
/// `MakistryClient.fromEnvironment()` reads `MAKISTRY_API_KEY` and `MAKISTRY_BASE_URL` instead; the
/// initializer never reads the environment.
///
/// - Requests are validated locally first (`MakistryValidator`): a bad prompt, mode, image, callback URL
///   or metadata never leaves the machine.
/// - Submissions carry an `Idempotency-Key` (a UUID v4, one per call, reused by every retry), pass through
///   the key's `MakistryRateLimiter`, and are retried by `RetryPolicy.makistry` (5xx after 2, 4, 8 s; a
///   429 after its `Retry-After`, else at least 60 s).
/// - Errors: `APIError` (401 `invalid_api_key`, 402 `payment_required`, 404 not found, 410
///   `output_expired`, 422 `invalid_input`/`image_parse_failed`, 429 `quota_exceeded`), `JobFailedError`,
///   `WaitTimeoutError`, `CADError.usage` for local validation.
public struct MakistryClient: ProviderClient {
    /// Makistry's entry in the service table: name, documented base URL, environment variables.
    public static let service = CADService.makistry

    /// The shared client machinery (transport, credential, retries, error decoding, redaction).
    public var core: APIClientCore
    /// Paces this key's submissions (shared per key by default).
    public var rateLimiter: MakistryRateLimiter
    /// The clock waits and polls run on.
    public var clock: any Clock<Duration>
    /// How `jobs.wait` spaces its polls (`.makistry`: every 5–10 s for 30 s, then every 15 s, by default).
    public var pollSchedule: PollSchedule
    /// How long `jobs.wait` waits when the call gives no timeout (20 minutes, the longest design mode's,
    /// by default).
    public var waitTimeout: Duration
    /// Randomness for the poll schedule's 5–10 s jitter.
    public var pollJitter: JitterSource

    /// A client for `apiKey` at `baseURL` (Makistry's documented URL when `nil`).
    ///
    /// - Parameters:
    ///   - apiKey: the Makistry key, sent as `Authorization: Bearer`, only to the API's own origin.
    ///   - baseURL: the API's base URL; `https://api.makistry.ai/v1` when `nil`.
    ///   - configuration: transport, retries (`.makistry` when unset), poll schedule (`.makistry` when
    ///     unset), timeouts, clock, logger, observer, instrumentation, insecure-HTTP allowance.
    /// - Throws: `ClientSetupError` for an empty key or a base URL that is not an absolute http(s) URL.
    public init(apiKey: String, baseURL: URL? = nil, configuration: ClientConfiguration = ClientConfiguration())
        throws(ClientSetupError)
    {
        core = try APIClientCore(
            service: Self.service, credential: .bearer(apiKey), baseURL: baseURL, configuration: configuration,
            errorDecoder: .makistry, defaultRetryPolicy: .makistry)
        rateLimiter = MakistryRateLimiter.shared(forKey: apiKey)
        clock = configuration.clock
        pollSchedule = configuration.pollSchedule ?? .makistry
        waitTimeout = configuration.waitTimeout ?? DesignMode.longestWaitTimeout
        pollJitter = configuration.pollJitter
    }


    /// Jobs: create (text or images), get, wait, download.
    public var jobs: Jobs { Jobs(client: self) }

    // MARK: - Submitting

    /// `POST /text-to-cad`, validated first.
    func textToCAD(_ request: TextToCADRequest, idempotencyKey: IdempotencyKey?) async throws -> JobSubmission {
        try MakistryValidator.validate(request)
        let http = try core.jsonRequest(.post, "/text-to-cad", body: request)
        return try await submit(http, endpoint: "POST /text-to-cad", idempotencyKey: idempotencyKey ?? IdempotencyKey())
    }

    /// `POST /image-to-cad` with the images streamed from disk, validated first.
    func imageToCAD(
        _ request: ImageToCADRequest, idempotencyKey: IdempotencyKey?, progress: TransferProgressObserver?
    ) async throws -> JobSubmission {
        let images = try MakistryValidator.inspectImages(request)
        var form = MultipartFormWriter(boundaryPrefix: "cadctl-makistry-")
        for image in images {
            form.file("image", path: image.path, fileName: image.fileName,
                      contentType: image.kind?.mimeType ?? "application/octet-stream")
        }
        if let prompt = request.prompt { form.field("prompt", prompt) }
        if let mode = request.designMode { form.field("design_mode", mode.rawValue) }
        if let format = request.outputFormat { form.field("output_format", format.rawValue) }
        if let callback = request.callbackURL { form.field("callback_url", callback) }
        if let metadata = request.metadata, metadata != .null { form.field("metadata_json", metadata.serialized()) }
        var http = try core.request(.post, "/image-to-cad", headers: ["Content-Type": form.contentType], body: form.body())
        http.progress = progress
        return try await submit(http, endpoint: "POST /image-to-cad", idempotencyKey: idempotencyKey ?? IdempotencyKey())
    }

    private func submit(_ request: HTTPRequest, endpoint: String, idempotencyKey: IdempotencyKey) async throws
        -> JobSubmission
    {
        try await rateLimiter.acquire()
        let response = try await core.send(request, idempotencyKey: idempotencyKey, endpoint: endpoint)
        var submission = try core.decode(JobSubmission.self, from: response, endpoint: endpoint)
        submission.idempotencyKey = idempotencyKey.value
        submission.replayed = response.headers["Idempotent-Replayed"]?.lowercased() == "true"
        return submission
    }

    /// The path of a job: `/jobs/{job_id}` with the id percent-encoded as one path segment.
    static func jobPath(_ jobID: String) -> String {
        "/jobs/" + URLEncoding.pathSegment(jobID)
    }
}
