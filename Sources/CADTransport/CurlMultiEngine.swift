import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One libcurl multi handle driven by one dedicated event loop thread, carrying every transfer of a
/// `CurlTransport`. Easy handles are pooled and reused; the multi handle keeps the connection cache, so
/// connections (and TLS sessions) stay alive between requests.
///
/// Thread confinement: `multi`, `active` and `idleHandles` are touched only on the event loop thread.
/// Other threads talk to it only through `inbox` (a mutex) and `curl_multi_wakeup`, which libcurl allows
/// from any thread; they call it under the inbox lock, so never after the loop has freed the multi handle.
/// Hence `@unchecked Sendable`.
final class CurlMultiEngine: TaskExecutor, @unchecked Sendable {
    struct Configuration: Sendable {
        var userAgent: String
        var caBundlePath: String?
        var maxIdleHandles: Int
        var maxConnectionsPerHost: Int
        var maxStreamsPerConnection: Int
    }

    private struct Inbox {
        var submissions: [CurlTransfer] = []
        var cancellations: [CurlTransfer] = []
        /// Jobs of tasks that prefer this engine as their executor (`CurlTransport.executor`).
        var jobs: [UnownedJob] = []
        var shuttingDown = false
        /// The loop has ended and freed the multi handle: nothing may wake it any more.
        var stopped = false
    }

