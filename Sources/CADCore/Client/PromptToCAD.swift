/// What to model, in terms every prompt/image-to-CAD provider understands.
public struct PromptToCADRequest: Sendable, Hashable {
    /// What to model. Some providers require it (Orville; Makistry without images).
    public var prompt: String?
    /// Paths of reference images, streamed from disk (Orville: at most 5; Makistry: 1–3).
    public var imagePaths: [String]
    /// The file to make; the provider's default (STEP, for both) when `nil`. A format the provider does not
    /// offer (see ``PromptToCADClient/supportedFormats``) is refused before anything is sent.
    public var format: PromptToCADFormat?
    /// The key for this submission and its retries; a fresh one when `nil`. Reuse it to resubmit safely.
    public var idempotencyKey: IdempotencyKey?

    /// A request from a prompt and optional images.
    public init(
        prompt: String?, imagePaths: [String] = [], format: PromptToCADFormat? = nil,
        idempotencyKey: IdempotencyKey? = nil
    ) {
        self.prompt = prompt
        self.imagePaths = imagePaths
        self.format = format
        self.idempotencyKey = idempotencyKey
    }
}

/// The model files prompt/image-to-CAD providers make.
public enum PromptToCADFormat: String, Sendable, Hashable, CaseIterable {
    /// ISO 10303-21 (STEP), exact B-rep geometry: every provider's default.
    case step
    /// Stereolithography mesh.
    case stl
    /// Binary glTF 2.0.
    case glb
    /// 3D Manufacturing Format.
    case threeMF = "3mf"
}

/// Where a job is, in terms every provider shares.
public enum PromptToCADState: String, Sendable, Hashable, CaseIterable {
    /// Accepted, not started.
    case queued
    /// Being generated.
    case running
    /// Finished with a model to download.
    case succeeded
    /// Finished without one.
    case failed
    /// A status this SDK does not know (see `PromptToCADJob.status`).
    case unknown

    /// Whether the job has stopped changing.
    public var isTerminal: Bool { self == .succeeded || self == .failed }
}

/// A provider's own job status (`OrvilleJobStatus`, Makistry's `JobStatus`) that maps onto the shared states.
public protocol PromptToCADStatus: OpenStringEnum {
    /// The shared state this status stands for (`.unknown` for a value this SDK does not know).
    var promptToCADState: PromptToCADState { get }
}

extension PromptToCADStatus {
    /// Whether the job has stopped changing (its shared state is terminal): polling ends.
    public var isTerminal: Bool { promptToCADState.isTerminal }
}

/// A job as a provider-neutral caller sees it.
public struct PromptToCADJob: Sendable, Hashable {
    /// The provider's name (`orville`, `makistry`).
    public var provider: String
    /// The job's id (`cadjob_…`, `pub_…`).
    public var jobID: String
    /// The shared state.
    public var state: PromptToCADState
    /// The status as the provider spells it (`completed`, `success`).
    public var status: String

    /// A job; see the properties.
    public init(provider: String, jobID: String, state: PromptToCADState, status: String) {
        self.provider = provider
        self.jobID = jobID
        self.state = state
        self.status = status
    }
}

/// Prompt/image-to-CAD, whichever provider does it: `OrvilleClient` and `MakistryClient` conform, so a
/// service swaps providers by changing the one line that makes the client.
///
/// ```swift
/// let cad: any PromptToCADClient = try OrvilleClient.fromEnvironment()   // or MakistryClient
/// let job = try await cad.submit(PromptToCADRequest(prompt: "A 40x20x5 mm plate with two holes"))
/// let done = try await cad.wait(job.jobID, timeout: .seconds(1800))
/// let files = try await cad.download(done.jobID, into: "out")
/// ```
public protocol PromptToCADClient: Sendable {
    /// The formats ``PromptToCADRequest/format`` may name for this provider (Orville: STEP only).
    var supportedFormats: [PromptToCADFormat] { get }
    /// Starts a job. Inputs are checked first; nothing is sent when they are wrong.
    func submit(_ request: PromptToCADRequest) async throws -> PromptToCADJob
    /// The job's current state (one status request).
    func status(_ jobID: String) async throws -> PromptToCADJob
    /// Polls the job on the provider's schedule until it ends; throws `JobFailedError` when it failed and
    /// `WaitTimeoutError` at the deadline (the client's default when `timeout` is `nil`).
    func wait(_ jobID: String, timeout: Duration?, observer: PollObserver?) async throws -> PromptToCADJob
    /// Downloads the finished job's files into `directory` (created when missing), each atomically.
    func download(_ jobID: String, into directory: String, overwrite: Bool, progress: DownloadProgressFactory?)
        async throws -> [DownloadResult]
}

/// The defaults the concrete clients give: the client's wait timeout, no observer, no overwriting, no progress.
///
/// ```swift
/// let done = try await cad.wait(job.jobID)
/// let files = try await cad.download(done.jobID, into: "out")
/// ```
extension PromptToCADClient {
    /// Polls as `wait(_:timeout:observer:)` without an observer, within `timeout` (the client's default when
    /// `nil`).
    public func wait(_ jobID: String, timeout: Duration? = nil) async throws -> PromptToCADJob {
        try await wait(jobID, timeout: timeout, observer: nil)
    }

    /// Polls as `wait(_:timeout:observer:)` within the client's default timeout, telling `observer` after
    /// every poll.
    public func wait(_ jobID: String, observer: PollObserver?) async throws -> PromptToCADJob {
        try await wait(jobID, timeout: nil, observer: observer)
    }

    /// Downloads as `download(_:into:overwrite:progress:)` without progress reports; an existing file is
    /// kept (and the download refused) unless `overwrite` is `true`.
    public func download(_ jobID: String, into directory: String, overwrite: Bool = false) async throws
        -> [DownloadResult]
    {
        try await download(jobID, into: directory, overwrite: overwrite, progress: nil)
    }

    /// Downloads as `download(_:into:overwrite:progress:)` without overwriting, reporting to `progress`.
    public func download(_ jobID: String, into directory: String, progress: DownloadProgressFactory?)
        async throws -> [DownloadResult]
    {
        try await download(jobID, into: directory, overwrite: false, progress: progress)
    }
}

extension PromptToCADJob {
    /// A job from the provider's own status: the shared state is the status's ``PromptToCADStatus/promptToCADState``,
    /// the spelling its wire value.
    public init(provider: String, jobID: String, status: some PromptToCADStatus) {
        self.init(provider: provider, jobID: jobID, state: status.promptToCADState, status: status.rawValue)
    }
}
