import Logging
import Synchronization

/// Choices for one download.
public struct DownloadOptions: Sendable {
    /// Replace an existing file at the destination (cadctl `--force`). Without it, an existing file is a
    /// usage error and is left untouched.
    public var overwrite: Bool
    /// The size the file must have, when the API said so; a different length fails the download.
    public var expectedSize: Int64?
    /// The API's base URL: when the download URL has another origin (a storage host), credential headers are
    /// removed from the request, whatever the caller put in it.
    public var apiBaseURL: URL?
    /// How many times a broken transfer is resumed (or restarted) in all, on top of the retry policy's
    /// consecutive-failure limit.
    public var maxResumes: Int
    /// Told of the download's progress, in bytes of the whole file (resumed bytes included).
    public var progress: TransferProgressObserver?

    /// Options; the defaults refuse to overwrite and resume up to 5 times.
    public init(
        overwrite: Bool = false,
        expectedSize: Int64? = nil,
        apiBaseURL: URL? = nil,
        maxResumes: Int = 5,
        progress: TransferProgressObserver? = nil
    ) {
        self.overwrite = overwrite
        self.expectedSize = expectedSize
        self.apiBaseURL = apiBaseURL
        self.maxResumes = max(0, maxResumes)
        self.progress = progress
    }
}

/// What a finished download produced.
public struct DownloadResult: Sendable, Hashable {
    /// The path of the written file.
    public var path: String
    /// Its size in bytes.
    public var size: Int64
    /// How many requests it took (1 when nothing broke).
    public var attempts: Int
    /// How many of those continued a partial file with `Range`.
    public var resumes: Int
    /// The URL the file came from, after redirects.
    public var finalURL: URL
}

/// Downloads a file atomically: the bytes go to a temporary file beside the target, are checked against the
/// announced length, flushed to disk (unless ``DownloadDurability/flushesToDisk`` is off), and only then renamed
/// to the final name.
///
/// - Exact file or no file: an interrupted, failed or cancelled download leaves nothing under the final name
///   and removes its temporary file (`.NAME.cadctl-partial-XXXXXXXX` in the same directory).
/// - Lengths are checked against `Content-Length`, `Content-Range` and `DownloadOptions.expectedSize`.
/// - A broken connection is resumed with `Range: bytes=N-`; a server that answers `206` continues the file, one
///   that answers `200` (ignoring `Range`) restarts it from zero. When the break leaves it unclear which kind
///   of body was arriving, the bytes of that attempt are discarded rather than guessed at.
/// - Error statuses and transient failures are retried with the `RetryPolicy` (downloads are GETs).
/// - The request asks for `Accept-Encoding: identity`, so lengths and ranges count the bytes on disk.
/// - An existing file is not replaced unless `overwrite` (and never by a race: the final step links the file
///   into place, which fails if the name appeared meanwhile).
public struct Downloader: Sendable {
    /// The provider's name, for errors (`orville`), or a label such as `download`.
    public var provider: String
    /// Where requests go.
    public var transport: any HTTPTransport
    /// When failed attempts are retried.
    public var retryPolicy: RetryPolicy
    /// The clock retry delays sleep on.
    public var clock: any Clock<Duration>
    /// Receives a debug line per attempt.
    public var logger: Logger
    /// Told of every attempt, for `--verbose`.
    public var observer: ExchangeObserver?
    /// Masks secrets and signed-URL parameters in logs and errors.
    public var redactor: Redactor

    /// A downloader over `transport`.
    public init(
        provider: String = "download",
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = .standard,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger? = nil,
        observer: ExchangeObserver? = nil,
        redactor: Redactor = Redactor()
    ) {
        self.provider = provider
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.logger = logger ?? Logger(label: "cadctl.download")
        self.observer = observer
        self.redactor = redactor
    }

    /// Downloads into `directory` (created when missing) under the server's `fileName`, sanitised
    /// (`fallbackName` when nothing of it is usable).
    public func download(
        _ request: HTTPRequest,
        into directory: String,
        fileName: String?,
        fallbackName: String = "download",
        options: DownloadOptions = DownloadOptions()
    ) async throws -> DownloadResult {
        let name = FileNameSanitizer.sanitize(fileName ?? "", fallback: fallbackName)
        try OutputPaths.prepareDirectory(directory)
        return try await download(request, to: OutputPaths.path(name, in: directory), options: options)
    }

