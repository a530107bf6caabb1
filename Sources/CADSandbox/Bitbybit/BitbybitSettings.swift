/// Bitbybit's task timing and upload limits in the sandbox.
public struct BitbybitSettings: Sendable {
    /// Simulated seconds a task stays `queued` before it starts `processing`.
    public var queuedSeconds: Double
    /// Simulated seconds a task stays `processing`.
    public var processingSeconds: Double
    /// How many sub-tasks of one compound task run at once; the rest wait (`waiting`) for a slot.
    public var compoundConcurrency: Int
    /// Clock seconds a finished task's results are kept; then the task is `expired`.
    public var resultLifetimeSeconds: Int
    /// Clock seconds a pre-signed upload URL stays valid (`expiresIn`); an unconfirmed file then expires.
    public var uploadURLLifetimeSeconds: Int
    /// Clock seconds a pre-signed result download URL stays valid ("expires after 1 hour").
    public var downloadURLLifetimeSeconds: Int
    /// The plan's largest upload (`maxBytes`); larger `bytes` get 400 `FILE_TOO_LARGE`.
    public var maxUploadBytes: Int

    /// Creates settings; defaults: 2 s queued, 8 s processing (simulated), 4 sub-tasks at once,
    /// results kept 24 h, upload and download URLs valid 1 h, 96 MiB uploads (the most the storage
    /// listener accepts in one PUT).
    public init(
        queuedSeconds: Double = 2, processingSeconds: Double = 8, compoundConcurrency: Int = 4,
        resultLifetimeSeconds: Int = 86_400, uploadURLLifetimeSeconds: Int = 3_600,
        downloadURLLifetimeSeconds: Int = 3_600, maxUploadBytes: Int = 96 * 1024 * 1024
    ) {
        self.queuedSeconds = queuedSeconds
        self.processingSeconds = processingSeconds
        self.compoundConcurrency = max(1, compoundConcurrency)
        self.resultLifetimeSeconds = resultLifetimeSeconds
        self.uploadURLLifetimeSeconds = uploadURLLifetimeSeconds
        self.downloadURLLifetimeSeconds = downloadURLLifetimeSeconds
        self.maxUploadBytes = maxUploadBytes
    }
}
