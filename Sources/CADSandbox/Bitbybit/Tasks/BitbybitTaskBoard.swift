import Foundation
import Synchronization

/// What a submission asks for: one task, or a compound parent with one sub-task per item.
struct BitbybitTaskRequest: Sendable {
    var kind: BitbybitTaskKind
    var label: String
    var work: BitbybitWork
    var metadata: JSONObject
    /// Set for a `sandbox.fail` operation: the task fails with this message, also after a retry.
    var stickyFailure: String?
}

/// Every task of one server, advanced lazily on the simulated clock. Thread-safe: all state sits behind
/// one `Mutex`; result files are produced and stored inside it (the storage has its own lock and
/// never calls back).
final class BitbybitTaskBoard: Sendable {
    private struct State {
        var tasks: [String: BitbybitTask] = [:]
        /// Creation order (oldest first).
        var order: [String] = []
        /// Failures queued by the sandbox control, per workspace: the next tasks created there fail.
        var queuedFailures: [String: [String]] = [:]
    }

    private let state = Mutex(State())
    private let environment: SandboxEnvironment
    private let settings: BitbybitSettings
    private let producer: BitbybitProducer

    init(environment: SandboxEnvironment, settings: BitbybitSettings, producer: BitbybitProducer) {
        self.environment = environment
        self.settings = settings
        self.producer = producer
    }

    private var time: SandboxTime { environment.time }

    // MARK: Submitting

    /// Creates one task, `queued` from now.
    func submit(_ request: BitbybitTaskRequest, owner: String) -> BitbybitTask {
        state.withLock { state in
            let task = makeTask(request, owner: owner, slot: 0, state: &state)
            return task
        }
    }

    /// Creates a compound parent and one sub-task per item; sub-tasks beyond the concurrency limit wait.
    func submitCompound(label: String, metadata: JSONObject, items: [BitbybitTaskRequest], owner: String)
        -> (parent: BitbybitTask, children: [BitbybitTask])
    {
        state.withLock { state in
            let parentRequest = BitbybitTaskRequest(kind: .compound, label: label, work: .compound, metadata: metadata)
            var parent = makeTask(parentRequest, owner: owner, slot: 0, state: &state, consumeFailure: false)
            var children: [BitbybitTask] = []
            for (index, item) in items.enumerated() {
                var child = makeTask(item, owner: owner, slot: index / settings.compoundConcurrency, state: &state)
                child.parentID = parent.id
                child.index = index
                state.tasks[child.id] = child
                children.append(child)
            }
            parent.childIDs = children.map(\.id)
            state.tasks[parent.id] = parent
            return (parent, children)
        }
    }

    private func makeTask(
        _ request: BitbybitTaskRequest, owner: String, slot: Int, state: inout State, consumeFailure: Bool = true
    ) -> BitbybitTask {
        let now = time.simulatedNow
        let created = time.date
        var task = BitbybitTask(
            id: SandboxIDs.uuid(), owner: owner, kind: request.kind, label: request.label, work: request.work,
            requestMetadata: request.metadata, submittedAt: now, queuedAt: now, startAt: now, finishAt: now,
            createdAt: created, expiresAt: created.addingTimeInterval(TimeInterval(settings.resultLifetimeSeconds)))
        task.stickyFailure = request.stickyFailure
        if consumeFailure, var queued = state.queuedFailures[owner], !queued.isEmpty {
            task.oneShotFailure = queued.removeFirst()
            state.queuedFailures[owner] = queued
        }
        schedule(&task, from: now, slot: slot)
        task.status = slot > 0 ? .waiting : .queued
        state.tasks[task.id] = task
        state.order.append(task.id)
        environment.inspector.recordJobCreated(.bitbybit)
        return task
    }

    /// Lays out the task's phases from `now`: `slot` earlier batches run first (the task waits meanwhile).
    private func schedule(_ task: inout BitbybitTask, from now: Duration, slot: Int) {
        let queued = Duration.seconds(fractional: settings.queuedSeconds)
        let processing = Duration.seconds(fractional: settings.processingSeconds)
        task.submittedAt = now
        task.queuedAt = now + (queued + processing) * slot
        task.startAt = task.queuedAt + queued
        task.finishAt = task.startAt + processing
    }

    // MARK: Control

    /// Makes the next `count` tasks created in `owner`'s workspace fail with `message`.
    func failNextTasks(count: Int, message: String, owner: String) -> Int {
        state.withLock { state in
            state.queuedFailures[owner, default: []] += Array(repeating: message, count: max(0, count))
            return state.queuedFailures[owner]?.count ?? 0
        }
    }

