import CADCore

/// The three hosted APIs cadctl speaks.
public enum Provider: String, CaseIterable, Sendable, Codable {
    /// Bitbybit Cloud CAD: models, CAD operations, pipelines, conversion, files and tasks.
    case bitbybit
    /// Orville by Ballista Labs: prompt/image-to-CAD jobs.
    case orville
    /// Makistry: text/image-to-CAD jobs.
    case makistry

    /// The SDK's table entry for this provider (default base URL, environment variables).
    public var service: CADService {
        switch self {
        case .bitbybit: .bitbybit
        case .orville: .orville
        case .makistry: .makistry
        }
    }

    /// The environment variable holding the API key.
    public var keyVariable: String { service.apiKeyVariable }
    /// The environment variable holding the base URL.
    public var baseURLVariable: String { service.baseURLVariable }

    /// The provider's production base URL.
    public var defaultBaseURL: String { service.defaultBaseURL }

    /// Infers the provider from a job id's shape (`cadjob_…` Orville, `pub_…` Makistry).
    public static func inferred(fromJobID id: String) -> Provider? {
        if id.hasPrefix("cadjob_") { return .orville }
        if id.hasPrefix("pub_") { return .makistry }
        return nil
    }
}
