import AsyncHTTPClient
import BenchSupport
import NIOCore
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

// AsyncHTTPClient (async/await API) running one workload (see BenchSupport.Workload). Prints one JSON line.
// The pool's per-host soft limit is lifted so the concurrent workload is not throttled by it.

let options = ClientOptions.parse()
var configuration = HTTPClient.Configuration()
configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                     concurrentHTTP1ConnectionsPerHostSoftLimit: max(options.count, 8))
configuration.timeout = .init(connect: .seconds(10), read: .seconds(300))
if let cacert = options.cacert {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .file(cacert)
    configuration.tlsConfiguration = tls
}
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

func get(_ url: String) async -> Bool {
    do {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(300))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (200..<300).contains(Int(response.status.code))
    } catch {
        return false
    }
}

/// Reads a file in 1 MiB chunks, as ByteBuffers, for a streamed request body.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let descriptor: Int32
        mutating func next() async throws -> ByteBuffer? {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1 << 20) { raw in
                let count = read(descriptor, raw.baseAddress, 1 << 20)
                if count < 0 { throw FileError.read(errno) }
                return count
            }
            return count == 0 ? nil : buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(descriptor: open(path, O_RDONLY))
    }
}

enum FileError: Error { case open(Int32), read(Int32), write(Int32) }

/// The workload, run off the main actor: top-level code is main-actor isolated, and awaiting from it
/// would add a hop to the main thread and back around every request.
func runWorkload() async throws -> ClientResult {
    switch options.workload {
    case .sequentialOnExecutor, .sequentialSDK:
        fail("--workload \(options.workload.rawValue) is CurlTransport's only")
    case .sequential:
        _ = await get(options.url)  // opens the keep-alive connection
        let stopwatch = Stopwatch()
        var succeeded = 0
        for _ in 0..<options.count where await get(options.url) { succeeded += 1 }
        return ClientResult(seconds: stopwatch.elapsed, succeeded: succeeded, failed: options.count - succeeded, bytes: 0)
    case .concurrent:
        let stopwatch = Stopwatch()
        let succeeded = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<options.count { group.addTask { await get(options.url) } }
            var succeeded = 0
            for await ok in group where ok { succeeded += 1 }
            return succeeded
        }
        return ClientResult(seconds: stopwatch.elapsed, succeeded: succeeded, failed: options.count - succeeded, bytes: 0)
    case .download:
        let stopwatch = Stopwatch()
        let descriptor = open(options.file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { fail("cannot create \(options.file)") }
        let response = try await client.execute(HTTPClientRequest(url: options.url), timeout: .seconds(600))
        var received: Int64 = 0
        for try await chunk in response.body {
            received += Int64(chunk.readableBytes)
            try chunk.withUnsafeReadableBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 { throw FileError.write(errno) }
                    offset += written
                }
            }
        }
        close(descriptor)
        let ok = (200..<300).contains(Int(response.status.code))
        return ClientResult(seconds: stopwatch.elapsed, succeeded: ok ? 1 : 0, failed: ok ? 0 : 1, bytes: received)
    case .upload:
        let stopwatch = Stopwatch()
        let length = fileSize(options.file) ?? 0
        var request = HTTPClientRequest(url: options.url)
        request.method = .PUT
        request.body = .stream(FileChunks(path: options.file), length: .known(length))
        let response = try await client.execute(request, timeout: .seconds(600))
        _ = try await response.body.collect(upTo: 1 << 20)
        let ok = (200..<300).contains(Int(response.status.code))
        return ClientResult(seconds: stopwatch.elapsed, succeeded: ok ? 1 : 0, failed: ok ? 0 : 1, bytes: ok ? length : 0)
    }
}

let result = try await runWorkload()
try await client.shutdown()
result.print()