    // MARK: Reading

    /// The task `id` of `owner`, advanced to now; `nil` when unknown or another workspace's.
    func task(_ id: String, owner: String) -> BitbybitTask? {
        state.withLock { state in
            guard let task = state.tasks[id], task.owner == owner else { return nil }
            refresh(id, state: &state)
            return state.tasks[id]
        }
    }

    /// The sub-tasks of a compound task, advanced to now, in item order.
    func children(of parent: BitbybitTask) -> [BitbybitTask] {
        state.withLock { state in
            parent.childIDs.compactMap { id in
                refresh(id, state: &state)
                return state.tasks[id]
            }
        }
    }

    /// One page of `owner`'s tasks, newest first, after filtering; and the filtered total.
    func list(owner: String, status: BitbybitTaskStatus?, kind: BitbybitTaskKind?, page: Int, limit: Int)
        -> (tasks: [BitbybitTask], total: Int)
    {
        state.withLock { state in
            var matching: [BitbybitTask] = []
            for id in state.order.reversed() {
                guard state.tasks[id]?.owner == owner else { continue }
                refresh(id, state: &state)
                guard let task = state.tasks[id] else { continue }
                if let status, task.status != status { continue }
                if let kind, task.kind != kind { continue }
                matching.append(task)
            }
            let start = (page - 1) * limit
            let slice = start < matching.count ? Array(matching[start..<min(start + limit, matching.count)]) : []
            return (slice, matching.count)
        }
    }

    // MARK: Changing

    enum ChangeOutcome {
        case notFound
        /// Cancel: the status before, and whether the task changed. Retry: the re-queued task.
        case done(previous: BitbybitTaskStatus, changed: Bool)
        case refused(BitbybitTaskStatus)
    }

    /// Cancels a `waiting` or `queued` task (and the waiting or queued sub-tasks of a compound task);
    /// any other status is left as it is ("has no effect").
    func cancel(_ id: String, owner: String) -> ChangeOutcome {
        state.withLock { state in
            guard state.tasks[id]?.owner == owner else { return .notFound }
            refresh(id, state: &state)
            guard var task = state.tasks[id] else { return .notFound }
            let previous = task.status
            guard previous.isCancellable else { return .done(previous: previous, changed: false) }
            let now = time.date
            for childID in task.childIDs {
                refresh(childID, state: &state)
                guard var child = state.tasks[childID], child.status.isCancellable else { continue }
                markCancelled(&child, at: now)
                state.tasks[childID] = child
            }
            markCancelled(&task, at: now)
            state.tasks[id] = task
            return .done(previous: previous, changed: true)
        }
    }

    private func markCancelled(_ task: inout BitbybitTask, at date: Date) {
        task.cancelled = true
        task.status = .cancelled
        task.finishedAt = date
        task.expiresAt = date.addingTimeInterval(TimeInterval(settings.resultLifetimeSeconds))
    }

    /// Re-queues a `failed` or `cancelled` task with the same parameters and id (for a compound task,
    /// every failed or cancelled sub-task); `.refused` with the current status otherwise.
    func retry(_ id: String, owner: String) -> ChangeOutcome {
        state.withLock { state in
            guard state.tasks[id]?.owner == owner else { return .notFound }
            refresh(id, state: &state)
            guard var task = state.tasks[id] else { return .notFound }
            let previous = task.status
            guard previous.isRetryable else { return .refused(previous) }
            let now = time.simulatedNow
            var slot = 0
            for childID in task.childIDs {
                guard var child = state.tasks[childID], child.status.isRetryable else { continue }
                requeue(&child, now: now, slot: slot / settings.compoundConcurrency)
                slot += 1
                state.tasks[childID] = child
            }
            requeue(&task, now: now, slot: 0)
            state.tasks[id] = task
            if let parentID = task.parentID, var parent = state.tasks[parentID], parent.status.isTerminal {
                parent.cancelled = false
                parent.status = .processing
                parent.finishedAt = nil
                removeParts(of: &parent)
                state.tasks[parentID] = parent
            }
            return .done(previous: previous, changed: true)
        }
    }

    private func requeue(_ task: inout BitbybitTask, now: Duration, slot: Int) {
        schedule(&task, from: now, slot: slot)
        task.status = slot > 0 ? .waiting : .queued
        task.cancelled = false
        task.oneShotFailure = nil
        task.error = nil
        task.startedAt = nil
        task.finishedAt = nil
        task.resultMetadata = JSONObject()
        task.expiresAt = time.date.addingTimeInterval(TimeInterval(settings.resultLifetimeSeconds))
        removeParts(of: &task)
    }

