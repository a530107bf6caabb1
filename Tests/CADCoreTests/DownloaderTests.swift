import CADCore
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory for one test, removed with everything in it when the test ends.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/cadcore-test-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CADError.other("mkdtemp failed")
        }
        path = String(cString: made)
    }

    deinit {
        for name in entries() { unlink(path + "/" + name) }
        rmdir(path)
    }

    /// Every name in the directory (hidden ones included).
    func entries() -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func read(_ name: String) -> [UInt8]? {
        guard let file = fopen(path + "/" + name, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    func write(_ name: String, _ bytes: [UInt8]) {
        let file = fopen(path + "/" + name, "wb")
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
    }
}

/// 100,000 bytes that differ from their neighbours, so a misplaced byte is noticed.
let fileContent: [UInt8] = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }

/// The value of `bytes=N-` in a Range header.
func rangeStart(_ request: SeenRequest) -> Int? {
    guard let range = request.header("Range"), range.hasPrefix("bytes="), range.hasSuffix("-") else { return nil }
    return Int(range.dropFirst(6).dropLast())
}

/// A server that counts requests and answers each with `script(attempt, request)`.
func countingServer(_ script: @escaping @Sendable (Int, SeenRequest) -> Reply) async throws -> TestHTTPServer {
    let count = Mutex(0)
    return try await TestHTTPServer.start { request in
        let attempt = count.withLock { value in
            value += 1
            return value
        }
        return script(attempt, request)
    }
}

func downloader(records: Collector<ExchangeRecord> = Collector()) -> Downloader {
    Downloader(provider: "orville", transport: CurlTransport.shared, retryPolicy: RetryPolicy(jitter: .constant(0)),
               clock: ManualClock(autoAdvance: true), observer: { records.append($0) })
}

