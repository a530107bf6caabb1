/// An Orville error response: `{"error":{"code","message"},"request_id"}` with its status.
struct OrvilleError: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    var retryAfter: Int?

    init(_ status: Int, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static func rateLimited(_ what: String, retryAfter: Int) -> OrvilleError {
        OrvilleError(429, "rate_limited", "Rate limit exceeded for \(what). Retry after \(retryAfter) seconds.", retryAfter: retryAfter)
    }

    static func notFound(_ what: String) -> OrvilleError {
        OrvilleError(404, "not_found", "\(what) was not found")
    }
}
