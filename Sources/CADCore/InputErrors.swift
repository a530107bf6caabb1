/// A request was refused before anything was sent: an input broke the provider's documented rules.
///
/// Thrown by the Orville and Makistry clients' input checks (Bitbybit's schema checks throw
/// `BitbybitValidationError`). The message states the rule in SDK terms; `CADError(_:)` wraps it as a usage
/// error.
public struct InputValidationError: Error, Sendable, Hashable, CustomStringConvertible, CADErrorConvertible {
    /// What was wrong with the field.
    public enum Problem: String, Sendable, Hashable {
        /// A required value was not given (or was empty).
        case missing
        /// A value was given but breaks a rule (length, count, range, type, format).
        case invalid
    }

    /// The provider whose rules were broken (`orville`, `makistry`).
    public var provider: String
    /// The field, as the provider's documentation names it (`prompt`, `images`, `callback_url`, `limit`).
    public var field: String
    /// Whether the value was missing or invalid.
    public var problem: Problem
    /// What was wrong and the rule, in one sentence.
    public var message: String

    /// An input error; see the properties.
    public init(provider: String, field: String, problem: Problem = .invalid, message: String) {
        self.provider = provider
        self.field = field
        self.problem = problem
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// A usage error with the message.
    public var cadError: CADError { .usage(message) }
}

/// A download would replace an existing file and `overwrite` was not set; nothing was fetched.
public struct OutputFileExistsError: Error, Sendable, Hashable, CustomStringConvertible, CADErrorConvertible {
    /// The file that is already there.
    public var path: String

    /// The error for `path`.
    public init(path: String) { self.path = path }

    /// `PATH already exists; pass overwrite: true to replace it`.
    public var description: String { "\(path) already exists; pass overwrite: true to replace it" }

    /// A usage error with the description.
    public var cadError: CADError { .usage(description) }
}