    /// Downloads `request`'s response body to the file at `path`.
    ///
    /// - Throws: `CADError.usage` when `path` exists (without `overwrite`) or is a directory; `APIError` for an
    ///   error status; `TransportError` when the transfer kept failing; `CADError.other` for a length
    ///   mismatch or a file-system failure; `CancellationError`. In every case no file is left at `path`
    ///   (an existing one is untouched) and the temporary file is removed.
    public func download(
        _ request: HTTPRequest,
        to path: String,
        options: DownloadOptions = DownloadOptions()
    ) async throws -> DownloadResult {
        switch FileOperations.kind(at: path) {
        case .missing: break
        case .file: if !options.overwrite { throw FileOperations.existsError(path) }
        case .directory: throw CADError.usage("\(path) is a directory; give a file name to download to")
        case .other:
            if !options.overwrite { throw FileOperations.existsError(path) }
        }
        let (directory, name) = FileOperations.split(path)
        guard FileOperations.kind(at: directory, followingLinks: true) == .directory else {
            throw CADError.usage("the directory \(directory) does not exist; create it first")
        }
        let temporary = try FileOperations.createTemporaryFile(in: directory, for: name)
        do {
            var result = try await transfer(request, to: temporary, options: options)
            let flushes = DownloadDurability.flushesToDisk
            if flushes { try FileOperations.sync(temporary) }
            try FileOperations.move(temporary, to: path, replace: options.overwrite)
            if flushes { try? FileOperations.sync(directory, directory: true) }
            FileOperations.removeLeftoverTemporaries(in: directory, for: name)
            result.path = path
            return result
        } catch {
            FileOperations.remove(temporary)
            throw error
        }
    }

    /// Fills `temporary` with the complete body, resuming as needed.
    private func transfer(_ original: HTTPRequest, to temporary: String, options: DownloadOptions) async throws
        -> DownloadResult
    {
        var request = original
        request.method = .get
        request.followRedirects = true
        request.headers["Accept-Encoding"] = "identity"
        request.headers.remove("Range")
        if let api = options.apiBaseURL, URLOrigin(api) != URLOrigin(request.url) {
            for name in request.credentialHeaderNames { request.headers.remove(name) }
        }
        // Redacted only when someone reads the exchanges (a debug logger, an observer).
        let shownURL = recordsExchanges ? redactor.redact(url: request.url) : ""
        let displayURL = Self.displayURL(request.url)
        let timer = ClockTimer(clock)
        let decoder = APIErrorDecoder(provider: provider)

        var offset: Int64 = 0  // bytes of the file known good in `temporary`
        var total: Int64? = options.expectedSize  // the whole file's size, once known
        var attempts = 0
        var resumes = 0
        var failuresWithoutProgress = 0

        while true {
            try Task.checkCancellation()
            attempts += 1
            var attempt = request
            attempt.destination = .file(path: temporary, append: offset > 0)
            if offset > 0 { attempt.headers["Range"] = "bytes=\(offset)-" }
            let announced = Mutex<Int64?>(nil)
            let startOffset = offset
            let knownTotal = total
            let userProgress = options.progress
            attempt.progress = { progress in
                if let expected = progress.totalBytesToReceive, expected > 0 {
                    announced.withLock { $0 = expected }
                }
                guard let userProgress else { return }
                var overall = progress
                overall.bytesReceived += startOffset
                overall.totalBytesToReceive = knownTotal ?? progress.totalBytesToReceive.map { $0 + startOffset }
                userProgress(overall)
            }

            let started = timer.elapsed
            let response: HTTPResponse
            do {
                response = try await transport.send(attempt)
            } catch let error as TransportError {
                record(shownURL, status: nil, started: started, timer: timer, retry: attempts - 1,
                       failure: redactor.redact(error.description))
                let before = offset
                let announcedLength = announced.withLock { $0 }
                (offset, total) = try salvage(temporary, offset: offset, total: total, announced: announcedLength)
                let progressed = offset > before
                if progressed {
                    failuresWithoutProgress = 0
                } else {
                    failuresWithoutProgress += 1
                }
                let decision = retryPolicy.decide(method: .get, hasIdempotencyKey: false, failure: .transport(error),
                                                  retriesSoFar: max(0, failuresWithoutProgress - 1))
                var allowed = false
                if case .retry = decision { allowed = offset == 0 || resumes < options.maxResumes }
                guard allowed, case .retry(let delay) = decision else {
                    var failure = error
                    failure.message = redactor.redact(error.message)
                        + " (download stopped after \(attempts) attempt\(attempts == 1 ? "" : "s")"
                        + (offset > 0 ? ", \(offset) bytes received" : "") + ")"
                    throw failure
                }
                if offset > 0 { resumes += 1 }
                logger.debug("resuming download", metadata: [
                    "url": .string(shownURL), "offset": .stringConvertible(offset), "delay": .string(delay.description),
                ])
                try await timer.sleep(for: delay)
                continue
            }
            record(shownURL, status: response.status, started: started, timer: timer, retry: attempts - 1,
                   failure: nil, requestID: APIErrorDecoder.requestID(in: response.headers))

            switch try handle(response, temporary: temporary, offset: offset, total: total, options: options,
                              displayURL: displayURL) {
            case .complete(let size):
                return DownloadResult(path: temporary, size: size, attempts: attempts, resumes: resumes,
                                      finalURL: response.url)
            case .continueFrom(let newOffset, let newTotal):
                // A short body or a partial range: ask for the rest.
                let progressed = newOffset > offset
                offset = newOffset
                total = newTotal
                failuresWithoutProgress = progressed ? 0 : failuresWithoutProgress + 1
                resumes += 1
                guard resumes <= options.maxResumes, failuresWithoutProgress <= retryPolicy.maxRetries else {
                    throw TransportError(
                        kind: .truncatedBody,
                        message: "the download kept ending early: \(offset) of \(total.map(String.init) ?? "?") "
                            + "bytes after \(attempts) attempts",
                        url: displayURL, requestMayHaveBeenSent: true)
                }
            case .failedStatus:
                let endpoint = "GET " + (URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.path ?? "/")
                var apiError = decoder.decode(response, endpoint: endpoint)
                apiError.message = redactor.redact(apiError.message)
                apiError.attempts = attempts
                failuresWithoutProgress += 1
                let decision = retryPolicy.decide(method: .get, hasIdempotencyKey: false,
                                                  failure: .response(apiError),
                                                  retriesSoFar: failuresWithoutProgress - 1)
                guard case .retry(let delay) = decision else { throw apiError }
                try await timer.sleep(for: delay)
            }
        }
    }

