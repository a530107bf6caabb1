import Logging

/// The Makistry Generation API: text- and image-to-CAD jobs, polling, downloads.
///
/// ```swift
/// let client = MakistryClient(apiKey: key, transport: CurlTransport())
/// let submission = try await client.textToCAD(TextToCADRequest(prompt: "A 40x20x10mm box", outputFormat: .stl))
/// let job = try await client.jobs.wait(submission.jobID, designMode: .standard)
/// let file = try await client.download(job.jobID, into: "out", format: .stl)
/// ```
///
/// - Requests are validated locally first (`MakistryValidator`): a bad prompt, mode, image, callback URL
///   or metadata never leaves the machine.
/// - Submissions carry an `Idempotency-Key` (a UUID v4, one per call, reused by every retry), pass through
///   the key's `MakistryRateLimiter`, and are retried by `RetryPolicy.makistry` (5xx after 2, 4, 8 s; a
///   429 after its `Retry-After`, else at least 60 s).
/// - Errors: `APIError` (401 `invalid_api_key`, 402 `payment_required`, 404 not found, 410
///   `output_expired`, 422 `invalid_input`/`image_parse_failed`, 429 `quota_exceeded`), `JobFailedError`,
///   `WaitTimeoutError`, `CADError.usage` for local validation.
public struct MakistryClient: Sendable {
    /// `https://api.makistry.ai/v1`.
    public static let defaultBaseURL: URL = URL(string: "https://api.makistry.ai/v1") ?? URL(fileURLWithPath: "/")

    /// The shared client machinery (transport, credential, retries, error decoding, redaction).
    public var core: APIClientCore
    /// Paces this key's submissions (shared per key by default).
    public var rateLimiter: MakistryRateLimiter
    /// The clock waits and polls run on.
    public var clock: any Clock<Duration>
    /// Randomness for the poll schedule's 5–10 s jitter.
    public var pollJitter: JitterSource

    /// A client for `apiKey` at `baseURL`.
    ///
    /// - Parameters:
    ///   - apiKey: the Makistry key, sent as `Authorization: Bearer`.
    ///   - baseURL: the API's base URL (`MAKISTRY_BASE_URL`, or a sandbox's `http://127.0.0.1:PORT/makistry/v1`).
    ///   - transport: where requests go (share one `CurlTransport` per process).
    ///   - retryPolicy: when failed requests are sent again (submissions carry an idempotency key).
    ///   - clock: what retries, polls and the rate limiter sleep on (inject a `ManualClock` in tests).
    ///   - rateLimiter: defaults to `MakistryRateLimiter.shared(forKey: apiKey)`.
    ///   - allowInsecureHTTP: allow the key over plain `http://` to a host other than loopback.
    ///   - observer: told of every HTTP exchange (for `--verbose`), secrets redacted.
    ///   - logger: where one redacted `debug` line per HTTP exchange goes (method, URL with secrets
    ///     redacted, status, duration, request id, retry; never the key); `Logger(label: "cadctl.PROVIDER")`
    ///     by default.
    ///   - pollJitter: randomness for the 5–10 s poll jitter (inject a fixed one in tests).
    public init(
        apiKey: String,
        baseURL: URL = MakistryClient.defaultBaseURL,
        transport: any HTTPTransport,
        clock: any Clock<Duration> = ContinuousClock(),
        rateLimiter: MakistryRateLimiter? = nil,
        retryPolicy: RetryPolicy = .makistry,
        pollJitter: JitterSource = .system,
        allowInsecureHTTP: Bool = false,
        observer: ExchangeObserver? = nil,
        logger: Logger? = nil
    ) {
        core = APIClientCore(
            provider: MakistryModule.provider, baseURL: baseURL, credential: .bearer(apiKey), transport: transport,
            errorDecoder: .makistry, retryPolicy: retryPolicy, clock: clock, logger: logger,
            allowInsecureHTTP: allowInsecureHTTP, observer: observer)
        self.rateLimiter = rateLimiter ?? MakistryRateLimiter.shared(forKey: apiKey)
        self.clock = clock
        self.pollJitter = pollJitter
    }

    /// Job reads and waits.
    public var jobs: Jobs { Jobs(client: self) }

    // MARK: - Submitting

    /// `POST /text-to-cad`: starts a job from a prompt.
    ///
    /// - Parameters:
    ///   - request: the prompt and the job's settings.
    ///   - idempotencyKey: reuse one to resubmit safely (Makistry returns the original job);
    ///     a fresh UUID v4 otherwise.
    /// - Throws: `CADError.usage` for invalid input (nothing sent), `APIError`, `TransportError`.
    public func textToCAD(_ request: TextToCADRequest, idempotencyKey: IdempotencyKey? = nil) async throws -> JobSubmission {
        try MakistryValidator.validate(request)
        let http = try core.jsonRequest(.post, "/text-to-cad", body: request)
        return try await submit(http, endpoint: "POST /text-to-cad", idempotencyKey: idempotencyKey ?? IdempotencyKey())
    }

    /// `POST /image-to-cad`: starts a job from 1–3 images (streamed from disk) and an optional prompt.
    ///
    /// - Parameters:
    ///   - request: the images and the job's settings.
    ///   - idempotencyKey: reuse one to resubmit safely; a fresh UUID v4 otherwise.
    ///   - progress: told of the multipart body's bytes as they are sent (for an upload progress bar).
    /// - Throws: `CADError.usage` for invalid input (nothing sent), `APIError`, `TransportError`.
    public func imageToCAD(
        _ request: ImageToCADRequest, idempotencyKey: IdempotencyKey? = nil, progress: TransferProgressObserver? = nil
    ) async throws -> JobSubmission {
        let images = try MakistryValidator.inspectImages(request)
        var form = MultipartForm()
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
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        var encoded = ""
        for byte in jobID.utf8 {
            if allowed.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return "/jobs/" + encoded
    }
}
