import Logging

/// A client for Orville (Ballista Labs), the prompt-to-CAD API.
///
/// ```swift
/// let orville = try OrvilleClient(apiKey: key)            // ORVILLE_BASE_URL or https://www.ballistalabs.ai
/// let accepted = try await orville.jobs.create(prompt: "A 40x20x5 mounting plate with two holes")
/// let job = try await orville.jobs.wait(accepted.id, firstPollAfter: accepted.pollAfterSeconds)
/// let files = try await orville.artifacts.downloadLatest(jobID: job.id, into: "out")
/// ```
///
/// Every write carries an `Idempotency-Key` made once per call (or the caller's) and reused by its retries,
/// so a retried create never makes a second job. Inputs are checked before anything is sent. Errors are
/// `APIError` (see `orvilleCode`), `TransportError`, `JobFailedError`, `WaitTimeoutError` or `CADError.usage`.
public struct OrvilleClient: Sendable {
    /// The documented base URL.
    public static let defaultBaseURL = "https://www.ballistalabs.ai"
    /// The environment variable that overrides it.
    public static let baseURLVariable = "ORVILLE_BASE_URL"

    /// The shared HTTP machinery (base URL, credential, transport, retries, error decoding).
    public var core: APIClientCore
    /// How `jobs.wait` spaces its polls (Orville's rules by default).
    public var pollSchedule: PollSchedule
    /// The clock polls sleep on.
    public var clock: any Clock<Duration>

    /// A client for the API at `baseURL`, else `$ORVILLE_BASE_URL`, else `https://www.ballistalabs.ai`.
    ///
    /// - Parameters:
    ///   - apiKey: a workspace API key (sent as `Authorization: Bearer KEY`, only to the API's own origin).
    ///   - baseURL: the API's base URL; when `nil`, `ORVILLE_BASE_URL` or the production URL.
    ///   - environment: where `ORVILLE_BASE_URL` is looked up (the process environment by default).
    ///   - transport: where requests go.
    ///   - retryPolicy: when failed requests are retried.
    ///   - pollSchedule: how `jobs.wait` spaces its polls.
    ///   - clock: the clock retries and polls sleep on (inject `ManualClock` in tests).
    ///   - observer: told of every exchange (`--verbose`).
    ///   - allowInsecureHTTP: allow the key over plain `http://` to a host other than loopback.
    ///   - logger: where one redacted `debug` line per HTTP exchange goes (method, URL with secrets
    ///     redacted, status, duration, request id, retry; never the key); `Logger(label: "cadctl.PROVIDER")`
    ///     by default.
    /// - Throws: `CADError.usage` for an empty key or a base URL that is not an absolute http(s) URL.
    public init(
        apiKey: String,
        baseURL: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy = .standard,
        pollSchedule: PollSchedule = .orville,
        clock: any Clock<Duration> = ContinuousClock(),
        observer: ExchangeObserver? = nil,
        allowInsecureHTTP: Bool = false,
        logger: Logger? = nil
    ) throws {
        guard !apiKey.isEmpty else {
            throw CADError.usage("the Orville API key is empty: set ORVILLE_API_KEY to a key from the Ballista Labs console")
        }
        let base = try baseURL ?? Self.resolveBaseURL(environment: environment)
        core = APIClientCore(
            provider: OrvilleModule.provider, baseURL: base, credential: .bearer(apiKey), transport: transport,
            errorDecoder: .orville, retryPolicy: retryPolicy, clock: clock, logger: logger,
            allowInsecureHTTP: allowInsecureHTTP, observer: observer)
        self.pollSchedule = pollSchedule
        self.clock = clock
    }

    /// `ORVILLE_BASE_URL` when set and not empty, else the default.
    ///
    /// - Throws: `CADError.usage` when the variable is not an absolute http(s) URL.
    public static func resolveBaseURL(environment: [String: String]) throws -> URL {
        let text = environment[baseURLVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false
        else {
            throw CADError.usage("\(baseURLVariable)=\(text) is not an absolute http(s) URL; use e.g. \(defaultBaseURL)")
        }
        return url
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
        guard !id.isEmpty else { throw CADError.usage("an empty id was given; pass the id the API returned") }
        return APIClientCore.percentEncodeSegment(id)
    }
}

extension APIClientCore {
    /// Percent-encodes everything but RFC 3986 unreserved characters, for one path segment.
    static func percentEncodeSegment(_ text: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        var result = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