    private let configuration: Configuration
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    /// The loop thread's `pthread_self()`, once it runs: work handed over from that thread needs no wake-up,
    /// since the loop looks at the inbox again before it sleeps.
    private let loopThread = Atomic<UInt>(0)
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    private static let globalInit: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32))
        signal(SIGPIPE, SIG_IGN)
    }()

    /// libcurl's one-time global set-up (idempotent).
    static func initializeLibcurl() { globalInit }

    init(configuration: Configuration) {
        Self.globalInit
        guard let multi = curl_multi_init() else {
            fatalError("libcurl could not create a multi handle (out of memory)")
        }
        self.configuration = configuration
        self.multi = multi
        // HTTP/2 where the server offers it: every concurrent request to a host as a stream of one
        // connection (transfers wait for the first connection to learn whether it multiplexes,
        // CURLOPT_PIPEWAIT). The per-host cap bounds HTTP/1.1, where each request in flight needs a connection.
        _ = cadcurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = cadcurl_multi_setopt_long(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, max(1, configuration.maxStreamsPerConnection))
        if configuration.maxConnectionsPerHost > 0 {
            _ = cadcurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        }
        POSIXThread.detach { [self] in runLoop() }
    }

    /// Hands a transfer to the loop. Its continuation is resumed exactly once, on the loop thread.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { box -> Bool in
            guard !box.shuttingDown else { return false }
            box.submissions.append(transfer)
            wakeLoop()
            return true
        }
        if !accepted { transfer.continuation.resume(throwing: CancellationError()) }
    }

    /// Asks the loop to abort `transfer` (its task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .releasing)
        inbox.withLock { box in
            guard !box.stopped else { return }  // the loop ended: every transfer was already completed
            box.cancellations.append(transfer)
            wakeLoop()
        }
    }

    /// Interrupts `curl_multi_poll` unless called on the loop thread itself. Call under the inbox lock.
    private func wakeLoop() {
        if pthread_self() != loopThread.load(ordering: .relaxed) { curl_multi_wakeup(multi) }
    }

    /// Stops the loop once the transfers in flight have finished, then frees every handle.
    func shutdown() {
        inbox.withLock { box in
            box.shuttingDown = true
            if !box.stopped { curl_multi_wakeup(multi) }
        }
    }

    /// Runs `job` on the loop thread, between two turns of libcurl (see `CurlTransport.executor`).
    func enqueue(_ job: consuming ExecutorJob) {
        schedule(UnownedJob(job))
    }

    private func schedule(_ job: UnownedJob) {
        let accepted = inbox.withLock { box -> Bool in
            guard !box.stopped else { return false }
            box.jobs.append(job)
            wakeLoop()
            return true
        }
        // The loop has ended (the transport is gone): the job still runs, on a thread of its own.
        if !accepted { POSIXThread.detach { job.runSynchronously(on: self.unownedExecutor) } }
    }

    /// This engine as a task executor, for `withTaskExecutorPreference`.
    var unownedExecutor: UnownedTaskExecutor { UnownedTaskExecutor(ordinary: self) }

    // MARK: event loop thread

    private func runLoop() {
        loopThread.store(pthread_self(), ordering: .relaxed)
        var running: Int32 = 0
        while true {
            var shuttingDown = false
            // Jobs run here may submit transfers: take those before libcurl's turn, without sleeping.
            while true {
                let (submissions, cancellations, jobs, stopping) = inbox.withLock { box in
                    defer {
                        box.submissions.removeAll(keepingCapacity: true)
                        box.cancellations.removeAll(keepingCapacity: true)
                        box.jobs.removeAll(keepingCapacity: true)
                    }
                    return (box.submissions, box.cancellations, box.jobs, box.shuttingDown)
                }
                shuttingDown = stopping
                for transfer in submissions { start(transfer) }
                for transfer in cancellations { abort(transfer) }
                if jobs.isEmpty { break }
                for job in jobs { job.runSynchronously(on: unownedExecutor) }
            }
            if shuttingDown && active.isEmpty { break }

            _ = curl_multi_perform(multi, &running)
            drainCompletions()
            // Completions resumed on this thread may have queued jobs (tasks preferring this executor)
            // without a wake-up: run them before sleeping.
            let workQueued = inbox.withLock { !$0.jobs.isEmpty || !$0.submissions.isEmpty }
            _ = curl_multi_poll(multi, nil, 0, workQueued ? 0 : 1000, nil)
        }
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles.removeAll()
        // Wake-ups happen under the inbox lock, so none can reach the handle once it is freed.
        inbox.withLock { box in
            box.stopped = true
            curl_multi_cleanup(multi)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested.load(ordering: .acquiring) {
            transfer.continuation.resume(throwing: CancellationError())
            return
        }
        let easy = idleHandles.popLast() ?? curl_easy_init()
        guard let easy else {
            transfer.continuation.resume(throwing: TransportError(
                kind: .other, message: "libcurl could not create a handle (out of memory)",
                url: TransportError.displayURL(transfer.request.url), requestMayHaveBeenSent: false))
            return
        }
        transfer.easy = easy
        transfer.headerList = CurlEasyConfigurator.configure(
            easy, for: transfer,
            options: .init(userAgent: configuration.userAgent, caBundlePath: configuration.caBundlePath,
                           share: CurlShare.process))
        active[easy] = transfer
        let code = curl_multi_add_handle(multi, easy)
        if code != CURLM_OK {
            complete(transfer, with: .failure(TransportError(
                kind: .other, message: "libcurl refused the transfer (multi error \(code.rawValue))",
                url: TransportError.displayURL(transfer.request.url), requestMayHaveBeenSent: false)))
        }
    }

    private func abort(_ transfer: CurlTransfer) {
        guard let easy = transfer.easy, active[easy] === transfer else { return }
        complete(transfer, with: .failure(CancellationError()))
    }

    /// Completes every finished transfer.
    private func drainCompletions() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                let transfer = active[easy]
            else { continue }
            let code = cadcurl_msg_result(message)
            let metrics = Self.metrics(of: easy)
            let curlMessage = code == CURLE_OK
                ? nil : transfer.detailedCurlMessage ?? String(cString: curl_easy_strerror(code))
            complete(transfer, with: transfer.finish(code: code, curlMessage: curlMessage, metrics: metrics))
        }
    }

    /// Detaches the transfer's handle, returns it to the pool (unless it holds a bulk buffer) and
    /// resumes the caller.
    private func complete(_ transfer: CurlTransfer, with result: Result<CurlExchangeResult, any Error>) {
        if let easy = transfer.easy {
            curl_multi_remove_handle(multi, easy)
            active[easy] = nil
            transfer.easy = nil
            curl_easy_reset(easy)
            if idleHandles.count < configuration.maxIdleHandles && !transfer.usesBulkBuffers {
                idleHandles.append(easy)
            } else {
                curl_easy_cleanup(easy)
            }
        }
        if let list = transfer.headerList {
            curl_slist_free_all(list)
            transfer.headerList = nil
        }
        switch result {
        case .success(let value): transfer.continuation.resume(returning: value)
        case .failure(let error): transfer.continuation.resume(throwing: error)
        }
    }

    private static func httpVersionText(_ version: Int) -> String {
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: ""
        }
    }

    private static func metrics(of easy: UnsafeMutableRawPointer) -> TransferMetrics {
        var connects = 0
        var requestSize = 0
        var totalMicroseconds: curl_off_t = 0
        var version = 0
        _ = cadcurl_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        _ = cadcurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        _ = cadcurl_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        _ = cadcurl_easy_getinfo_off_t(easy, CURLINFO_TOTAL_TIME_T, &totalMicroseconds)
        return TransferMetrics(
            newConnections: connects, totalTime: .microseconds(totalMicroseconds),
            requestBytesSent: Int64(requestSize), httpVersion: httpVersionText(version))
    }
}