    private enum Step {
        case complete(size: Int64)
        case continueFrom(offset: Int64, total: Int64?)
        case failedStatus
    }

    /// Checks one response against what the file should become and says what to do next.
    private func handle(
        _ response: HTTPResponse,
        temporary: String,
        offset: Int64,
        total: Int64?,
        options: DownloadOptions,
        displayURL: String
    ) throws -> Step {
        let encoded = response.headers["Content-Encoding"].map { !$0.trimmingSpaces().isEmpty && $0.lowercased() != "identity" } ?? false
        switch response.status {
        case 200:
            var size = FileOperations.size(at: temporary)
            if offset > 0 {
                // The server ignored `Range` and sent the whole file after the bytes we had: keep only its body.
                logger.debug("server ignored Range; keeping the full body it sent", metadata: ["url": .string(displayURL)])
                size = try FileOperations.dropPrefix(of: temporary, length: offset)
            }
            let announced = encoded ? nil : response.headers["Content-Length"].flatMap { Int64($0.trimmingSpaces()) }
            let expected = try agree(options.expectedSize, announced, displayURL: displayURL)
            if let expected {
                if size < expected { return .continueFrom(offset: size, total: expected) }
                if size > expected { throw tooLong(size: size, expected: expected, displayURL: displayURL) }
            }
            return .complete(size: size)
        case 206:
            guard let range = ContentRange(response.headers["Content-Range"] ?? ""), range.start == offset,
                  let end = range.end
            else {
                // A range we did not ask for: what was appended cannot be trusted; start over.
                try FileOperations.truncateFile(temporary, to: 0)
                return .continueFrom(offset: 0, total: total)
            }
            let whole = try agree(total, range.total, displayURL: displayURL)
            let size = FileOperations.size(at: temporary)
            if size > end + 1 { throw tooLong(size: size, expected: end + 1, displayURL: displayURL) }
            if size < end + 1 { return .continueFrom(offset: size, total: whole) }
            if let whole, size < whole { return .continueFrom(offset: size, total: whole) }
            return .complete(size: size)
        case 416 where offset > 0:
            // Nothing left to send: complete if the file is as long as the server says, else start over.
            if let range = ContentRange(response.headers["Content-Range"] ?? ""), let whole = range.total,
               whole == offset, options.expectedSize.map({ $0 == whole }) ?? true {
                try FileOperations.truncateFile(temporary, to: offset)
                return .complete(size: offset)
            }
            try FileOperations.truncateFile(temporary, to: 0)
            return .continueFrom(offset: 0, total: options.expectedSize)
        default:
            if response.isSuccess {
                throw CADError.other("unexpected HTTP \(response.status) for the download of \(displayURL); "
                    + "expected 200 with the file")
            }
            // Error bodies are kept in memory by the transport: the file is as it was.
            try FileOperations.truncateFile(temporary, to: offset)
            return .failedStatus
        }
    }

