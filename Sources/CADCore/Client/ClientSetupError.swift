/// A client could not be made: its key or base URL is unusable. Thrown alike by every client's
/// `init(apiKey:baseURL:configuration:)` and `fromEnvironment(_:configuration:)`, before anything is sent.
public enum ClientSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The API key is the empty string.
    case emptyAPIKey(service: String)
    /// `fromEnvironment` found no key in `variable`.
    case missingAPIKey(service: String, variable: String)
    /// `value` is not an absolute http(s) URL with a host.
    case invalidBaseURL(service: String, value: String)

    /// The service whose client could not be made.
    public var service: String {
        switch self {
        case .emptyAPIKey(let service), .missingAPIKey(let service, _), .invalidBaseURL(let service, _): service
        }
    }

    /// What was wrong, in one sentence.
    public var description: String {
        switch self {
        case .emptyAPIKey(let service):
            "the \(service) API key is empty"
        case .missingAPIKey(let service, let variable):
            "no \(service) API key: \(variable) is not set"
        case .invalidBaseURL(let service, let value):
            "the \(service) base URL \"\(value)\" is not an absolute http(s) URL with a host (e.g. https://host/path)"
        }
    }
}
