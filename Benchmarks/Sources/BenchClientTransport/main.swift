import BenchSupport
import CADCore
import CADTransport

// cadctl's CurlTransport running one workload (see BenchSupport.Workload). Prints one JSON line.

let options = ClientOptions.parse()
guard let url = URL(string: options.url) else { fail("bad --url \(options.url)") }
let transport = CurlTransport(configuration: .init(caBundlePath: options.cacert))

func get(_ url: URL) async -> Bool {
    do { return try await transport.send(HTTPRequest(url: url)).isSuccess } catch { return false }
}

/// Workload 1: `count` GETs one after another, after one that opens the keep-alive connection.
func sequential() async -> ClientResult {
    _ = await get(url)
    let stopwatch = Stopwatch()
    var succeeded = 0
    for _ in 0..<options.count where await get(url) { succeeded += 1 }
    return ClientResult(seconds: stopwatch.elapsed, succeeded: succeeded, failed: options.count - succeeded, bytes: 0)
}

/// The `/small` document as a provider client's typed model would decode it.
struct BenchJob: Decodable {
    var id: String
    var status: String
    var progress: Double
    var createdAt: String
    var updatedAt: String
    var artifacts: [String]
    var nextPollAfterMs: Int

    enum CodingKeys: String, CodingKey {
        case id, status, progress, artifacts
        case createdAt = "created_at", updatedAt = "updated_at", nextPollAfterMs = "next_poll_after_ms"
    }
}

/// Workload 1 as an SDK client sends it: every GET through `APIClientCore.send` (the provider clients'
/// request loop: retry policy, the per-attempt timeout, logging) and its JSON body decoded into a typed model.
func sequentialThroughSDK() async throws -> ClientResult {
    var base = URLComponents(url: url, resolvingAgainstBaseURL: false)
    let path = base?.path ?? "/"
    base?.path = ""
    guard let baseURL = base?.url else { fail("bad --url \(options.url)") }
    let core = APIClientCore(provider: "bench", baseURL: baseURL, credential: nil, transport: transport)
    func get() async -> Bool {
        do {
            _ = try await core.send(try core.request(.get, path), decoding: BenchJob.self)
            return true
        } catch {
            return false
        }
    }
    _ = await get()
    let stopwatch = Stopwatch()
    var succeeded = 0
    for _ in 0..<options.count where await get() { succeeded += 1 }
    return ClientResult(seconds: stopwatch.elapsed, succeeded: succeeded, failed: options.count - succeeded, bytes: 0)
}

/// The workload, run off the main actor: top-level code is main-actor isolated, and awaiting from it
/// would add a hop to the main thread and back around every request.
func runWorkload() async throws -> ClientResult {
    switch options.workload {
    case .sequential:
        return await sequential()
    case .sequentialSDK:
        return try await sequentialThroughSDK()
    case .sequentialOnExecutor:
        // The same loop with the code between requests on the transport's own thread (`transport.executor`).
        return await withTaskExecutorPreference(transport.executor) { await sequential() }
    case .concurrent:
        let stopwatch = Stopwatch()
        let succeeded = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<options.count { group.addTask { await get(url) } }
            var succeeded = 0
            for await ok in group where ok { succeeded += 1 }
            return succeeded
        }
        return ClientResult(seconds: stopwatch.elapsed, succeeded: succeeded, failed: options.count - succeeded, bytes: 0)
    case .download:
        let stopwatch = Stopwatch()
        let response = try await transport.send(HTTPRequest(url: url, destination: .file(path: options.file, append: false)))
        return ClientResult(seconds: stopwatch.elapsed, succeeded: response.isSuccess ? 1 : 0,
                              failed: response.isSuccess ? 0 : 1, bytes: response.bodyBytesReceived)
    case .upload:
        let stopwatch = Stopwatch()
        let response = try await transport.send(HTTPRequest(method: .put, url: url, body: .file(options.file)))
        return ClientResult(seconds: stopwatch.elapsed, succeeded: response.isSuccess ? 1 : 0,
                              failed: response.isSuccess ? 0 : 1, bytes: fileSize(options.file) ?? 0)
    }
}

let result = try await runWorkload()
result.print()
