import Foundation
import Synchronization

/// Orville's state: jobs per workspace, balances, idempotency records. Thread-safe (`Mutex`).
///
/// Jobs advance lazily: every access first *settles* runs whose simulated finish time has passed
/// (makes the revision and its STEP artifacts, charges the balance), so reads are deterministic.
final class OrvilleStore: Sendable {
    /// A stored response for idempotent replay.
    struct Replay: Sendable {
        var status: Int
        var body: JSONValue
    }

    struct State {
        var jobs: [String: OrvilleJob] = [:]
        var nextSequence = 1
        var balances: [String: Int] = [:]
        var seededWorkspaces: Set<String> = []
        var artifacts: [String: (jobID: String, artifact: OrvilleArtifact)] = [:]
        var idempotency = IdempotencyIndex<Replay>()
    }

    let environment: SandboxEnvironment
    var settings: OrvilleSettings { environment.configuration.orville }
    private let state = Mutex(State())

    init(environment: SandboxEnvironment) { self.environment = environment }

    /// Runs `body` on the settled state of `workspace` (seeded with its webapp jobs on first use).
    func withWorkspace<T>(_ workspace: String, _ body: (inout State, Duration) throws -> T) rethrows -> T {
        let now = environment.time.simulatedNow
        return try state.withLock { state in
            seedIfNeeded(&state, workspace: workspace, now: now)
            settle(&state, now: now)
            return try body(&state, now)
        }
    }

    /// The balance of `workspace` before holds.
    func balance(_ state: inout State, workspace: String) -> Int {
        state.balances[workspace] ?? settings.balanceCents
    }

    /// Cents held by the workspace's active runs.
    func heldCents(_ state: State, workspace: String, now: Duration) -> Int {
        state.jobs.values.filter { $0.workspace == workspace && $0.isActive(at: now) }.count * settings.jobHoldCents
    }

    // MARK: Runs

    /// Starts a run on `job` for `prompt` (simulated timing from the settings; `[slow]` ×10, `[fail]` fails).
    func makeRun(prompt: String, messageID: String, now: Duration) -> OrvilleRun {
        let factor = prompt.contains("[slow]") ? 10.0 : 1.0
        let queued = Duration.seconds(fractional: settings.queuedSeconds * factor)
        let running = Duration.seconds(fractional: settings.runningSeconds * factor)
        return OrvilleRun(
            prompt: prompt, userMessageID: messageID, startedAt: now, runningAt: now + queued,
            finishesAt: now + queued + running, fails: prompt.contains("[fail]"))
    }

    private func settle(_ state: inout State, now: Duration) {
        for id in state.jobs.keys {
            guard var job = state.jobs[id], let last = job.runs.last, !last.settled, now >= last.finishesAt else { continue }
            job.runs[job.runs.count - 1].settled = true
            let finishedAt = environment.time.date(atSimulated: last.finishesAt)
            job.updatedAt = finishedAt
            if last.fails {
                job.failure = (
                    "generation_failed",
                    "The CAD agent could not produce a valid model for this prompt (forced by [fail] in the sandbox)."
                )
                job.explanation = nil
            } else {
                let revision = makeRevision(for: job, prompt: last.prompt, state: &state)
                job.revisions.append(revision)
                job.failure = nil
                job.explanation = "The \(job.title.lowercased()) is modelled as a solid \(describe(CADBox.requested(by: last.prompt))) "
                    + "body; revision \(revision.letter) reflects: \(preview(last.prompt, length: 200))"
                job.messages.append(
                    OrvilleMessage(
                        id: SandboxIDs.uuid(), role: .assistant, content: job.explanation ?? "", createdAt: finishedAt,
                        revisionID: revision.id))
                job.chargedCents = (job.chargedCents ?? 0) + settings.jobCostCents
                state.balances[job.workspace] = balance(&state, workspace: job.workspace) - settings.jobCostCents
            }
            state.jobs[id] = job
        }
    }

