import CADTransport
import Synchronization

/// Wraps the real transport and counts what goes through it, by kind of request.
final class CountingTransport: HTTPTransport {
    struct Counts: Sendable {
        var creates = 0
        var polls = 0
        var createsRateLimited = 0
        var pollsRateLimited = 0
        /// 429s that are not rate limits (Orville's `projected_balance_exceeded`: a billing limit).
        var otherTooManyRequests = 0
    }

    private let inner: any HTTPTransport
    private let counts = Mutex(Counts())

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var snapshot: Counts { counts.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await inner.send(request)
        let isCreate = request.method == .post
        counts.withLock { counts in
            if isCreate { counts.creates += 1 } else { counts.polls += 1 }
            let isRateLimit = !String(decoding: response.body.prefix(2048), as: UTF8.self).contains("projected_balance_exceeded")
            if response.status == 429 && !isRateLimit {
                counts.otherTooManyRequests += 1
            } else if response.status == 429 {
                if isCreate { counts.createsRateLimited += 1 } else { counts.pollsRateLimited += 1 }
            }
        }
        return response
    }
}