    private func removeParts(of task: inout BitbybitTask) {
        for part in task.parts { environment.storage.remove(part.objectID) }
        task.parts = []
    }

    // MARK: Advancing

    /// Brings task `id` up to the current time: phase changes, completion (producing its files),
    /// expiry (deleting them).
    private func refresh(_ id: String, state: inout State) {
        guard var task = state.tasks[id] else { return }
        if case .compound = task.work {
            for childID in task.childIDs { refresh(childID, state: &state) }
            let children = task.childIDs.compactMap { state.tasks[$0] }
            deriveCompound(&task, children: children)
        } else if !task.status.isTerminal {
            advance(&task)
        }
        expireIfDue(&task)
        state.tasks[id] = task
    }

    private func advance(_ task: inout BitbybitTask) {
        let now = time.simulatedNow
        if now < task.queuedAt {
            task.status = .waiting
        } else if now < task.startAt {
            task.status = .queued
        } else if now < task.finishAt {
            task.status = .processing
            task.startedAt = time.date(atSimulated: task.startAt)
        } else {
            finish(&task)
        }
    }

    private func finish(_ task: inout BitbybitTask) {
        task.startedAt = time.date(atSimulated: task.startAt)
        let finished = time.date(atSimulated: task.finishAt)
        task.finishedAt = finished
        task.expiresAt = finished.addingTimeInterval(TimeInterval(settings.resultLifetimeSeconds))
        if let failure = task.stickyFailure ?? task.oneShotFailure {
            task.status = .failed
            task.error = failure
            return
        }
        switch producer.produce(task) {
        case .success(let product):
            task.parts = product.files.map { file in
                let objectID = environment.storage.store(file.data, contentType: file.mime, filename: file.filename)
                return BitbybitResultPart(
                    key: file.key, objectID: objectID, mime: file.mime, bytes: file.data.count, filename: file.filename)
            }
            task.resultMetadata = product.metadata
            task.status = .completed
        case .failure(let failure):
            task.status = .failed
            task.error = failure.message
        }
    }

    private func deriveCompound(_ parent: inout BitbybitTask, children: [BitbybitTask]) {
        guard !parent.status.isTerminal else { return }
        if parent.cancelled {
            parent.status = .cancelled
            return
        }
        parent.startedAt = children.compactMap(\.startedAt).min()
        guard children.allSatisfy(\.status.isTerminal) else {
            parent.status = parent.startedAt == nil ? (children.contains { $0.status == .queued } ? .queued : .waiting) : .processing
            return
        }
        let finished = children.compactMap(\.finishedAt).max() ?? time.date
        parent.finishedAt = finished
        parent.expiresAt = finished.addingTimeInterval(TimeInterval(settings.resultLifetimeSeconds))
        if children.contains(where: { $0.status == .completed }) {
            parent.status = .completed
            let manifest = producer.compoundManifest(children)
            let objectID = environment.storage.store(manifest, contentType: "application/json", filename: "manifest.json")
            parent.parts = [
                BitbybitResultPart(
                    key: "manifest", objectID: objectID, mime: "application/json", bytes: manifest.count,
                    filename: "manifest.json")
            ]
        } else if children.allSatisfy({ $0.status == .cancelled }) {
            parent.status = .cancelled
        } else {
            parent.status = .failed
            let firstError = children.compactMap(\.error).first ?? "sub-task failed"
            parent.error = "All \(children.count) sub-tasks failed or were cancelled; first error: \(firstError)"
        }
    }

    private func expireIfDue(_ task: inout BitbybitTask) {
        guard task.status.isTerminal, task.status != .expired, time.date >= task.expiresAt else { return }
        removeParts(of: &task)
        task.status = .expired
    }

    /// Simulated-time progress of a task in 0…100, `nil` before it starts or after it failed or stopped.
    func progress(of task: BitbybitTask, children: [BitbybitTask] = []) -> Double? {
        switch task.status {
        case .completed: return 100
        case .processing:
            if case .compound = task.work {
                let shares = children.map { child -> Double in
                    child.status.isTerminal ? 100 : (child.status == .processing ? progress(of: child) ?? 0 : 0)
                }
                return shares.isEmpty ? 0 : (shares.reduce(0, +) / Double(shares.count)).rounded()
            }
            let total = (task.finishAt - task.startAt) / .milliseconds(1)
            let done = (time.simulatedNow - task.startAt) / .milliseconds(1)
            guard total > 0 else { return 99 }
            return min(99, max(1, (done / total * 100).rounded()))
        default: return nil
        }
    }
}
