import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of one exchange (no redirect following at this level).
struct CurlExchangeResult: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var bodyBytesReceived: Int64
    var metrics: TransferMetrics
}

/// One transfer in flight: the request, where its body comes from, where the response goes, and how its
/// caller learns the outcome.
///
/// Thread confinement: once handed to the engine (`CurlMultiEngine.submit` or `driveInline`) every mutable
/// property is touched only by the thread driving the engine's multi handle, which libcurl calls the
/// callbacks on: the loop thread, or a caller driving its own lone transfer; the role passes between them
/// under the engine's lock. The only other cross-thread state is `cancelRequested`, an atomic. Hence
/// `@unchecked Sendable`.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    /// Resumed exactly once with the outcome; nil while a caller drives the transfer itself, in which case
    /// the outcome goes to `inlineResult` (the caller sets this before handing the transfer to the loop).
    var continuation: CheckedContinuation<CurlExchangeResult, any Error>?
    /// The outcome of a transfer that ended while its caller drove it (no continuation was set).
    var inlineResult: Result<CurlExchangeResult, any Error>?
    let cancelRequested = Atomic<Bool>(false)
    /// `scheme://host:port` of the request.
    let origin: String
    /// Whether the request goes over TLS (`https`).
    var isTLS: Bool { origin.hasPrefix("https://") }
    /// A write that is not safe to repeat: it always gets a connection of its own (see the configurator).
    var needsOwnConnection: Bool { !request.method.isIdempotent && !request.headers.contains("Idempotency-Key") }

    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    let bodyReader: FileBodyReader?
    let uploadLength: Int64?
    /// Whether the body may be large (a file or stream destination): such transfers get a larger
    /// receive buffer, and their handle is freed rather than pooled afterwards.
    var usesBulkReceiveBuffer: Bool {
        switch request.destination {
        case .memory: false
        case .file, .stream: true
        }
    }
    /// Whether the transfer's handle got a large receive or upload buffer, and is freed rather than pooled.
    var usesBulkBuffers: Bool {
        usesBulkReceiveBuffer || (uploadLength ?? 0) >= Int64(CurlEasyConfigurator.bulkUploadBufferSize)
    }
    /// Whether the engine wants to know when this transfer has its connection (`connectedProtocol`).
    var watchesConnection = false
    /// Once the transfer has its connection: whether its TLS handshake negotiated HTTP/2 (nil until then, or
    /// when the TLS library cannot say).
    private(set) var connectedWithHTTP2: Bool?
    /// Whether the connection was established (the request about to be sent).
    private(set) var isConnected = false
    /// Whether a response status line has arrived.
    private(set) var sawResponse = false
    /// Whether the engine holds the transfer back (not yet handed to libcurl), and for which origin.
    var heldForOrigin: String?
    /// Set by a callback that had to abort the transfer; reported instead of libcurl's generic code.
    var failure: (any Error)?
    /// libcurl's detailed message for a failure (CURLOPT_ERRORBUFFER), e.g. the HTTP/2 error code of a
    /// reset stream; empty while none.
    let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        return buffer
    }()
    /// The detailed failure message, if libcurl wrote one.
    var detailedCurlMessage: String? {
        errorBuffer.pointee == 0 ? nil : String(cString: errorBuffer)
    }

    // Response state, rebuilt for every status line (interim 1xx responses come first).
    private var status = 0
    private var headers = HTTPHeaders()
    private var headersComplete = false
    private var sink: BodySink = .undecided
    private var bodyBytes: Int64 = 0
    private var lastProgress: TransferProgress?

    private enum BodySink {
        case undecided
        case memory(Data, limit: Int)
        case file(Int32)
        case stream(any ResponseBodyConsumer)
        case discard
    }

    /// Bodies of redirects and error statuses collected instead of going to a file or stream.
    private static let sideBodyLimit = 1 << 20

    init(request: HTTPRequest, uploadLength: Int64?) {
        self.request = request
        self.origin = Self.origin(of: request.url)
        self.uploadLength = uploadLength
        self.bodyReader = request.body.isEmpty ? nil : FileBodyReader(body: request.body, url: TransportError.displayURL(request.url))
    }

    deinit {
        closeSinkFile()
        errorBuffer.deallocate()
    }

    /// `scheme://host:port` of `url` (the port as written, or -1).
    static func origin(of url: URL) -> String {
        "\(url.scheme?.lowercased() ?? "")://\(url.host?.lowercased() ?? ""):\(url.port ?? -1)"
    }

    /// Delivers the outcome: resumes the continuation, or keeps it for the caller driving the transfer.
    func deliver(_ result: Result<CurlExchangeResult, any Error>) {
        guard let continuation else {
            inlineResult = result
            return
        }
        self.continuation = nil
        continuation.resume(with: result)
    }

    /// Whether the caller may drive this transfer on its own thread (`CurlMultiEngine.driveInline`): an API
    /// call whose response goes to memory, with a small in-memory body or none, and no progress observer
    /// (whose callbacks then always run on the loop thread).
    var mayRunInline: Bool {
        guard case .memory = request.destination, request.progress == nil else { return false }
        for part in request.body.parts {
            switch part {
            case .bytes(let data): if data.count > CurlMultiEngine.inlineBodyLimit { return false }
            case .file: return false
            }
        }
        return true
    }

    // MARK: libcurl callbacks (the driving thread)

    func connectionEstablished() {
        isConnected = true
        guard let easy else { return }
        switch cadcurl_easy_alpn(easy) {
        case 2: connectedWithHTTP2 = true
        case 1: connectedWithHTTP2 = false
        default: connectedWithHTTP2 = nil
        }
    }

    /// One header line as libcurl hands it over (with its line end), parsed on its bytes: the status line
    /// starts a new set of headers, an empty line ends them, `Name: value` adds a field.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, (0x0A...0x0D).contains(line[end - 1]) { end -= 1 }
        if end == 0 {
            headersComplete = (status >= 200)
            return
        }
        if HeaderLine.isStatusLine(line, end: end) {
            sawResponse = true
            status = HeaderLine.statusCode(line, end: end)
            headers = HTTPHeaders()
            headersComplete = false
            return
        }
        guard let colon = line[..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        headers.add(HeaderLine.trimmedText(line, 0, colon), HeaderLine.trimmedText(line, colon + 1, end))
    }

    /// Returns the number of bytes taken; anything else makes libcurl abort with CURLE_WRITE_ERROR.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        if case .undecided = sink { decideSink() }
        do {
            switch sink {
            case .undecided, .discard:
                break
            case .memory(var data, let limit):
                guard data.count + chunk.count <= limit else {
                    failure = TransportError(
                        kind: .bodyTooLarge,
                        message: "the response body is larger than the \(limit)-byte limit for in-memory responses",
                        url: TransportError.displayURL(request.url), requestMayHaveBeenSent: true)
                    return 0
                }
                sink = .discard  // drop the reference so the append does not copy
                data.append(contentsOf: chunk)
                sink = .memory(data, limit: limit)
            case .file(let descriptor):
                try writeAll(chunk, to: descriptor)
            case .stream(let consumer):
                try consumer.consume(chunk)
            }
        } catch {
            failure = error
            return 0
        }
        bodyBytes += Int64(chunk.count)
        return chunk.count
    }

    func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let bodyReader else { return 0 }
        let count = bodyReader.read(into: buffer)
        if count == nil { failure = bodyReader.failure }
        return count
    }

    func rewindBody() -> Bool {
        bodyReader?.rewind()
        return true
    }

    func reportProgress(downloadTotal: Int64, downloaded: Int64, uploadTotal: Int64, uploaded: Int64) {
        guard let observer = request.progress else { return }
        let progress = TransferProgress(
            bytesSent: uploaded,
            totalBytesToSend: uploadLength ?? (uploadTotal > 0 ? uploadTotal : nil),
            bytesReceived: downloaded,
            totalBytesToReceive: downloadTotal > 0 ? downloadTotal : nil)
        guard progress != lastProgress else { return }
        lastProgress = progress
        observer(progress)
    }

    // MARK: completion

    /// The result once libcurl says the transfer is done with `code`.
    func finish(code: CURLcode, curlMessage: String?, metrics: TransferMetrics) -> Result<CurlExchangeResult, any Error> {
        if code == CURLE_OK, failure == nil, case .undecided = sink { decideSink() }  // an empty body still makes a file
        let finalBody = takeMemoryBody()
        closeSinkFile()
        if let failure { return .failure(failure) }
        guard code == CURLE_OK else {
            return .failure(CurlErrorMapping.error(
                code: code, curlMessage: curlMessage, url: request.url, requestBytesSent: metrics.requestBytesSent))
        }
        return .success(CurlExchangeResult(
            status: status, headers: headers, body: finalBody, bodyBytesReceived: bodyBytes, metrics: metrics))
    }

    // MARK: private

    /// Chooses where the body goes once the final status is known: the requested destination for a
    /// final success, memory for redirects that will be followed and for error statuses.
    private func decideSink() {
        let isRedirect = request.followRedirects && RedirectPolicy.redirectStatuses.contains(status)
        if isRedirect {
            sink = .discard
            return
        }
        switch request.destination {
        case .memory(let limit):
            sink = .memory(Data(), limit: limit)
        case .file(let path, let append):
            guard status < 300 else {
                sink = .memory(Data(), limit: Self.sideBodyLimit)
                return
            }
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
            let descriptor = open(path, flags, 0o644)
            if descriptor < 0 {
                failure = TransportError(
                    kind: .fileError, message: "cannot write the download to \(path): \(errnoText())",
                    url: TransportError.displayURL(request.url), requestMayHaveBeenSent: true)
                sink = .discard
            } else {
                sink = .file(descriptor)
            }
        case .stream(let consumer):
            sink = status < 300 ? .stream(consumer) : .memory(Data(), limit: Self.sideBodyLimit)
        }
    }

    private func writeAll(_ chunk: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        var offset = 0
        while offset < chunk.count {
            let written = write(descriptor, chunk.baseAddress?.advanced(by: offset), chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw TransportError(
                    kind: .fileError, message: "cannot write the download: \(errnoText())",
                    url: TransportError.displayURL(request.url), requestMayHaveBeenSent: true)
            }
            offset += written
        }
    }

    private func takeMemoryBody() -> Data {
        if case .memory(let data, _) = sink {
            sink = .discard
            return data
        }
        return Data()
    }

    private func closeSinkFile() {
        if case .file(let descriptor) = sink {
            close(descriptor)
            sink = .discard
        }
    }
}

