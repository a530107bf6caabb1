import CCurl
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One libcurl multi handle carrying every transfer of a `CurlTransport`, driven by one dedicated event
/// loop thread. Easy handles are pooled and reused; the multi handle keeps the connection cache, so
/// connections (and TLS sessions) stay alive between requests.
///
/// **Who drives the multi handle.** The loop thread, except in one case: when the engine has nothing in
/// flight and its loop thread is parked, a caller whose request is a small API call to an origin that
/// answered its last exchange within ``inlineBudget`` drives that one transfer itself, on its own thread
/// (`driveInline`), for at most that budget. On a nearby server the exchange then costs one thread and one
/// wait for the response, as a blocking client would, instead of two hand-overs between threads (the
/// caller's task to the loop thread, the loop thread back to a pool thread); the caller never suspends.
/// Anything else arriving meanwhile (another request, a cancellation, an executor job, shutdown) interrupts
/// the caller's `curl_multi_poll` at once, and so does the end of the budget: the caller then hands its
/// transfer, still in flight, to the loop thread and suspends as usual. So no other transfer waits on a
/// caller, and a slow origin (anything over the budget, such as a real network) never blocks a caller's
/// thread for longer than the budget, once.
///
/// Thread confinement: `multi`, `active`, `idleHandles` and `origins` are touched only by the thread that
/// holds the driving role (the loop thread, or a caller in `driveInline`); the role passes under the
/// `inbox` lock, which orders their accesses. Other threads talk to the engine only through `inbox` and
/// `curl_multi_wakeup`, which libcurl allows from any thread; they call it under the inbox lock, so never
/// after the loop has freed the multi handle. Hence `@unchecked Sendable`.
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
        /// The loop thread is parked on `parking` (nothing in flight), without the driving role.
        var loopParked = false
        /// A caller holds the driving role (`driveInline`); the loop thread stays parked meanwhile.
        var callerDriving = false

        var hasWork: Bool { !submissions.isEmpty || !cancellations.isEmpty || !jobs.isEmpty || shuttingDown }
    }

    /// How long a caller may drive its own transfer before handing it to the loop thread, and the exchange
    /// time under which an origin counts as nearby (eligible for that).
    static let inlineBudget: Duration = .milliseconds(1)
    /// The largest in-memory request body a caller may send while driving its transfer itself.
    static let inlineBodyLimit = 64 << 10

    private let configuration: Configuration
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    /// Where the loop thread sleeps while nothing is in flight (signalled once per `loopParked = false`).
    private let parking = DispatchSemaphore(value: 0)
    /// The loop thread's `pthread_self()`, once it runs: work handed over from that thread needs no wake-up,
    /// since the loop looks at the inbox again before it sleeps.
    private let loopThread = Atomic<UInt>(0)
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    /// Per origin (`scheme://host:port`): whether its last in-memory exchange took less than `inlineBudget`.
    private var origins: [String: Bool] = [:]
    /// Transfers in libcurl's hands per origin (entries removed at zero).
    private var inFlight: [String: Int] = [:]
    /// Per origin over TLS: the transfer setting up (or reusing) the origin's connection while others wait for
    /// it to learn the protocol, and those others.
    private var openers: [String: CurlTransfer] = [:]
    private var held: [String: [CurlTransfer]] = [:]
    /// A burst being attached to a new HTTP/2 connection, while the host connection cap is 1.
    private var burst: (origin: String, opener: CurlTransfer, waiting: [CurlTransfer])?
    /// Transfers that ended while their caller drove them (for tests and diagnostics).
    let completedByCaller = Atomic<Int>(0)

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

    /// Hands a transfer (its continuation set) to the loop. The continuation is resumed exactly once.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { box -> Bool in
            guard !box.shuttingDown else { return false }
            box.submissions.append(transfer)
            wake(&box)
            return true
        }
        if !accepted { transfer.deliver(.failure(CancellationError())) }
    }

    /// Asks the loop to abort `transfer` (its task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .releasing)
        inbox.withLock { box in
            guard !box.stopped else { return }  // the loop ended: every transfer was already completed
            box.cancellations.append(transfer)
            wake(&box)
        }
    }

    /// Makes whoever drives the multi handle look at the inbox: unparks the loop thread when it is parked
    /// and no caller drives, else interrupts `curl_multi_poll` (the loop's, or a driving caller's, which then
    /// hands over). Nothing to do on the loop thread itself: it looks at the inbox again before it sleeps.
    /// Call under the inbox lock, with new work in it.
    private func wake(_ box: inout Inbox) {
        if box.loopParked && !box.callerDriving {
            box.loopParked = false
            parking.signal()
        } else if pthread_self() != loopThread.load(ordering: .relaxed) {
            curl_multi_wakeup(multi)
        }
    }

    /// Stops the loop once the transfers in flight have finished, then frees every handle.
    func shutdown() {
        inbox.withLock { box in
            box.shuttingDown = true
            if !box.stopped { wake(&box) }
        }
    }

    /// Whether the calling thread is the loop thread.
    var isLoopThread: Bool { pthread_self() == loopThread.load(ordering: .relaxed) }

    // MARK: a caller driving its own transfer

    /// What became of `driveInline`.
    enum InlineOutcome {
        /// The engine was busy (or the origin is not known to be nearby): submit the transfer as usual.
        case notAttempted
        /// The transfer ended; here is its outcome.
        case finished(Result<CurlExchangeResult, any Error>)
        /// The transfer is in flight and the caller still holds the driving role: set its continuation, then
        /// call `handOver()`.
        case inFlight
    }

    /// Drives `transfer` on the calling thread when the engine has nothing else to do (see the type's
    /// documentation), for at most `inlineBudget`.
    func driveInline(_ transfer: CurlTransfer) -> InlineOutcome {
        guard transfer.mayRunInline, !isLoopThread else { return .notAttempted }
        let origin = transfer.origin
        let acquired = inbox.withLock { box -> Bool in
            // The loop thread parks only with nothing in flight; `origins` is stable while it is parked.
            guard box.loopParked, !box.callerDriving, !box.hasWork, origins[origin] == true else { return false }
            box.callerDriving = true
            return true
        }
        guard acquired else { return .notAttempted }
        if transfer.cancelRequested.load(ordering: .acquiring) {
            releaseDrivingRole(handingOver: false)
            return .finished(.failure(CancellationError()))
        }
        start(transfer)
        let deadline = ContinuousClock.now + Self.inlineBudget
        var running: Int32 = 0
        while true {
            _ = curl_multi_perform(multi, &running)
            drainCompletions()
            if let result = transfer.inlineResult {
                completedByCaller.add(1, ordering: .relaxed)
                releaseDrivingRole(handingOver: false)
                return .finished(result)
            }
            let left = deadline - ContinuousClock.now
            if left <= .zero || inbox.withLock({ $0.hasWork }) { return .inFlight }
            let milliseconds = Int32(clamping: max(1, (left.components.attoseconds / 1_000_000_000_000_000)))
            _ = curl_multi_poll(multi, nil, 0, milliseconds, nil)
        }
    }

    /// Gives the driving role back to the loop thread after `driveInline` returned `.inFlight` (the
    /// transfer's continuation set): the loop carries the transfer on.
    func handOver() {
        releaseDrivingRole(handingOver: true)
    }

    private func releaseDrivingRole(handingOver: Bool) {
        inbox.withLock { box in
            box.callerDriving = false
            if handingOver || box.hasWork { wake(&box) }
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
            wake(&box)
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
            if active.isEmpty {
                // Nothing in flight: park without the driving role, so that a caller may drive a lone
                // transfer itself (`driveInline`) until it hands over or new work arrives.
                let park = inbox.withLock { box -> Bool in
                    guard !box.hasWork else { return false }
                    box.loopParked = true
                    return true
                }
                if park { parking.wait() }
                continue
            }
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
            transfer.deliver(.failure(CancellationError()))
            return
        }
        if let burst, burst.origin != transfer.origin || transfer.needsOwnConnection { endBurst() }
        if transfer.isTLS && !transfer.needsOwnConnection {
            if openers[transfer.origin] != nil {
                transfer.heldForOrigin = transfer.origin
                held[transfer.origin, default: []].append(transfer)
                return
            }
            if inFlight[transfer.origin] == nil {
                openers[transfer.origin] = transfer
                transfer.watchesConnection = true
            } else if burst != nil {
                transfer.watchesConnection = true
                burst?.waiting.append(transfer)
            }
        }
        let easy = idleHandles.popLast() ?? curl_easy_init()
        guard let easy else {
            if openers[transfer.origin] === transfer { openers[transfer.origin] = nil }
            transfer.deliver(.failure(TransportError(
                kind: .other, message: "libcurl could not create a handle (out of memory)",
                url: TransportError.displayURL(transfer.request.url), requestMayHaveBeenSent: false)))
            releaseHeld(for: transfer.origin)
            return
        }
        transfer.easy = easy
        transfer.headerList = CurlEasyConfigurator.configure(
            easy, for: transfer,
            options: .init(userAgent: configuration.userAgent, caBundlePath: configuration.caBundlePath,
                           share: CurlShare.process))
        active[easy] = transfer
        inFlight[transfer.origin, default: 0] += 1
        let code = curl_multi_add_handle(multi, easy)
        if code != CURLM_OK {
            complete(transfer, with: .failure(TransportError(
                kind: .other, message: "libcurl refused the transfer (multi error \(code.rawValue))",
                url: TransportError.displayURL(transfer.request.url), requestMayHaveBeenSent: false)))
        }
    }

    // MARK: first connections over TLS (driving thread)

    /// After a turn of libcurl: lets the transfers held for an origin go once its opener has a connection
    /// (or ended without one), and ends a burst once all of it has a connection or a response arrived.
    ///
    /// Why: until an HTTP/2 server's SETTINGS frame arrives, libcurl assumes 100 concurrent streams per
    /// connection, so of a burst of 1,000 requests to a new host, 100 would join the first connection and the
    /// rest open connections of their own. Held until the first connection is up, then released with the host
    /// connection cap at 1, they queue in libcurl for that connection instead, and join it when the SETTINGS
    /// arrive (libcurl re-examines its waiting transfers then). Over HTTP/1.1 the held transfers are released
    /// at once, as libcurl's `PIPEWAIT` would have done.
    private func advanceConnections() {
        for (origin, opener) in openers where opener.isConnected || opener.easy == nil {
            openers[origin] = nil
            let multiplexed = opener.isConnected && opener.connectedWithHTTP2 == true
            if multiplexed, held[origin]?.isEmpty == false, burst == nil, inFlight.count == 1 {
                burst = (origin, opener, [])
                setHostConnectionCap(1)
            }
            releaseHeld(for: origin)
        }
        if let current = burst {
            let waiting = current.waiting.filter { !$0.isConnected && $0.easy != nil }
            if waiting.isEmpty || current.opener.sawResponse || current.opener.easy == nil {
                endBurst()
            } else {
                burst?.waiting = waiting
            }
        }
    }

    private func releaseHeld(for origin: String) {
        guard let waiting = held.removeValue(forKey: origin) else { return }
        for transfer in waiting {
            transfer.heldForOrigin = nil
            start(transfer)
        }
    }

    private func endBurst() {
        burst = nil
        setHostConnectionCap(configuration.maxConnectionsPerHost)
    }

    private func setHostConnectionCap(_ cap: Int) {
        _ = cadcurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, cap))
    }

    private func abort(_ transfer: CurlTransfer) {
        if let origin = transfer.heldForOrigin {
            held[origin]?.removeAll { $0 === transfer }
            transfer.heldForOrigin = nil
            transfer.deliver(.failure(CancellationError()))
            return
        }
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
            if case .memory = transfer.request.destination {
                origins[transfer.origin] = code == CURLE_OK && metrics.totalTime < Self.inlineBudget
            }
            let curlMessage = code == CURLE_OK
                ? nil : transfer.detailedCurlMessage ?? String(cString: curl_easy_strerror(code))
            complete(transfer, with: transfer.finish(code: code, curlMessage: curlMessage, metrics: metrics))
        }
        if !openers.isEmpty || burst != nil { advanceConnections() }
    }

    /// Detaches the transfer's handle, returns it to the pool (unless it holds a bulk buffer) and
    /// resumes the caller.
    private func complete(_ transfer: CurlTransfer, with result: Result<CurlExchangeResult, any Error>) {
        if let easy = transfer.easy {
            curl_multi_remove_handle(multi, easy)
            active[easy] = nil
            if let count = inFlight[transfer.origin], count > 1 {
                inFlight[transfer.origin] = count - 1
            } else {
                inFlight[transfer.origin] = nil
            }
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
        transfer.deliver(result)
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
