/// `client.billing`: the workspace's billing status.
public struct OrvilleBillingAPI: Sendable {
    let client: OrvilleClient

    /// `GET /api/v1/billing/balance` (scope `billing:read`).
    public func balance() async throws -> OrvilleBalance {
        let request = try client.core.request(.get, "/api/v1/billing/balance")
        return try await client.core.send(request, decoding: OrvilleBalance.self)
    }
}
