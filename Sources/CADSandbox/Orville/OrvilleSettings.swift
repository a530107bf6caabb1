/// Orville's account state and job timing in the sandbox.
public struct OrvilleSettings: Sendable {
    /// The workspace's billing state: `active` lets jobs start; the others refuse creates.
    public enum BillingState: String, Sendable, Codable {
        /// Jobs start while the balance covers the hold.
        case active
        /// 402 `billing_required`.
        case billingRequired = "billing_required"
        /// 402 `billing_needs_review`.
        case needsReview = "billing_needs_review"
        /// 503: the billing check is unavailable.
        case unavailable
    }

    /// What `poll_after_seconds` says while a job is active.
    public enum PollAfterHint: Sendable, Hashable {
        /// The clock seconds until the run finishes, rounded up, at least 1 (the default).
        case untilFinished
        /// Always this many seconds (tests of clients that must still respect the per-job poll limit).
        case fixed(Int)
        /// `null`: clients fall back to their own interval.
        case absent
    }

    /// Starting balance of every workspace, in cents.
    public var balanceCents: Int
    /// Hold required to start a job (`cad_job_hold_cents`).
    public var jobHoldCents: Int
    /// What a completed job costs (`cost.charged_cents`); deducted from the balance on completion.
    public var jobCostCents: Int
    /// Billing state of every workspace.
    public var billingState: BillingState
    /// Simulated seconds a job stays `queued`.
    public var queuedSeconds: Double
    /// Simulated seconds a job (or follow-up) stays `running`.
    public var runningSeconds: Double
    /// Jobs listed by a fresh server that were "created in the webapp" (source `webapp`).
    public var seededWebappJobs: Int
    /// What `poll_after_seconds` says while a job is active.
    public var pollAfterHint: PollAfterHint = .untilFinished

    /// Creates settings; defaults: $25.00 balance, $2.00 hold and cost, active billing, 30 s queued,
    /// 4 min running (as the docs' example timing), one webapp job.
    public init(
        balanceCents: Int = 2500, jobHoldCents: Int = 200, jobCostCents: Int = 200,
        billingState: BillingState = .active, queuedSeconds: Double = 30, runningSeconds: Double = 240,
        seededWebappJobs: Int = 1
    ) {
        self.balanceCents = balanceCents
        self.jobHoldCents = jobHoldCents
        self.jobCostCents = jobCostCents
        self.billingState = billingState
        self.queuedSeconds = queuedSeconds
        self.runningSeconds = runningSeconds
        self.seededWebappJobs = seededWebappJobs
    }
}
