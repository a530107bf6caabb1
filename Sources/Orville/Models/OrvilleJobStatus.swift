/// A job's status as Orville spells it: `queued`, `running`, `completed`, `failed` (other values a newer
/// API might add are kept as `unknown`).
public enum OrvilleJobStatus: PromptToCADStatus {
    /// Waiting to start.
    case queued
    /// Generating.
    case running
    /// Finished with a revision.
    case completed
    /// Finished without one.
    case failed
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [OrvilleJobStatus] = [.queued, .running, .completed, .failed]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .completed: "completed"
        case .failed: "failed"
        case .unknown(let value): value
        }
    }

    /// The shared state: `queued`, `running`, `completed` → succeeded, `failed`.
    public var promptToCADState: PromptToCADState {
        switch self {
        case .queued: .queued
        case .running: .running
        case .completed: .succeeded
        case .failed: .failed
        case .unknown: .unknown
        }
    }
}
