import CADCore

/// A failure the CLI reports itself, with the contract's exit code.
public struct CLIError: Error, Sendable {
    /// Exit codes of the CLI contract.
    public enum ExitStatus: Int32, Sendable {
        /// 1: any other failure.
        case failure = 1
        /// 2: bad flags or arguments, unreadable input, a missing key.
        case usage = 2
        /// 3: the key was refused.
        case authentication = 3
        /// 4: the job failed.
        case jobFailed = 4
        /// 5: the wait timed out (the job may still finish).
        case waitTimedOut = 5
        /// 6: rate limited or unavailable after retries.
        case rateLimited = 6
        /// 7: network or TLS.
        case network = 7
        /// 8: payment refused.
        case payment = 8
        /// 9: a check or the lock did not match.
        case verification = 9
    }

    /// The exit code the CLI ends with.
    public var status: ExitStatus
    /// What went wrong and how to fix it.
    public var message: String

    /// A failure with `status` and `message`.
    public init(status: ExitStatus, message: String) {
        self.status = status
        self.message = message
    }

    /// A usage error: bad flags or arguments, unreadable input, missing key (exit 2).
    public static func usage(_ message: String) -> CLIError { CLIError(status: .usage, message: message) }

    /// A verification failure: a file that does not match `cadctl.lock`, a lock out of date (exit 9).
    public static func verification(_ message: String) -> CLIError { CLIError(status: .verification, message: message) }
}

/// The message alone, as the argument parser shows an error a command's `validate()` threw.
extension CLIError: CustomStringConvertible {
    /// What went wrong and how to fix it.
    public var description: String { message }
}

extension CLIError.ExitStatus {
    /// The contract's exit code for an SDK failure (docs/cadctl-cli.md): usage 2, authentication 3, job failed
    /// 4, wait timed out 5, rate limited or unavailable 6, network or TLS 7, payment 8, anything else 1.
    public init(_ category: CADError.Category) {
        switch category {
        case .usage: self = .usage
        case .authentication: self = .authentication
        case .jobFailed: self = .jobFailed
        case .waitTimedOut: self = .waitTimedOut
        case .rateLimited: self = .rateLimited
        case .network: self = .network
        case .payment: self = .payment
        case .cancelled, .other: self = .failure
        }
    }
}
