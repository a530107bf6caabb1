import Foundation

/// What every provider client (`OrvilleClient`, `MakistryClient`, `BitbybitClient`) has in common: its
/// entry in the service table and the one initializer shape, from which ``fromEnvironment(_:configuration:)``
/// is written once for all three.
public protocol ProviderClient: Sendable {
    /// The provider's entry in the service table: name, documented base URL, environment variables.
    static var service: CADService { get }

    /// A client for `apiKey` at `baseURL` (the provider's documented URL when `nil`); never reads the
    /// environment.
    ///
    /// - Throws: `ClientSetupError` for an empty key or a base URL that is not an absolute http(s) URL.
    init(apiKey: String, baseURL: URL?, configuration: ClientConfiguration) throws(ClientSetupError)
}

extension ProviderClient {
    /// A client with the key in the provider's `*_API_KEY` variable and the base URL in its `*_BASE_URL`
    /// (the documented URL when unset or empty): `ORVILLE_…`, `MAKISTRY_…` or `BITBYBIT_…`, as
    /// ``CADService`` names them.
    ///
    /// The environment is read only here, never by the initializer, so a key meant for a test cannot
    /// silently go to a production host.
    ///
    /// - Parameters:
    ///   - environment: where the variables are read (the process environment by default).
    ///   - configuration: as for `init(apiKey:baseURL:configuration:)`.
    /// - Throws: `ClientSetupError` for a missing or empty key or a bad base URL, naming the variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        configuration: ClientConfiguration = ClientConfiguration()
    ) throws(ClientSetupError) -> Self {
        let settings = try service.settings(from: environment)
        return try Self(apiKey: settings.apiKey, baseURL: settings.baseURL, configuration: configuration)
    }
}
