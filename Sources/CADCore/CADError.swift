/// Any failure of an SDK call, in a few classes (`category`).
///
/// SDK functions throw the specific errors (`APIError`, `TransportError`, `JobFailedError`,
/// `WaitTimeoutError`, `CancellationError`, `CADError.usage`); `CADError(_:)` wraps whichever was thrown,
/// so a caller needs one `catch`.
public enum CADError: Error, Sendable, CustomStringConvertible {
    /// The caller's input is wrong (flags, arguments, an unreadable file, a missing key, an invalid
    /// pipeline, an existing output file, plain HTTP to a remote host).
    case usage(String)
    /// The provider answered with an error (see `APIError.classification`).
    case api(APIError)
    /// The exchange failed below HTTP.
    case transport(TransportError)
    /// The remote job or task failed.
    case jobFailed(JobFailedError)
    /// Waiting timed out; the job may still finish.
    case waitTimedOut(WaitTimeoutError)
    /// The operation was cancelled (Ctrl-C).
    case cancelled
    /// Anything else.
    case other(String)

    /// Wraps `error` in the matching case (a `CADError` is returned as it is).
    public init(_ error: any Error) {
        switch error {
        case let error as CADError: self = error
        case let error as APIError: self = .api(error)
        case let error as TransportError: self = .transport(error)
        case let error as JobFailedError: self = .jobFailed(error)
        case let error as WaitTimeoutError: self = .waitTimedOut(error)
        case let error as any CADErrorConvertible: self = error.cadError
        case is CancellationError: self = .cancelled
        default: self = .other(String(describing: error))
        }
    }

    /// The coarse class of a failure, for callers that branch on it (the CLI maps each to an exit code).
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// The caller's input was wrong; nothing (more) was sent.
        case usage
        /// The key was refused (401, 403).
        case authentication
        /// Money: a payment or billing refusal.
        case payment
        /// Rate limited or unavailable (429, 503), after the retries.
        case rateLimited
        /// The network or TLS failed (connect, DNS, reset, timeout, a cut body).
        case network
        /// The remote job or task failed.
        case jobFailed
        /// Waiting timed out; the job may still finish.
        case waitTimedOut
        /// Cancelled.
        case cancelled
        /// Anything else (a not-found, an invalid request, a server error, an undecodable response…).
        case other
    }

    /// The class of this failure.
    public var category: Category {
        switch self {
        case .usage: .usage
        case .api(let error):
            switch error.classification {
            case .authentication: .authentication
            case .payment: .payment
            case .rateLimited: .rateLimited
            case .notFound, .invalidRequest, .server, .decoding, .unexpected: .other
            }
        case .transport(let error): error.kind.isNetworkFailure ? .network : .other
        case .jobFailed: .jobFailed
        case .waitTimedOut: .waitTimedOut
        case .cancelled: .cancelled
        case .other: .other
        }
    }

    /// The sentence to print after `error: `.
    public var description: String {
        switch self {
        case .usage(let message), .other(let message): message
        case .api(let error): error.description
        case .transport(let error): error.description
        case .jobFailed(let error): error.description
        case .waitTimedOut(let error): error.description
        case .cancelled: "cancelled"
        }
    }

    /// The message alone, without the code/status/request-id facts (for `{"error":{"message":…}}`).
    public var message: String {
        switch self {
        case .api(let error): error.message
        case .transport(let error): error.message
        case .jobFailed(let error): error.message ?? "\(error.provider) job \(error.jobID) failed"
        default: description
        }
    }

    /// The provider's error code, when there is one.
    public var code: String? {
        switch self {
        case .api(let error): error.code
        case .jobFailed(let error): error.code
        default: nil
        }
    }

    /// The HTTP status, when the error came from a response.
    public var status: Int? {
        if case .api(let error) = self { return error.status }
        return nil
    }

    /// The provider involved, when known.
    public var provider: String? {
        switch self {
        case .api(let error): error.provider
        case .jobFailed(let error): error.provider
        case .waitTimedOut(let error): error.provider
        default: nil
        }
    }

    /// The provider's request id, when known.
    public var requestID: String? {
        switch self {
        case .api(let error): error.requestID
        case .jobFailed(let error): error.requestID
        default: nil
        }
    }
}

/// An error from a provider module that knows its CLI class (a local validation failure is a usage error):
/// `CADError(_:)` uses `cadError` instead of `.other`.
public protocol CADErrorConvertible: Error {
    /// The class and message the CLI reports.
    var cadError: CADError { get }
}

extension TransportError.Kind {
    /// Whether this is a failure of the network or TLS (connect, DNS, reset, timeout before a response, a cut
    /// body), as opposed to a local or protocol problem.
    public var isNetworkFailure: Bool {
        switch self {
        case .dnsFailure, .connectFailed, .tlsFailure, .timedOut, .connectionReset, .truncatedBody: true
        case .tooManyRedirects, .badRedirect, .bodyTooLarge, .fileError, .invalidURL, .other: false
        }
    }
}