@Suite("Downloader over loopback")
struct DownloaderTests {
    @Test("a plain download writes the exact file and leaves no temporary file")
    func plain() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: fileContent) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let result = try await downloader().download(HTTPRequest(url: server.url("/files/plate.step")),
                                                     to: directory.path + "/plate.step")
        #expect(directory.entries() == ["plate.step"])
        #expect(directory.read("plate.step") == fileContent)
        #expect(result.size == Int64(fileContent.count))
        #expect(result.attempts == 1)
        #expect(result.resumes == 0)
        #expect(result.path == directory.path + "/plate.step")
        #expect(server.requests.first?.header("Range") == nil)
        #expect(server.requests.first?.header("Accept-Encoding") == "identity")
    }

    @Test("an existing file is refused without overwrite, and replaced with it")
    func existing() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: fileContent) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        directory.write("model.glb", [1, 2, 3])
        do {
            _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/model.glb")
            Issue.record("should refuse")
        } catch let error as OutputFileExistsError {
            #expect(CADError(error).category == .usage)
            #expect(error.description.contains("model.glb already exists"))
        }
        #expect(directory.read("model.glb") == [1, 2, 3])
        #expect(directory.entries() == ["model.glb"])
        #expect(server.requests.isEmpty)

        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/model.glb",
                                            options: DownloadOptions(overwrite: true))
        #expect(directory.read("model.glb") == fileContent)
        #expect(directory.entries() == ["model.glb"])
    }

    @Test("a broken transfer resumes with Range and the server's 206")
    func resume() async throws {
        let server = try await countingServer { attempt, request in
            if attempt == 1 { return .truncated(status: 200, announced: fileContent.count, body: Array(fileContent[0..<40_000])) }
            let start = rangeStart(request) ?? 0
            return .respond(status: 206, headers: [("Content-Range", "bytes \(start)-\(fileContent.count - 1)/\(fileContent.count)")],
                            body: Array(fileContent[start...]))
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let records = Collector<ExchangeRecord>()
        let result = try await downloader(records: records).download(
            HTTPRequest(url: server.url("/files/a.step")), to: directory.path + "/a.step")
        #expect(directory.read("a.step") == fileContent)
        #expect(directory.entries() == ["a.step"])
        #expect(server.requests.map { $0.header("Range") } == [nil, "bytes=40000-"])
        #expect(result.resumes == 1)
        #expect(result.attempts == 2)
        #expect(records.values.map(\.status) == [nil, 206])
    }

    @Test("a server that ignores Range and answers 200 restarts the file from zero")
    func rangeIgnored() async throws {
        let server = try await countingServer { attempt, _ in
            attempt == 1
                ? .truncated(status: 200, announced: fileContent.count, body: Array(fileContent[0..<30_000]))
                : .respond(status: 200, body: fileContent)
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin")
        #expect(directory.read("f.bin") == fileContent)
        #expect(directory.entries() == ["f.bin"])
        #expect(server.requests.map { $0.header("Range") } == [nil, "bytes=30000-"])
    }

    @Test("resumes that break again keep every good byte, across several attempts")
    func multipleResumes() async throws {
        let server = try await countingServer { attempt, request in
            let start = rangeStart(request) ?? 0
            let end = min(start + 25_000, fileContent.count)
            let headers = start > 0 ? [("Content-Range", "bytes \(start)-\(fileContent.count - 1)/\(fileContent.count)")] : []
            if end < fileContent.count {
                return .truncated(status: start > 0 ? 206 : 200, headers: headers, announced: fileContent.count - start,
                                  body: Array(fileContent[start..<end]))
            }
            return .respond(status: start > 0 ? 206 : 200, headers: headers, body: Array(fileContent[start...]))
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let result = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin")
        #expect(directory.read("f.bin") == fileContent)
        #expect(server.requests.map { rangeStart($0) } == [nil, 25_000, 50_000, 75_000])
        #expect(result.resumes == 3)
    }

    @Test("a body that always ends early fails: no file, no temporary file")
    func alwaysTruncated() async throws {
        let server = try await TestHTTPServer.start { _ in
            .truncated(status: 200, announced: fileContent.count, body: Array(fileContent[0..<10_000]))
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        do {
            _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin")
            Issue.record("should fail")
        } catch let error as TransportError {
            #expect(error.kind == .truncatedBody)
            #expect(CADError(error).category == .network)
        }
        #expect(directory.entries().isEmpty)
        #expect(server.requests.count >= 2 && server.requests.count <= 6)
    }

    @Test("a complete-looking body shorter than Content-Range's total is detected and finished")
    func shortRange() async throws {
        // The 206 claims the whole rest but only covers part of it (a well-formed but short range).
        let server = try await countingServer { attempt, request in
            let start = rangeStart(request) ?? 0
            if attempt == 1 { return .truncated(status: 200, announced: fileContent.count, body: Array(fileContent[0..<1_000])) }
            let end = min(start + 50_000, fileContent.count) - 1
            return .respond(status: 206, headers: [("Content-Range", "bytes \(start)-\(end)/\(fileContent.count)")],
                            body: Array(fileContent[start...end]))
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin")
        #expect(directory.read("f.bin") == fileContent)
        #expect(server.requests.map { rangeStart($0) } == [nil, 1_000, 51_000])
    }

    @Test("a 206 for another range than asked restarts from zero")
    func wrongRange() async throws {
        let server = try await countingServer { attempt, _ in
            switch attempt {
            case 1: .truncated(status: 200, announced: fileContent.count, body: Array(fileContent[0..<5_000]))
            case 2: .respond(status: 206, headers: [("Content-Range", "bytes 0-99/\(fileContent.count)")],
                             body: Array(fileContent[0..<100]))
            default: .respond(status: 200, body: fileContent)
            }
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin")
        #expect(directory.read("f.bin") == fileContent)
        #expect(server.requests.map { $0.header("Range") } == [nil, "bytes=5000-", nil])
    }

    @Test("the expected size is enforced")
    func expectedSize() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: fileContent) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        await #expect(throws: CADError.self) {
            _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin",
                                                options: DownloadOptions(expectedSize: 99_999))
        }
        #expect(directory.entries().isEmpty)
        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin",
                                            options: DownloadOptions(expectedSize: Int64(fileContent.count)))
        #expect(directory.read("f.bin") == fileContent)
    }

    @Test("error statuses are retried when transient and reported when not, leaving nothing behind")
    func errorStatuses() async throws {
        let flaky = try await countingServer { attempt, _ in
            attempt == 1 ? .respond(status: 503, headers: [("Retry-After", "1")]) : .respond(status: 200, body: fileContent)
        }
        defer { Task { await flaky.stop() } }
        let directory = try TemporaryDirectory()
        _ = try await downloader().download(HTTPRequest(url: flaky.url("/f")), to: directory.path + "/ok.bin")
        #expect(directory.read("ok.bin") == fileContent)
        #expect(flaky.requests.count == 2)

        let expired = try await TestHTTPServer.start { _ in
            .respond(status: 403, body: Array("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>".utf8))
        }
        defer { Task { await expired.stop() } }
        do {
            _ = try await downloader().download(HTTPRequest(url: expired.url("/f?X-Amz-Signature=abc")), to: directory.path + "/no.bin")
            Issue.record("should fail")
        } catch let error as APIError {
            #expect(error.status == 403)
            #expect(error.message.contains("Request has expired"))
            #expect(error.endpoint == "GET /f")
        }
        #expect(directory.entries() == ["ok.bin"])
        #expect(expired.requests.count == 1)
    }

    @Test("cancelling mid-transfer removes the temporary file and writes nothing")
    func cancellation() async throws {
        let server = try await TestHTTPServer.start { _ in
            .stall(status: 200, announced: fileContent.count, body: Array(fileContent[0..<20_000]))
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let received = AsyncStream<Void>.makeStream()
        let options = DownloadOptions(progress: { progress in
            if progress.bytesReceived > 0 { received.continuation.yield() }
        })
        let task = Task {
            try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin", options: options)
        }
        for await _ in received.stream { break }
        #expect(directory.entries().count == 1)  // the temporary file, while the transfer runs
        #expect(directory.entries().first?.hasPrefix(".f.bin.cadctl-partial-") == true)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(directory.entries().isEmpty)
    }

    @Test("credential headers are stripped when the download's origin is not the API's")
    func credentialStripping() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: [1, 2, 3]) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        var request = HTTPRequest(url: server.url("/signed?sig=abc"))
        request.headers["Authorization"] = "Bearer \(secretKey)"
        request.headers["x-api-key"] = secretKey
        _ = try await downloader().download(request, to: directory.path + "/a.bin",
                                            options: DownloadOptions(apiBaseURL: URL(string: "https://api.bitbybit.dev")!))
        #expect(server.requests.first?.header("Authorization") == nil)
        #expect(server.requests.first?.header("x-api-key") == nil)
        // To the API's own origin (an artifact download that redirects), the credential stays.
        _ = try await downloader().download(request, to: directory.path + "/b.bin",
                                            options: DownloadOptions(apiBaseURL: server.baseURL))
        #expect(server.requests.last?.header("Authorization") == "Bearer \(secretKey)")
    }

    @Test("names from the server are sanitised into the chosen directory")
    func sanitisedNames() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: [42]) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let result = try await downloader().download(HTTPRequest(url: server.url("/f")), into: directory.path,
                                                     fileName: "../../etc/\u{202E}passwd.step")
        #expect(result.path == directory.path + "/etc__passwd.step")
        #expect(directory.entries() == ["etc__passwd.step"])
        let fallback = try await downloader().download(HTTPRequest(url: server.url("/f")), into: directory.path,
                                                       fileName: "..", fallbackName: "result.glb")
        #expect(fallback.path == directory.path + "/result.glb")
    }

    @Test("a missing directory or a directory as target is a usage error")
    func badTargets() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: [1]) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        await #expect(throws: CADError.self) {
            _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/missing/f.bin")
        }
        await #expect(throws: CADError.self) {
            _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path)
        }
        #expect(server.requests.isEmpty)
    }

    @Test("a symbolic link to a directory is a fine place to download into")
    func symlinkedDirectory() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: [5]) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let target = try TemporaryDirectory()
        symlink(target.path, directory.path + "/out")
        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/out/f.bin")
        #expect(target.read("f.bin") == [5])
        #expect(target.entries() == ["f.bin"])
    }

    @Test("a 416 on resume completes a file that was already whole")
    func alreadyComplete() async throws {
        let server = try await countingServer { attempt, _ in
            attempt == 1
                ? .truncated(status: 200, announced: fileContent.count + 1, body: fileContent)
                : .respond(status: 416, headers: [("Content-Range", "bytes */\(fileContent.count)")])
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        _ = try await downloader().download(HTTPRequest(url: server.url("/f")), to: directory.path + "/f.bin")
        #expect(directory.read("f.bin") == fileContent)
    }
}

