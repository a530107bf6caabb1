/// Makistry's account state and job timing in the sandbox.
public struct MakistrySettings: Sendable {
    /// Credits per account; each accepted job uses one. At zero, creates answer 402 `payment_required`.
    public var credits: Int
    /// Clock seconds a finished job's output stays downloadable; afterwards `GET /jobs/{id}` answers
    /// 410 `output_expired`.
    public var outputRetentionSeconds: Int
    /// Simulated seconds a job stays `queued`.
    public var queuedSeconds: Double
    /// Simulated seconds a job stays `processing`, by design mode (standard 60, pro 180, assembly 480).
    public var processingSeconds: [String: Double]

    /// Creates settings with the defaults above, 1000 credits, 30-day output retention (as Makistry documents), 5 s queued.
    public init(
        credits: Int = 1000, outputRetentionSeconds: Int = 2_592_000, queuedSeconds: Double = 5,
        processingSeconds: [String: Double] = ["standard": 60, "pro": 180, "assembly": 480]
    ) {
        self.credits = credits
        self.outputRetentionSeconds = outputRetentionSeconds
        self.queuedSeconds = queuedSeconds
        self.processingSeconds = processingSeconds
    }
}