    private func makeRevision(for job: OrvilleJob, prompt: String, state: inout State) -> OrvilleRevision {
        let letter = String(UnicodeScalar(UInt8(65 + job.revisions.count % 26)))
        let box = CADBox.requested(by: prompt)
        let slug = Self.slug(job.title)
        let isAssembly = prompt.lowercased().contains("assembly")
        let labels = isAssembly ? ["\(slug)_base", "\(slug)_cover"] : [slug]
        var artifacts: [OrvilleArtifact] = []
        for (index, label) in labels.enumerated() {
            let number = 400 + job.sequence * 7 + job.revisions.count * 3 + index
            let filename = "\(number)_\(label).step"
            let partBox = index == 0 ? box : CADBox(width: box.width, depth: box.depth, height: max(1, box.height / 4))
            let data = CADFiles.step(partBox, name: label, description: "Orville CAD Model")
            let objectID = environment.storage.store(data, contentType: "application/step", filename: filename)
            let artifact = OrvilleArtifact(id: "art_" + SandboxIDs.base64url(22), label: label, filename: filename, objectID: objectID)
            state.artifacts[artifact.id] = (job.id, artifact)
            artifacts.append(artifact)
        }
        return OrvilleRevision(
            id: "rev_" + SandboxIDs.base64url(22), letter: letter, artifacts: artifacts, treeLabel: slug, isAssembly: isAssembly)
    }

    private func seedIfNeeded(_ state: inout State, workspace: String, now: Duration) {
        guard !state.seededWorkspaces.contains(workspace) else { return }
        state.seededWorkspaces.insert(workspace)
        for index in 0..<settings.seededWebappJobs {
            let prompt = "Create a mounting plate with rounded corners."
            let sequence = state.nextSequence
            state.nextSequence += 1
            let created = environment.time.startDate.addingTimeInterval(-3600 + Double(index) * 60)
            var run = OrvilleRun(
                prompt: prompt, userMessageID: SandboxIDs.uuid(), startedAt: .zero, runningAt: .zero, finishesAt: .zero,
                fails: false)
            run.settled = true
            var job = OrvilleJob(
                id: "cadjob_" + SandboxIDs.uuid(), workspace: workspace, sequence: sequence, source: "webapp",
                title: "Mounting plate", originalPrompt: prompt, createdAt: created, updatedAt: created.addingTimeInterval(252),
                runs: [run])
            job.messages.append(OrvilleMessage(id: run.userMessageID, role: .user, content: prompt, createdAt: created))
            let revision = makeRevision(for: job, prompt: prompt, state: &state)
            job.revisions.append(revision)
            job.explanation = "The mounting plate features a flat rectangular profile with rounded corners."
            job.messages.append(
                OrvilleMessage(
                    id: SandboxIDs.uuid(), role: .assistant, content: job.explanation ?? "",
                    createdAt: job.updatedAt, revisionID: revision.id))
            job.chargedCents = settings.jobCostCents
            state.jobs[job.id] = job
        }
    }

    // MARK: Text helpers

    /// A title from a prompt: its first words, capitalised like a sentence.
    static func title(from prompt: String) -> String {
        let cleaned = prompt.replacingOccurrences(of: "[fail]", with: "").replacingOccurrences(of: "[slow]", with: "")
        var words = cleaned.split(whereSeparator: { $0.isWhitespace }).prefix(8).map(String.init)
        let fillers: Set<String> = ["create", "make", "design", "model", "a", "an", "the", "please", "build"]
        while let first = words.first, fillers.contains(first.lowercased()), words.count > 1 { words.removeFirst() }
        let text = words.prefix(4).joined(separator: " ").trimmingCharacters(in: CharacterSet.punctuationCharacters)
        guard let first = text.first else { return "CAD model" }
        return first.uppercased() + text.dropFirst().lowercased()
    }

    static func slug(_ title: String) -> String {
        let scalars = title.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "_" }
        let collapsed = String(scalars).split(separator: "_").joined(separator: "_")
        return collapsed.isEmpty ? "model" : String(collapsed.prefix(40))
    }

    func preview(_ text: String, length: Int = 120) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    private func describe(_ box: CADBox) -> String {
        func number(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
        return "\(number(box.width))x\(number(box.depth))x\(number(box.height)) mm"
    }
}
