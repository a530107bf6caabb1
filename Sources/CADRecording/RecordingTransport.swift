import CADTransport
import Foundation
import Synchronization

/// Wraps a transport and writes every exchange that goes through it to a cassette, secrets scrubbed.
///
/// The cassette file is rewritten (atomically) after each exchange, so a command that exits or crashes
/// half-way still leaves a readable cassette of what happened. Redirects are recorded hop by hop when the
/// upstream can send single hops (`CurlTransport` can), so a replay follows them the same way.
///
/// Response bodies sent to a file are read back from that file to be recorded, up to
/// `responseBodyLimit`; larger ones keep only their size (a replay of them fails clearly).
public final class RecordingTransport: SingleHopTransport {
    private let upstream: any HTTPTransport
    private let path: String
    private let capture: ExchangeCapture
    private let cassette: Mutex<Cassette>

    /// Records what goes through `upstream` into the cassette at `path` (replaced, not appended to).
    ///
    /// - Parameters:
    ///   - upstream: the transport that really sends (a `CurlTransport`).
    ///   - path: the HAR file to write; it is rewritten whole after every exchange, so it is valid at any time.
    ///   - metadata: what the cassette says about itself (provider, source, when and how it was recorded).
    ///   - scrubber: what to remove; register the API key in use with `registering(_:)`.
    ///   - responseBodyLimit: larger bodies are kept as a digest only (default 8 MiB).
    public init(
        upstream: any HTTPTransport, path: String, metadata: CassetteMetadata,
        scrubber: CassetteScrubber = CassetteScrubber(), responseBodyLimit: Int = 8 << 20
    ) {
        self.upstream = upstream
        self.path = path
        self.capture = ExchangeCapture(scrubber: scrubber, responseBodyLimit: responseBodyLimit)
        var scrubbed = metadata
        scrubbed.how = scrubber.text(metadata.how)
        self.cassette = Mutex(Cassette(metadata: scrubbed))
    }

    /// Changes the cassette's metadata (for instance once the provider is known).
    public func updateMetadata(_ change: (inout CassetteMetadata?) -> Void) {
        cassette.withLock { change(&$0.metadata) }
    }

    /// The cassette as recorded so far.
    public var recorded: Cassette { cassette.withLock { $0 } }

    /// Sends `request` through the upstream transport and records the exchange, each redirect hop as its
    /// own entry when the upstream can send single hops.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard upstream is any SingleHopTransport else { return try await record(request) }
        return try await RedirectFollower.send(request) { hop in try await sendSingleHop(hop) }
    }

    /// Sends one hop without following a redirect, and records it.
    public func sendSingleHop(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await record(request)
    }

    private func record(_ request: HTTPRequest) async throws -> HTTPResponse {
        let started = Date()
        let clockStart = ContinuousClock.now
        let response: HTTPResponse
        if let singleHop = upstream as? any SingleHopTransport {
            response = try await singleHop.sendSingleHop(request)
        } else {
            response = try await upstream.send(request)
        }
        let duration = ContinuousClock.now - clockStart
        let entry = try capture.entry(
            request: request, response: response, responseBody: body(of: response, for: request),
            started: started, duration: duration)
        let snapshot = cassette.withLock { cassette in
            cassette.entries.append(entry)
            return cassette
        }
        try snapshot.save(to: path)
        return response
    }

    /// The response body as it arrived: in memory, or read back from the destination file.
    private func body(of response: HTTPResponse, for request: HTTPRequest) -> Data? {
        switch request.destination {
        case .memory: return response.body
        case .file(let path, let append):
            let isFinal = response.status < 300 && !(request.followRedirects && RedirectPolicy.redirectStatuses.contains(response.status))
            guard isFinal else { return response.body }
            guard !append, response.bodyBytesReceived <= Int64(capture.responseBodyLimit) else { return nil }
            return FileManager.default.contents(atPath: path)
        case .stream:
            return response.status < 300 ? nil : response.body
        }
    }
}
