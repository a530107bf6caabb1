import CADTransport
import Foundation
import Synchronization
import Testing

/// Large bodies stream through the transport: memory stays flat whatever the size.
/// Serialized so that the memory readings of one test are not disturbed by the other.
@Suite("CurlTransport streaming", .serialized)
struct StreamingTests {
    let transport = CurlTransport()

    @Test("a 512 MiB download streams to disk with memory staying flat")
    func largeDownload() async throws {
        let length = 512 << 20
        let server = try await LoopbackServer.start { _ in .pattern(length: length) }
        defer { Task { await server.stop() } }
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/large.bin"

        let before = residentMemoryBytes()
        let peak = Mutex(before)
        let response = try await transport.send(HTTPRequest(
            url: URL(string: server.baseURL + "/large")!, destination: .file(path: path, append: false),
            progress: { _ in
                let now = residentMemoryBytes()
                peak.withLock { $0 = max($0, now) }
            }))
        #expect(response.status == 200)
        #expect(response.bodyBytesReceived == Int64(length))
        #expect(response.body.isEmpty)
        #expect(fileSize(path) == length)
        #expect(fileMatchesPattern(path, length: length))
        let growth = peak.withLock { $0 } - before
        #expect(growth < 64 << 20, "memory grew by \(growth >> 20) MiB during a 512 MiB download")
    }

    @Test("a 256 MiB upload streams from disk with memory staying flat")
    func largeUpload() async throws {
        let length = 256 << 20
        let server = try await LoopbackServer.start { request in
            .respond(status: 200, body: Array("\(request.bodyByteCount)".utf8))
        }
        defer { Task { await server.stop() } }
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/upload.bin"
        try writePatternFile(path, length: length)

        let before = residentMemoryBytes()
        let peak = Mutex(before)
        let response = try await transport.send(HTTPRequest(
            method: .put, url: URL(string: server.baseURL + "/upload")!, body: .file(path),
            progress: { _ in
                let now = residentMemoryBytes()
                peak.withLock { $0 = max($0, now) }
            }))
        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(received.bodyByteCount == length)
        #expect(received.bodyMatchesPattern)
        #expect(received.header("Content-Length") == "\(length)")
        let growth = peak.withLock { $0 } - before
        #expect(growth < 64 << 20, "memory grew by \(growth >> 20) MiB during a 256 MiB upload")
    }

    @Test("a multipart-style body of memory and file parts arrives in order")
    func mixedParts() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 200) }
        defer { Task { await server.stop() } }
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/part.bin"
        try Data("FILE-CONTENT".utf8).write(to: URL(fileURLWithPath: path))
        _ = try await transport.send(HTTPRequest(
            method: .post, url: URL(string: server.baseURL + "/form")!,
            body: RequestBody(parts: [.bytes(Data("head-".utf8)), .file(path: path), .bytes(Data("-tail".utf8))])))
        #expect(server.requests.first.map { String(decoding: $0.bodyPrefix, as: UTF8.self) } == "head-FILE-CONTENT-tail")
    }

    @Test("a missing body file fails before anything is sent")
    func missingBodyFile() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 200) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.send(HTTPRequest(
                method: .put, url: URL(string: server.baseURL + "/u")!, body: .file("/nonexistent/cadctl-file")))
        }
        #expect(error?.kind == .fileError)
        #expect(error?.requestMayHaveBeenSent == false)
        #expect(server.requests.isEmpty)
    }

    @Test("an error status never lands in the download file; its body is returned instead")
    func errorStatusNotWritten() async throws {
        let server = try await LoopbackServer.start { _ in
            .respond(status: 403, body: Array("<Error>expired</Error>".utf8))
        }
        defer { Task { await server.stop() } }
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/out.bin"
        let response = try await transport.send(HTTPRequest(
            url: URL(string: server.baseURL + "/signed")!, destination: .file(path: path, append: false)))
        #expect(response.status == 403)
        #expect(String(decoding: response.body, as: UTF8.self) == "<Error>expired</Error>")
        #expect(fileSize(path) == nil)
    }

    @Test("appending resumes a file where it stopped")
    func appendMode() async throws {
        let server = try await LoopbackServer.start { _ in .respond(status: 206, body: Array("world".utf8)) }
        defer { Task { await server.stop() } }
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/resume.txt"
        try Data("hello ".utf8).write(to: URL(fileURLWithPath: path))
        _ = try await transport.send(HTTPRequest(
            url: URL(string: server.baseURL + "/r")!, headers: ["Range": "bytes=6-"],
            destination: .file(path: path, append: true)))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello world")
        #expect(server.requests.first?.header("Range") == "bytes=6-")
    }

    @Test("a streamed body reaches the consumer chunk by chunk; a throwing consumer aborts")
    func streamConsumer() async throws {
        let server = try await LoopbackServer.start { _ in .pattern(length: 4 << 20) }
        defer { Task { await server.stop() } }
        let counter = CountingConsumer(failAfter: nil)
        let response = try await transport.send(HTTPRequest(
            url: URL(string: server.baseURL + "/s")!, destination: .stream(counter)))
        #expect(response.status == 200)
        #expect(counter.total == 4 << 20)
        #expect(counter.chunks > 1)

        let failing = CountingConsumer(failAfter: 1 << 20)
        await #expect(throws: ConsumerFull.self) {
            _ = try await transport.send(HTTPRequest(url: URL(string: server.baseURL + "/s")!, destination: .stream(failing)))
        }
    }
}