    /// After a broken transfer, keeps what can be trusted of `temporary` and returns the new offset and total.
    ///
    /// A first attempt (offset 0) only ever writes the file from its start, so its bytes are kept. A resumed
    /// attempt appended to the file, but its status is unknown: the body length the server announced tells a
    /// continuation (`total − offset`, a 206) from the whole file (`total`, a 200 that ignored `Range`); when it
    /// tells neither, the attempt's bytes are discarded.
    private func salvage(_ temporary: String, offset: Int64, total: Int64?, announced: Int64?) throws
        -> (offset: Int64, total: Int64?)
    {
        let size = FileOperations.size(at: temporary)
        if offset == 0 {
            // Bytes only land in the file for a 2xx body, so the announced length is the whole file's.
            let whole = total ?? (size > 0 ? announced : nil)
            if let whole, size > whole {
                try FileOperations.truncateFile(temporary, to: 0)
                return (0, total)
            }
            return (size, whole)
        }
        guard size > offset else {
            try FileOperations.truncateFile(temporary, to: offset)
            return (offset, total)
        }
        if let total, let announced {
            if announced == total - offset, size <= total { return (size, total) }
            if announced == total, size - offset <= total {
                return (try FileOperations.dropPrefix(of: temporary, length: offset), total)
            }
        }
        try FileOperations.truncateFile(temporary, to: offset)
        return (offset, total)
    }

    /// The one size two sources agree on; a disagreement fails the download.
    private func agree(_ first: Int64?, _ second: Int64?, displayURL: String) throws -> Int64? {
        if let first, let second, first != second {
            throw CADError.other("the download of \(displayURL) is \(second) bytes but \(first) were expected; "
                + "the file may have changed, try again")
        }
        return first ?? second
    }

    private func tooLong(size: Int64, expected: Int64, displayURL: String) -> CADError {
        .other("the download of \(displayURL) produced \(size) bytes but \(expected) were announced; "
            + "the file was not saved")
    }

    /// Whether exchanges are recorded: the logger shows debug messages or an observer is set.
    private var recordsExchanges: Bool { logger.logLevel <= .debug || observer != nil }

    private func record(_ url: String, status: Int?, started: Duration, timer: ClockTimer, retry: Int,
                        failure: String?, requestID: String? = nil) {
        guard recordsExchanges else { return }
        let record = ExchangeRecord(provider: provider, method: "GET", url: url, status: status,
                                    duration: timer.elapsed - started, requestID: requestID, retry: retry,
                                    failure: failure)
        var metadata: Logger.Metadata = ["url": .string(url), "retry": .stringConvertible(retry)]
        if let status { metadata["status"] = .stringConvertible(status) }
        if let failure { metadata["failure"] = .string(failure) }
        logger.debug("download exchange", metadata: metadata)
        observer?(record)
    }

    /// `url` without query, fragment or user info: safe for messages.
    static func displayURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return components.string ?? "<url>"
    }
}

/// A parsed `Content-Range: bytes START-END/TOTAL` (or `bytes */TOTAL` for a 416).
struct ContentRange: Equatable {
    var start: Int64?
    var end: Int64?
    var total: Int64?

    init?(_ header: String) {
        let text = header.trimmingSpaces()
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = String(text.dropFirst(6)).trimmingSpaces()
        let halves = spec.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let totalText = String(halves[1])
        if totalText == "*" {
            total = nil
        } else {
            guard let value = Int64(totalText), value >= 0 else { return nil }
            total = value
        }
        if halves[0] == "*" {
            guard total != nil else { return nil }
            return
        }
        let bounds = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start >= 0, end >= start
        else { return nil }
        if let total, end >= total { return nil }
        self.start = start
        self.end = end
    }
}
