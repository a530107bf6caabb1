import Logging

/// A client for Orville (Ballista Labs), the prompt-to-CAD API.
///
/// ```swift
/// let orville = try OrvilleClient(apiKey: key)              // https://www.ballistalabs.ai
/// let accepted = try await orville.jobs.create(prompt: "A 40x20x5 mounting plate with two holes")
/// let job = try await orville.jobs.wait(accepted)
/// let files = try await orville.jobs.download(job.jobID, into: "out")
/// ```
///
/// `OrvilleClient.fromEnvironment()` reads `ORVILLE_API_KEY` and `ORVILLE_BASE_URL` instead; the
/// initializer never reads the environment.
///
/// Every write carries an `Idempotency-Key` made once per call (or the caller's) and reused by its retries,
/// so a retried create never makes a second job. Inputs are checked before anything is sent. Errors are
/// `APIError` (see `orvilleCode`), `TransportError`, `JobFailedError`, `WaitTimeoutError` or `CADError.usage`.
public struct OrvilleClient: ProviderClient {
    /// Orville's entry in the service table: name, documented base URL, environment variables.
    public static let service = CADService.orville

    /// The shared HTTP machinery (base URL, credential, transport, retries, error decoding).
    public var core: APIClientCore
    /// How `jobs.wait` spaces its polls (Orville's rules by default).
    public var pollSchedule: PollSchedule
    /// How long `jobs.wait` waits when the call gives no timeout.
    public var waitTimeout: Duration
    /// The clock polls sleep on.
    public var clock: any Clock<Duration>
    /// Randomness for jittered poll schedules.
    public var pollJitter: JitterSource

    /// A client for the API at `baseURL` (Orville's documented URL when `nil`).
    ///
    /// - Parameters:
    ///   - apiKey: a workspace API key (sent as `Authorization: Bearer KEY`, only to the API's own origin).
    ///   - baseURL: the API's base URL; `https://www.ballistalabs.ai` when `nil`.
    ///   - configuration: transport, retries, poll schedule (`.orville` when unset), timeouts, clock, logger,
    ///     observer, instrumentation, insecure-HTTP allowance.
    /// - Throws: `ClientSetupError` for an empty key or a base URL that is not an absolute http(s) URL.
    public init(apiKey: String, baseURL: URL? = nil, configuration: ClientConfiguration = ClientConfiguration())
        throws(ClientSetupError)
    {
        core = try APIClientCore(
            service: Self.service, credential: .bearer(apiKey), baseURL: baseURL, configuration: configuration,
            errorDecoder: .orville)
        pollSchedule = configuration.pollSchedule ?? .orville
        waitTimeout = configuration.waitTimeout ?? .seconds(3600)
        clock = configuration.clock
        pollJitter = configuration.pollJitter
    }


    /// The API's base URL.
    public var baseURL: URL { core.baseURL }

    /// Jobs: list, create, get, wait, follow-ups, history, review.
    public var jobs: OrvilleJobsAPI { OrvilleJobsAPI(client: self) }
    /// STEP artifacts: list and download.
    public var artifacts: OrvilleArtifactsAPI { OrvilleArtifactsAPI(client: self) }
    /// Billing status.
    public var billing: OrvilleBillingAPI { OrvilleBillingAPI(client: self) }

    /// `id` as one path segment (percent-encoded), so an id can never change the path.
    static func segment(_ id: String) throws -> String {
        guard !id.isEmpty else { throw InputValidationError(provider: "orville", field: "id", problem: .missing, message: "an empty id was given; pass the id the API returned") }
        return URLEncoding.pathSegment(id)
    }
}