extension StreamingTests {
    /// File and stream destinations get a 256 KiB receive buffer (fewer, larger reads; libcurl still hands
    /// the write callback at most 16 KiB at a time) and their handle is freed, not pooled. The risky paths:
    /// a pooled handle that already has libcurl's 16 KiB buffer is given the large one, and the transport
    /// goes on after the bulk handle is freed. Bytes must arrive exact through all of it.
    @Test("bulk downloads on reused and fresh handles arrive byte-exact, and in-memory requests go on after them")
    func bulkReceiveBuffer() async throws {
        let length = 8 << 20
        let server = try await LoopbackServer.start { _ in .pattern(length: length) }
        defer { Task { await server.stop() } }
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let url = URL(string: server.baseURL + "/bulk")!

        // An in-memory request first: its handle (with the default buffer) goes back to the pool.
        let first = try await transport.send(HTTPRequest(url: url))
        #expect(first.body.count == length)
        #expect(first.body.withUnsafeBytes { PatternBytes.matches($0, at: 0) })

        // The pooled handle now carries a file download with the large buffer.
        let path = directory + "/bulk.bin"
        let download = try await transport.send(HTTPRequest(url: url, destination: .file(path: path, append: false)))
        #expect(download.status == 200)
        #expect(fileSize(path) == length)
        #expect(fileMatchesPattern(path, length: length))

        // A stream download on a fresh handle, then memory again after the bulk handles were freed.
        let checker = PatternChecker()
        let streamed = try await transport.send(HTTPRequest(url: url, destination: .stream(checker)))
        #expect(streamed.status == 200)
        #expect(checker.total == length)
        #expect(checker.intact)
        let last = try await transport.send(HTTPRequest(url: url))
        #expect(last.body.count == length)
        #expect(last.body.withUnsafeBytes { PatternBytes.matches($0, at: 0) })
    }
}

/// Counts a streamed body and checks it against the loopback server's pattern chunk by chunk.
final class PatternChecker: ResponseBodyConsumer {
    private let state = Mutex((total: 0, intact: true))

    var total: Int { state.withLock { $0.total } }
    var intact: Bool { state.withLock { $0.intact } }

    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        state.withLock { state in
            if !PatternBytes.matches(chunk, at: state.total) { state.intact = false }
            state.total += chunk.count
        }
    }
}

struct ConsumerFull: Error {}

final class CountingConsumer: ResponseBodyConsumer {
    private let state = Mutex((total: 0, chunks: 0))
    let failAfter: Int?

    init(failAfter: Int?) { self.failAfter = failAfter }

    var total: Int { state.withLock { $0.total } }
    var chunks: Int { state.withLock { $0.chunks } }

    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        let total = state.withLock { state in
            state.total += chunk.count
            state.chunks += 1
            return state.total
        }
        if let failAfter, total > failAfter { throw ConsumerFull() }
    }
}
