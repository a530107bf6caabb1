import Foundation
import Synchronization

/// Makistry's state: jobs, credits per account, idempotency. Thread-safe (`Mutex`).
///
/// Jobs are settled lazily on access: once a job's simulated finish time has passed its output file is
/// generated and stored.
final class MakistryStore: Sendable {
    struct State {
        var jobs: [String: MakistryJob] = [:]
        var nextSequence = 1
        var credits: [String: Int] = [:]
        var idempotency = IdempotencyIndex<String>()
    }

    let environment: SandboxEnvironment
    var settings: MakistrySettings { environment.configuration.makistry }
    private let state = Mutex(State())

    init(environment: SandboxEnvironment) { self.environment = environment }

    func withState<T>(_ body: (inout State, Duration) throws -> T) rethrows -> T {
        let now = environment.time.simulatedNow
        return try state.withLock { state in
            settle(&state, now: now)
            return try body(&state, now)
        }
    }

    func credits(_ state: State, account: String) -> Int { state.credits[account] ?? settings.credits }

    /// A new job for `request`: `[fail]` in the prompt fails it, `[slow]` makes it ten times slower.
    func makeJob(_ request: MakistryRequest, key: SandboxKey, sequence: Int, now: Duration) -> MakistryJob {
        let factor = request.prompt.contains("[slow]") ? 10.0 : 1.0
        let queued = Duration.seconds(fractional: settings.queuedSeconds * factor)
        let processing = Duration.seconds(fractional: (settings.processingSeconds[request.designMode] ?? 60) * factor)
        return MakistryJob(
            id: "pub_" + SandboxIDs.hex(24), ownerKey: key.name, request: request, sequence: sequence, createdAt: now,
            processingAt: now + queued, finishesAt: now + queued + processing, fails: request.prompt.contains("[fail]"))
    }

    /// Whether a succeeded job's output is past its retention (clock time since it finished).
    func isExpired(_ job: MakistryJob) -> Bool {
        guard job.settled, !job.fails else { return false }
        let finishedClock = job.finishesAt / environment.time.speed
        return (environment.time.elapsed - finishedClock).seconds > Double(settings.outputRetentionSeconds)
    }

    private func settle(_ state: inout State, now: Duration) {
        for id in state.jobs.keys {
            guard var job = state.jobs[id], !job.settled, now >= job.finishesAt else { continue }
            job.settled = true
            if !job.fails {
                let format = job.request.outputFormat
                let name = job.id
                let box = CADBox.requested(by: job.request.prompt)
                let data = CADFiles.file(format, box: box, name: name)
                job.objectID = environment.storage.store(
                    data, contentType: format.mimeType, filename: "\(job.id).\(format.fileExtension)")
            }
            state.jobs[id] = job
        }
    }
}
