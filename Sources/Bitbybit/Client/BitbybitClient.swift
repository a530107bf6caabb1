import Logging

/// The Bitbybit Cloud CAD API client: parametric models, OpenCASCADE operations and pipelines, STEP → glTF
/// conversion, sheet-metal unfolding, files and tasks.
///
/// ```swift
/// let client = BitbybitClient(apiKey: key, transport: CurlTransport())
/// let accepted = try await client.models.run("dragon-cup", params: ["height": 10], formats: [.gltf, .step])
/// let task = try await client.tasks.wait(accepted.taskId)
/// let files = try await client.tasks.download(task.taskId, formats: ["gltf", "step"], into: "out")
/// ```
///
/// - Every response is an envelope (`{"ok":true,"data":…}`); the client unwraps it and turns
///   `{"ok":false,"error":…}` into `APIError` (code, message, details, request id).
/// - The key goes in `x-api-key`, only to the API's own origin: never to the storage host of a pre-signed
///   download or upload URL.
/// - With `validate` on (the default) every request body is checked against the OpenAPI request schemas and
///   the pipeline rules before it is sent; a body with errors throws ``BitbybitValidationError`` listing
///   every problem by JSON path, and nothing is sent.
/// - Bitbybit has no idempotency key: a POST is retried only when it surely never reached the server (a
///   failed connect) or the server refused it without acting (429, 503); GETs and DELETEs are retried on
///   transient failures. See CADCore's `RetryPolicy`.
/// - Waiting polls every 2 s (never below 1 s), as the official SDK does, on an injectable clock.
public struct BitbybitClient: Sendable {
    /// The production base URL, `https://api.bitbybit.dev`.
    public static let productionBaseURL: URL = URL(string: "https://api.bitbybit.dev") ?? URL(fileURLWithPath: "/")

    /// The shared HTTP machinery (base URL, credential, transport, retries, error decoding, redaction).
    public var core: APIClientCore
    /// Check request bodies locally before sending them (on by default).
    public var validate: Bool
    /// How often `tasks.wait` polls.
    public var pollSchedule: PollSchedule
    /// How long `tasks.wait` waits by default.
    public var waitTimeout: Duration

    /// A client for the key `apiKey`.
    ///
    /// - Parameters:
    ///   - apiKey: the Bitbybit key, sent as `x-api-key` and only to the API's own origin.
    ///   - baseURL: the API's base URL (`https://api.bitbybit.dev`, or a sandbox's `http://127.0.0.1:PORT/bitbybit`).
    ///   - transport: where requests go (share one `CurlTransport` per process).
    ///   - retryPolicy: when failed requests are sent again (POSTs only when surely not acted on).
    ///   - pollSchedule: the delays between task polls (`.bitbybit`: every 2 s, never below 1 s).
    ///   - waitTimeout: the default limit of `tasks.wait`.
    ///   - validate: check request bodies against the OpenAPI schemas before sending.
    ///   - clock: the clock retries and polls sleep on.
    ///   - observer: told of every HTTP exchange (for `--verbose`); never sees the key.
    ///   - allowInsecureHTTP: allow the key over plain `http://` to a host that is not this machine.
    ///   - logger: where one redacted `debug` line per HTTP exchange goes (method, URL with secrets
    ///     redacted, status, duration, request id, retry; never the key); `Logger(label: "cadctl.PROVIDER")`
    ///     by default.
    public init(
        apiKey: String,
        baseURL: URL = BitbybitClient.productionBaseURL,
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = .standard,
        pollSchedule: PollSchedule = .bitbybit,
        waitTimeout: Duration = .seconds(600),
        validate: Bool = true,
        clock: any Clock<Duration> = ContinuousClock(),
        observer: ExchangeObserver? = nil,
        allowInsecureHTTP: Bool = false,
        logger: Logger? = nil
    ) {
        core = APIClientCore(
            provider: BitbybitModule.provider, baseURL: baseURL, credential: .apiKey(apiKey), transport: transport,
            errorDecoder: .bitbybit, retryPolicy: retryPolicy, clock: clock, logger: logger,
            allowInsecureHTTP: allowInsecureHTTP, observer: observer)
        // Bitbybit has no idempotency key: a submission of unknown fate is checked in the task list.
        core.whereToCheckEffect = "list recent tasks: `cadctl tasks list` or `client.tasks.list()`"
        self.validate = validate
        self.pollSchedule = pollSchedule
        self.waitTimeout = waitTimeout
    }

