import CCurl
import Synchronization

/// The production `HTTPTransport`: libcurl's multi interface on one event loop thread, with async/await.
///
/// - Many concurrent transfers share one thread; no thread per request. A lone small API call to a nearby
///   origin (its last exchange under a millisecond) is driven by its caller's own thread while nothing else
///   is in flight, for at most a millisecond, so sequential requests cost no thread hand-over.
/// - Connections are kept alive and reused between requests; HTTP/2 where the server offers it, with
///   concurrent requests to a host multiplexed on one connection, even a burst of more than 100 to a host
///   not yet connected (it waits for the first connection's protocol). TLS sessions and DNS answers are shared
///   by every transport of the process, so new connections resume a session instead of a full handshake.
/// - Request bodies stream from memory or disk; responses collect in memory (capped) or stream to a file
///   or consumer, so a 1 GiB transfer costs a few buffers of memory.
/// - Cancelling the calling task aborts the transfer at once and frees its handle.
/// - Redirects are followed only when the request asks (downloads), at most `maxRedirects`, and
///   credential headers never go to another origin.
///
/// Create one and share it: every `CurlTransport` owns a thread and a connection cache.
public final class CurlTransport: SingleHopTransport {
    /// Settings shared by every request of a transport.
    public struct Configuration: Sendable {
        /// Sent as `User-Agent` unless a request sets its own.
        public var userAgent: String
        /// A PEM file of CA certificates for a private CA (`--cacert`); the system store otherwise.
        /// Certificate verification is always on.
        public var caBundlePath: String?
        /// Easy handles kept for reuse.
        public var maxIdleHandles: Int
        /// Connections to one host at the same time (0: no limit); transfers beyond it wait in line. It
        /// bounds HTTP/1.1, where every request in flight holds a connection; an HTTP/2 host gets one
        /// connection, its requests multiplexed as streams.
        public var maxConnectionsPerHost: Int
        /// Concurrent HTTP/2 streams on one connection (the server's own limit applies too); requests beyond
        /// it open another connection, within `maxConnectionsPerHost`.
        public var maxStreamsPerConnection: Int

        /// Settings; the defaults suit every provider client.
        public init(
            userAgent: String = CADCTLVersion.userAgent,
            caBundlePath: String? = nil,
            maxIdleHandles: Int = 64,
            maxConnectionsPerHost: Int = 1024,
            maxStreamsPerConnection: Int = 1024
        ) {
            self.userAgent = userAgent
            self.caBundlePath = caBundlePath
            self.maxIdleHandles = maxIdleHandles
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxStreamsPerConnection = maxStreamsPerConnection
        }
    }

    private let engine: CurlMultiEngine

    /// A transport for the process: use it unless you need other settings.
    public static let shared = CurlTransport()

    /// A transport with its own loop thread and connection cache (see ``shared`` for the process's one).
    public init(configuration: Configuration = Configuration()) {
        engine = CurlMultiEngine(configuration: .init(
            userAgent: configuration.userAgent, caBundlePath: configuration.caBundlePath,
            maxIdleHandles: configuration.maxIdleHandles, maxConnectionsPerHost: configuration.maxConnectionsPerHost,
            maxStreamsPerConnection: configuration.maxStreamsPerConnection))
    }

    deinit { engine.shutdown() }

    /// The transport's own event-loop thread as a task executor.
    ///
    /// Run a task's code here and the code between its requests runs on the loop thread itself, and every
    /// continuation resumes there. A lone request to a nearby origin already costs no thread hand-over
    /// without it (its caller drives the transfer); the executor also covers requests made while others are
    /// in flight, and tasks that want every resumption on the one thread.
    ///
    /// ```swift
    /// try await withTaskExecutorPreference(transport.executor) {
    ///     for id in ids { results.append(try await client.jobs.get(id)) }
    /// }
    /// ```
    ///
    /// Every transfer of the transport waits while such code runs, so keep the work between requests short
    /// and never block there (no file or lock waits, no heavy decoding of large bodies). Over a real network
    /// the round trip dwarfs the hop; this matters for many small requests to a nearby server.
    public var executor: any TaskExecutor { engine }

    /// How many transfers so far ended on their caller's own thread (the engine had nothing else in flight
    /// and the origin answers within a millisecond), without a hand-over to the loop thread.
    var transfersCompletedByCaller: Int { engine.completedByCaller.load(ordering: .relaxed) }

    /// Sends `request`, following redirects when it asks (without credentials across origins), and returns
    /// the final response; cancelling the calling task aborts the transfer.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await RedirectFollower.send(request) { hop in try await exchange(hop) }
    }

    /// Sends one hop without following a redirect, even when the request asks for redirects to be
    /// followed (its body then goes to memory, not to the request's file or stream). For transports
    /// that wrap this one and follow redirects themselves, hop by hop, such as a recorder.
    public func sendSingleHop(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await exchange(request)
    }

    /// One request–response exchange, no redirect following.
    private func exchange(_ request: HTTPRequest) async throws -> HTTPResponse {
        let result = try await transfer(request)
        return HTTPResponse(
            status: result.status, headers: result.headers, body: result.body, url: request.url,
            bodyBytesReceived: result.bodyBytesReceived, metrics: result.metrics)
    }

    private func transfer(_ request: HTTPRequest) async throws -> CurlExchangeResult {
        try Task.checkCancellation()
        let uploadLength = request.body.isEmpty ? nil : try request.body.contentLength()
        let transfer = CurlTransfer(request: request, uploadLength: uploadLength)
        let box = TransferBox()
        return try await withTaskCancellationHandler {
            if box.set(transfer) { engine.cancel(transfer) }
            switch engine.driveInline(transfer) {
            case .finished(let result):
                return try result.get()
            case .inFlight:
                return try await withCheckedThrowingContinuation { continuation in
                    transfer.continuation = continuation
                    engine.handOver()
                }
            case .notAttempted:
                return try await withCheckedThrowingContinuation { continuation in
                    transfer.continuation = continuation
                    engine.submit(transfer)
                }
            }
        } onCancel: {
            if let transfer = box.markCancelled() { engine.cancel(transfer) }
        }
    }
}

/// Hands the transfer from the operation to the cancellation handler, whichever runs first.
private final class TransferBox: Sendable {
    private struct State {
        var transfer: CurlTransfer?
        var cancelled = false
    }
    private let state = Mutex(State())

    /// Stores the transfer; returns true when cancellation already happened.
    func set(_ transfer: CurlTransfer) -> Bool {
        state.withLock { state in
            state.transfer = transfer
            return state.cancelled
        }
    }

    /// Records cancellation; returns the transfer if it already exists.
    func markCancelled() -> CurlTransfer? {
        state.withLock { state in
            state.cancelled = true
            return state.transfer
        }
    }
}