/// Byte-level pieces of a header line (no `String` is made until a name or value is kept).
enum HeaderLine {
    /// Whether the line (up to `end`) starts with `HTTP/`.
    static func isStatusLine(_ line: UnsafeRawBufferPointer, end: Int) -> Bool {
        end >= 5 && line[0] == 0x48 && line[1] == 0x54 && line[2] == 0x54 && line[3] == 0x50 && line[4] == 0x2F  // "HTTP/"
    }

    /// The status code of a status line (`HTTP/1.1 200 OK`): the word after the version, 0 when it is not a
    /// number.
    static func statusCode(_ line: UnsafeRawBufferPointer, end: Int) -> Int {
        var index = 0
        while index < end, line[index] != 0x20 { index += 1 }
        while index < end, line[index] == 0x20 { index += 1 }
        var code = 0
        var digits = 0
        while index < end, line[index] != 0x20 {
            let byte = line[index]
            guard (0x30...0x39).contains(byte), digits < 9 else { return 0 }
            code = code * 10 + Int(byte - 0x30)
            digits += 1
            index += 1
        }
        return digits > 0 ? code : 0
    }

    /// The bytes `start..<end` as text, without leading and trailing spaces and tabs.
    static func trimmedText(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String {
        var lower = start
        var upper = end
        while lower < upper, line[lower] == 0x20 || line[lower] == 0x09 { lower += 1 }
        while upper > lower, line[upper - 1] == 0x20 || line[upper - 1] == 0x09 { upper -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: line[lower..<upper]), as: UTF8.self)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
