/// The three hosted APIs the sandbox imitates.
public enum SandboxProvider: String, Sendable, Codable, CaseIterable, Hashable {
    /// Bitbybit, under `/bitbybit`.
    case bitbybit
    /// Orville (Ballista Labs), under `/orville`.
    case orville
    /// Makistry, under `/makistry/v1`.
    case makistry

    /// The path prefix under which the provider's API is served on the API port.
    ///
    /// Bitbybit paths follow as `/health`, `/api/v1/...`; Orville as `/api/v1/cad/jobs`;
    /// Makistry's base already ends in `/v1`, so its paths follow as `/text-to-cad`, `/jobs/{id}`.
    public var pathPrefix: String {
        switch self {
        case .bitbybit: "/bitbybit"
        case .orville: "/orville"
        case .makistry: "/makistry/v1"
        }
    }
}
