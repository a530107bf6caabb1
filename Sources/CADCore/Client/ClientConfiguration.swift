import Logging

/// How a client talks to its API, shared by `OrvilleClient`, `MakistryClient` and `BitbybitClient`
/// (`init(apiKey:baseURL:configuration:)`): one value, every field defaulted.
///
/// ```swift
/// var configuration = ClientConfiguration()
/// configuration.logger = Logger(label: "my-service.cad")
/// configuration.retryPolicy = RetryPolicy(maxRetries: 5)
/// let orville = try OrvilleClient(apiKey: key, configuration: configuration)
/// ```
///
/// `nil` for `retryPolicy`, `pollSchedule` or `waitTimeout` means the provider's documented default.
public struct ClientConfiguration: Sendable {
    /// Where requests go; the process's shared libcurl transport by default.
    public var transport: any HTTPTransport
    /// When failed requests are retried; `nil` for the provider's default (`.standard`, Makistry `.makistry`).
    public var retryPolicy: RetryPolicy?
    /// How waits space their polls; `nil` for the provider's documented schedule.
    public var pollSchedule: PollSchedule?
    /// How long a wait lasts when the call gives no timeout; `nil` for the provider's default.
    public var waitTimeout: Duration?
    /// The longest one API exchange may take (each attempt) when the request sets none; `nil` for none.
    /// Downloads are not capped by it (the transport's low-speed limit guards them).
    public var requestTimeout: Duration?
    /// The clock retries, polls and rate limiters sleep on (inject `ManualClock` in tests).
    public var clock: any Clock<Duration>
    /// Randomness for jittered poll schedules.
    public var pollJitter: JitterSource
    /// Receives one redacted `debug` line per exchange; `Logger(label: "cadctl.PROVIDER")` when `nil`.
    public var logger: Logger?
    /// Told of every exchange (each attempt), never with a secret.
    public var observer: ExchangeObserver?
    /// Metrics and tracing per attempt and per poll; `nil` costs nothing.
    public var instrumentation: (any RequestInstrumentation)?
    /// Allow the key over plain `http://` to a host that is not this machine.
    public var allowInsecureHTTP: Bool
    /// The time `Retry-After` dates are measured from.
    public var now: @Sendable () -> Date

    /// A configuration; every argument has the default described on its property.
    public init(
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy? = nil,
        pollSchedule: PollSchedule? = nil,
        waitTimeout: Duration? = nil,
        requestTimeout: Duration? = .seconds(60),
        clock: any Clock<Duration> = ContinuousClock(),
        pollJitter: JitterSource = .system,
        logger: Logger? = nil,
        observer: ExchangeObserver? = nil,
        instrumentation: (any RequestInstrumentation)? = nil,
        allowInsecureHTTP: Bool = false,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.pollSchedule = pollSchedule
        self.waitTimeout = waitTimeout
        self.requestTimeout = requestTimeout
        self.clock = clock
        self.pollJitter = pollJitter
        self.logger = logger
        self.observer = observer
        self.instrumentation = instrumentation
        self.allowInsecureHTTP = allowInsecureHTTP
        self.now = now
    }
}

extension APIClientCore {
    /// The core of a client for `service` with `credential` at `baseURL`, set up from `configuration`.
    ///
    /// - Parameters:
    ///   - service: the provider's table entry (name, default base URL).
    ///   - credential: the key and its header.
    ///   - baseURL: the API's base URL; the service's documented one when `nil`.
    ///   - configuration: transport, retries, clock, logger, observer, instrumentation.
    ///   - errorDecoder: the provider's error decoder.
    ///   - defaultRetryPolicy: the provider's retry policy when the configuration sets none.
    /// - Throws: ``ClientSetupError`` for an empty key or a base URL that is not absolute http(s).
    public init(
        service: CADService, credential: Credential, baseURL: URL?, configuration: ClientConfiguration,
        errorDecoder: APIErrorDecoder, defaultRetryPolicy: RetryPolicy = .standard
    ) throws(ClientSetupError) {
        guard !credential.key.isEmpty else { throw .emptyAPIKey(service: service.name) }
        let base: URL
        if let baseURL { base = try service.checkedBaseURL(baseURL) } else { base = try service.defaultURL() }
        self.init(
            provider: service.name, baseURL: base, credential: credential, transport: configuration.transport,
            errorDecoder: errorDecoder, retryPolicy: configuration.retryPolicy ?? defaultRetryPolicy,
            clock: configuration.clock, logger: configuration.logger,
            allowInsecureHTTP: configuration.allowInsecureHTTP, observer: configuration.observer,
            now: configuration.now)
        requestTimeout = configuration.requestTimeout
        instrumentation = configuration.instrumentation
    }
}
