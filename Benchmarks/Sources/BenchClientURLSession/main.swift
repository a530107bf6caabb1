import BenchSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// Foundation's URLSession running one workload (see BenchSupport.Workload). Prints one JSON line.
// The configuration lifts the per-host connection cap so the concurrent workload is not throttled by it.

let options = ClientOptions.parse()
guard let url = URL(string: options.url) else { fail("bad --url \(options.url)") }
let configuration = URLSessionConfiguration.ephemeral
configuration.httpMaximumConnectionsPerHost = max(options.count, 6)
configuration.timeoutIntervalForRequest = 300
configuration.timeoutIntervalForResource = 600
let session = URLSession(configuration: configuration)

@Sendable func isSuccess(_ response: URLResponse?) -> Bool {
    guard let status = (response as? HTTPURLResponse)?.statusCode else { return false }
    return (200..<300).contains(status)
}

func get(_ url: URL) async -> Bool {
    do { return isSuccess(try await session.data(from: url).1) } catch { return false }
}

/// The workload, run off the main actor: top-level code is main-actor isolated, and awaiting from it
/// would add a hop to the main thread and back around every request.
func runWorkload() async throws -> ClientResult {
    switch options.workload {
    case .sequentialOnExecutor, .sequentialSDK:
        fail("--workload \(options.workload.rawValue) is CurlTransport's only")
    case .sequential:
        _ = await get(url)  // opens the keep-alive connection
        let stopwatch = Stopwatch()
        var succeeded = 0
        for _ in 0..<options.count where await get(url) { succeeded += 1 }
        return ClientResult(seconds: stopwatch.elapsed, succeeded: succeeded, failed: options.count - succeeded, bytes: 0)
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
        // A download task writes to a temporary file; it is then moved to the destination, as an app would.
        let stopwatch = Stopwatch()
        let destination = URL(fileURLWithPath: options.file)
        let ok: Bool = await withCheckedContinuation { continuation in
            session.downloadTask(with: url) { location, response, _ in
                guard let location, isSuccess(response) else { return continuation.resume(returning: false) }
                try? FileManager.default.removeItem(at: destination)
                let moved = (try? FileManager.default.moveItem(at: location, to: destination)) != nil
                continuation.resume(returning: moved)
            }.resume()
        }
        return ClientResult(seconds: stopwatch.elapsed, succeeded: ok ? 1 : 0, failed: ok ? 0 : 1,
                              bytes: fileSize(options.file) ?? 0)
    case .upload:
        let stopwatch = Stopwatch()
        var request = URLRequest(url: url)
        request.httpMethod = "PUT"
        let ok: Bool = await withCheckedContinuation { continuation in
            session.uploadTask(with: request, fromFile: URL(fileURLWithPath: options.file)) { _, response, _ in
                continuation.resume(returning: isSuccess(response))
            }.resume()
        }
        return ClientResult(seconds: stopwatch.elapsed, succeeded: ok ? 1 : 0, failed: ok ? 0 : 1,
                              bytes: ok ? (fileSize(options.file) ?? 0) : 0)
    }
}

let result = try await runWorkload()
result.print()
