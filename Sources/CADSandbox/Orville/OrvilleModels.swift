import Foundation

/// An image attached to a user message (metadata only is ever shown).
struct OrvilleImage: Sendable {
    var id: String
    var filename: String
    var contentType: String
    var sizeBytes: Int
}

/// A STEP artifact of a revision, stored on the storage listener.
struct OrvilleArtifact: Sendable {
    var id: String
    var label: String
    var filename: String
    var objectID: String
}

/// A CAD revision produced by a completed run.
struct OrvilleRevision: Sendable {
    var id: String
    /// `A`, `B`, ...
    var letter: String
    var artifacts: [OrvilleArtifact]
    /// The root of the assembly tree: one artifact, or an assembly of several.
    var treeLabel: String
    var isAssembly: Bool
}

/// A review assistant answer.
struct OrvilleReview: Sendable {
    var message: String
}

/// One entry of a job's conversation.
struct OrvilleMessage: Sendable {
    enum Role: String, Sendable {
        case user
        case assistant
    }

    var id: String
    var role: Role
    var content: String
    var createdAt: Date
    var images: [OrvilleImage] = []
    var revisionID: String?
    var review: OrvilleReview?
}

/// One CAD run (the create or a follow-up) moving through queued → running → completed | failed.
struct OrvilleRun: Sendable {
    var prompt: String
    var userMessageID: String
    /// Simulated instants.
    var startedAt: Duration
    var runningAt: Duration
    var finishesAt: Duration
    var fails: Bool
    /// Set once the run's outcome has been applied (revision made, balance charged).
    var settled = false
}

/// A CAD job in a workspace.
struct OrvilleJob: Sendable {
    enum Status: String, Sendable {
        case queued, running, completed, failed
    }

    var id: String
    var workspace: String
    var sequence: Int
    var source: String
    var title: String
    var originalPrompt: String
    var createdAt: Date
    var updatedAt: Date
    var runs: [OrvilleRun]
    var messages: [OrvilleMessage] = []
    var revisions: [OrvilleRevision] = []
    /// Cents charged by completed runs, in total.
    var chargedCents: Int?
    var explanation: String?
    var failure: (code: String, message: String)?

    var latestRevision: OrvilleRevision? { revisions.last }

    /// The status at simulated instant `now`.
    func status(at now: Duration) -> Status {
        guard let run = runs.last else { return .completed }
        if now < run.runningAt { return .queued }
        if now < run.finishesAt { return .running }
        return run.fails ? .failed : .completed
    }

    /// Whether the latest run is still queued or running.
    func isActive(at now: Duration) -> Bool {
        let status = status(at: now)
        return status == .queued || status == .running
    }
}
