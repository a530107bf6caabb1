/// A job's status: `queued → processing → success | failed`. Unknown values are kept as `unknown`, not
/// rejected.
public enum JobStatus: PromptToCADStatus {
    /// Accepted, waiting for a worker.
    case queued
    /// Being generated.
    case processing
    /// Finished; `download_url` holds the file.
    case success
    /// Finished without a file; `error_code` and `error_message` say why.
    case failed
    /// A value this client does not know.
    case unknown(String)

    /// The documented values, in the document's order.
    public static let knownCases: [JobStatus] = [.queued, .processing, .success, .failed]

    /// The wire value.
    public var rawValue: String {
        switch self {
        case .queued: "queued"
        case .processing: "processing"
        case .success: "success"
        case .failed: "failed"
        case .unknown(let value): value
        }
    }

    /// The shared state: `queued`, `processing` → running, `success` → succeeded, `failed`.
    public var promptToCADState: PromptToCADState {
        switch self {
        case .queued: .queued
        case .processing: .running
        case .success: .succeeded
        case .failed: .failed
        case .unknown: .unknown
        }
    }
}