@Suite("APIClientCore downloads")
struct APIClientCoreDownloadTests {
    @Test("artifact downloads from the API carry the key; from another origin they do not")
    func credentials() async throws {
        let api = try await TestHTTPServer.start { _ in .respond(status: 200, body: [7, 7]) }
        defer { Task { await api.stop() } }
        let storage = try await TestHTTPServer.start { _ in .respond(status: 200, body: [8]) }
        defer { Task { await storage.stop() } }
        let directory = try TemporaryDirectory()
        let core = APIClientCore(provider: "orville", baseURL: api.baseURL, credential: .bearer(secretKey),
                                 transport: CurlTransport.shared, clock: ManualClock(autoAdvance: true))
        _ = try await core.download(try core.request(.get, "/api/v1/artifacts/art_1/download"), to: directory.path + "/a.step")
        var foreign = HTTPRequest(url: storage.url("/signed?sig=abc"))
        foreign.headers["Authorization"] = "Bearer \(secretKey)"
        _ = try await core.download(foreign, to: directory.path + "/b.step")
        #expect(api.requests.first?.header("Authorization") == "Bearer \(secretKey)")
        #expect(storage.requests.first?.header("Authorization") == nil)
        #expect(directory.read("a.step") == [7, 7])
        #expect(directory.read("b.step") == [8])
    }
}
