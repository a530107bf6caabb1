/// The facts a client and the CLI share about one hosted API: its name, its documented base URL and the
/// environment variables `fromEnvironment` reads. ``all`` is the one table of them.
public struct CADService: Sendable, Hashable {
    /// The provider's name as errors and logs spell it (`orville`).
    public var name: String
    /// The documented production base URL.
    public var defaultBaseURL: String
    /// The variable holding the API key (`ORVILLE_API_KEY`).
    public var apiKeyVariable: String
    /// The variable holding a base URL that replaces the default (`ORVILLE_BASE_URL`).
    public var baseURLVariable: String

    /// A service named `name` at `defaultBaseURL`, with `NAME_API_KEY` and `NAME_BASE_URL` as its variables.
    public init(name: String, defaultBaseURL: String) {
        self.name = name
        self.defaultBaseURL = defaultBaseURL
        apiKeyVariable = name.uppercased() + "_API_KEY"
        baseURLVariable = name.uppercased() + "_BASE_URL"
    }

    /// Orville (Ballista Labs), prompt-to-CAD.
    public static let orville = CADService(name: "orville", defaultBaseURL: "https://www.ballistalabs.ai")
    /// Makistry, text- and image-to-CAD.
    public static let makistry = CADService(name: "makistry", defaultBaseURL: "https://api.makistry.ai/v1")
    /// Bitbybit Cloud CAD, parametric models and OpenCASCADE operations.
    public static let bitbybit = CADService(name: "bitbybit", defaultBaseURL: "https://api.bitbybit.dev")

    /// Every service, in the CLI's order.
    public static let all: [CADService] = [.bitbybit, .orville, .makistry]

    /// `text` as a base URL for this service.
    ///
    /// - Throws: ``ClientSetupError/invalidBaseURL(service:value:)`` when it is not an absolute http(s) URL
    ///   with a host.
    public func baseURL(_ text: String) throws(ClientSetupError) -> URL {
        guard let url = URL(string: text), isBaseURL(url) else { throw .invalidBaseURL(service: name, value: text) }
        return url
    }

    /// `url` when it can be a base URL for this service.
    ///
    /// - Throws: ``ClientSetupError/invalidBaseURL(service:value:)`` when it is not an absolute http(s) URL
    ///   with a host.
    public func checkedBaseURL(_ url: URL) throws(ClientSetupError) -> URL {
        guard isBaseURL(url) else { throw .invalidBaseURL(service: name, value: url.absoluteString) }
        return url
    }

    private func isBaseURL(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    /// The documented base URL as a `URL`.
    ///
    /// - Throws: ``ClientSetupError/invalidBaseURL(service:value:)`` if the table's entry were not one.
    public func defaultURL() throws(ClientSetupError) -> URL {
        try baseURL(defaultBaseURL)
    }

    /// The key and base URL `environment` gives: `NAME_API_KEY` (required, not empty) and `NAME_BASE_URL`
    /// (optional; the documented URL when unset or empty).
    ///
    /// - Throws: ``ClientSetupError`` for a missing or empty key or a bad base URL.
    public func settings(from environment: [String: String]) throws(ClientSetupError) -> (apiKey: String, baseURL: URL) {
        guard let key = environment[apiKeyVariable] else {
            throw .missingAPIKey(service: name, variable: apiKeyVariable)
        }
        guard !key.isEmpty else { throw .emptyAPIKey(service: name) }
        guard let text = environment[baseURLVariable], !text.isEmpty else { return (key, try defaultURL()) }
        return (key, try baseURL(text))
    }
}
