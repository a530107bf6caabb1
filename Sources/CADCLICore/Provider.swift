/// The three hosted APIs cadctl speaks.
public enum Provider: String, CaseIterable, Sendable, Codable {
    case bitbybit, orville, makistry

    /// The environment variable holding the API key.
    public var keyVariable: String { "\(rawValue.uppercased())_API_KEY" }
    /// The environment variable holding the base URL.
    public var baseURLVariable: String { "\(rawValue.uppercased())_BASE_URL" }

    /// The provider's production base URL.
    public var defaultBaseURL: String {
        switch self {
        case .bitbybit: "https://api.bitbybit.dev"
        case .orville: "https://www.ballistalabs.ai"
        case .makistry: "https://api.makistry.ai/v1"
        }
    }

    /// Infers the provider from a job id's shape (`cadjob_…` Orville, `pub_…` Makistry).
    public static func inferred(fromJobID id: String) -> Provider? {
        if id.hasPrefix("cadjob_") { return .orville }
        if id.hasPrefix("pub_") { return .makistry }
        return nil
    }
}
