import BenchSupport
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

/// The workload, run off the main actor: top-level code is main-actor isolated, and awaiting from it
/// would add a hop to the main thread and back around every request.
func runWorkload() async throws -> ClientResult {
    switch options.workload {
    case .sequential:
        return await sequential()
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