    /// Parametric models: list, parameters, definitions, runs and batch runs.
    public var models: BitbybitModelsAPI { BitbybitModelsAPI(client: self) }
    /// Tasks: list, get, wait, results, cancel, retry.
    public var tasks: BitbybitTasksAPI { BitbybitTasksAPI(client: self) }
    /// CAD operations: execute, pipeline, compound, sheet-metal unfolding.
    public var cad: BitbybitCADAPI { BitbybitCADAPI(client: self) }
    /// STEP → glTF conversion (simple, advanced, with Draco).
    public var convert: BitbybitConvertAPI { BitbybitConvertAPI(client: self) }
    /// Uploaded files: upload, list, get, delete.
    public var files: BitbybitFilesAPI { BitbybitFilesAPI(client: self) }

    /// `GET /health` (no key needed).
    public func health() async throws -> HealthStatus {
        let request = try core.request(.get, "/health")
        let response = try await core.send(request)
        return try unwrap(HealthStatus.self, from: response, endpoint: "GET /health")
    }

    // MARK: - Plumbing shared by the resource APIs

    /// `GET path` and the envelope's data.
    func get<T: Decodable & Sendable>(_ path: String, query: [(String, String)] = [], as type: T.Type) async throws -> T {
        let request = try core.request(.get, path, query: query)
        let endpoint = "GET \(path)"
        return try unwrap(type, from: try await core.send(request, endpoint: endpoint), endpoint: endpoint)
    }

    /// `DELETE path` and the envelope's data.
    func delete<T: Decodable & Sendable>(_ path: String, as type: T.Type) async throws -> T {
        let request = try core.request(.delete, path)
        let endpoint = "DELETE \(path)"
        return try unwrap(type, from: try await core.send(request, endpoint: endpoint), endpoint: endpoint)
    }

    /// `POST path` without a body and the envelope's data.
    func postEmpty<T: Decodable & Sendable>(_ path: String, as type: T.Type) async throws -> T {
        let request = try core.request(.post, path)
        let endpoint = "POST \(path)"
        return try unwrap(type, from: try await core.send(request, endpoint: endpoint), endpoint: endpoint)
    }

    /// `POST path` with `body` as JSON, validated first when `validate` is on, and the envelope's data.
    ///
    /// - Throws: ``BitbybitValidationError`` before sending when the body has errors.
    func post<Body: BitbybitRequestBody, T: Decodable & Sendable>(_ path: String, body: Body, as type: T.Type) async throws -> T {
        let json: JSONValue
        do {
            json = try body.requestJSON()
        } catch {
            throw CADError.usage("cannot encode the \(Body.requestSchema.schemaName) request body as JSON: \(error)")
        }
        return try await post(path, json: json, schema: Body.requestSchema, as: type)
    }

    /// `POST path` with a JSON body checked as `schema` when `validate` is on.
    func post<T: Decodable & Sendable>(_ path: String, json: JSONValue, schema: BitbybitRequestSchema, as type: T.Type)
        async throws -> T
    {
        if validate {
            try Self.sharedValidator().check(json, as: schema)
        }
        let request = try core.request(
            .post, path, headers: ["Content-Type": "application/json"], body: .bytes(json.serializedData))
        let endpoint = "POST \(path)"
        return try unwrap(type, from: try await core.send(request, endpoint: endpoint), endpoint: endpoint)
    }

    /// The envelope's `data`, or the envelope's error as an `APIError`.
    func unwrap<T: Decodable & Sendable>(_ type: T.Type, from response: HTTPResponse, endpoint: String) throws -> T {
        switch try core.decode(Envelope<T>.self, from: response, endpoint: endpoint) {
        case .success(let data):
            return data
        case .failure(let detail):
            throw APIError(
                provider: BitbybitModule.provider, status: response.status, code: detail.code,
                message: core.redactor.redact(detail.message),
                requestID: detail.requestId ?? APIErrorDecoder.requestID(in: response.headers), endpoint: endpoint,
                details: detail.details.map { core.redactor.redact($0.serialized()) })
        }
    }

    /// The bundled validator, loaded once.
    static func sharedValidator() throws -> BitbybitValidator {
        try bundledValidator.get()
    }

    private static let bundledValidator: Result<BitbybitValidator, BitbybitResourceError> = Result {
        () throws(BitbybitResourceError) -> BitbybitValidator in try BitbybitValidator.bundled()
    }

    /// `text` percent-encoded for one path segment (everything but unreserved characters).
    static func segment(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

extension BitbybitValidationError: CADErrorConvertible {
    /// A usage error (exit 2) listing every problem.
    public var cadError: CADError { .usage(description) }
}
