/// Any failure of an SDK call, in the classes the CLI turns into exit codes.
///
/// SDK functions throw the specific errors (`APIError`, `TransportError`, `JobFailedError`,
/// `WaitTimeoutError`, `CancellationError`, `CADError.usage`); `CADError(_:)` wraps whichever was thrown,
/// so the CLI needs one `catch` and `exitCode`.
public enum CADError: Error, Sendable, CustomStringConvertible {
    /// The caller's input is wrong (flags, arguments, an unreadable file, a missing key, an invalid
    /// pipeline, an existing output file, plain HTTP to a remote host). Exit 2.
    case usage(String)
    /// The provider answered with an error. Exit 3, 6, 8 or 1 by `APIError.classification`.
    case api(APIError)
    /// The exchange failed below HTTP. Exit 7 for network and TLS failures, 1 otherwise.
    case transport(TransportError)
    /// The remote job or task failed. Exit 4.
    case jobFailed(JobFailedError)
    /// Waiting timed out; the job may still finish. Exit 5.
    case waitTimedOut(WaitTimeoutError)
    /// The operation was cancelled (Ctrl-C). Exit 1, as the contract lists no code of its own for it.
    case cancelled
    /// Anything else. Exit 1.
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

    /// The process exit code the CLI uses for this error (see docs/cadctl-cli.md).
    public var exitCode: Int32 {
        switch self {
        case .usage: 2
        case .api(let error): error.exitCode
        case .transport(let error): Self.exitCode(for: error.kind)
        case .jobFailed: 4
        case .waitTimedOut: 5
        case .cancelled: 1
        case .other: 1
        }
    }

    /// 7 for failures of the network or TLS (connect, DNS, reset, timeout before a response, a cut body),
    /// 1 for the rest.
    public static func exitCode(for kind: TransportError.Kind) -> Int32 {
        switch kind {
        case .dnsFailure, .connectFailed, .tlsFailure, .timedOut, .connectionReset, .truncatedBody: 7
        case .tooManyRedirects, .badRedirect, .bodyTooLarge, .fileError, .invalidURL, .other: 1
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
