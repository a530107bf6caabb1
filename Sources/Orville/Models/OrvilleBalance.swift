/// The workspace's billing status (`GET /api/v1/billing/balance`).
public struct OrvilleBalance: Codable, Sendable, Hashable {
    /// `usd`.
    public var currency: String
    /// What public API jobs may spend, in cents.
    public var availableBalanceCents: Int
    /// The hold needed to start a CAD job, in cents.
    public var cadJobHoldCents: Int
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case currency
        case availableBalanceCents = "available_balance_cents", cadJobHoldCents = "cad_job_hold_cents"
        case requestID = "request_id"
    }
}
