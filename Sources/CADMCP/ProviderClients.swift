import Bitbybit
import CADCLICore
import CADCore
import CADTransport
import Foundation
import Makistry
import Orville
import Synchronization

/// The SDK clients of one server, each built once from the environment and the config file (never from a
/// tool argument) and shared by every call, so their rate limiters see all of the server's requests.
///
/// A provider without a key is not an error until a tool needs it; the error then is the CLI's.
public final class ProviderClients: Sendable {
    private let environment: Environment
    private let config: ConfigFile
    private let transport: any HTTPTransport
    private let built = Mutex<Built>(Built())

    private struct Built {
        var bitbybit: BitbybitClient?
        var orville: OrvilleClient?
        var makistry: MakistryClient?
    }

    /// Clients resolved from `environment` and `config`, sending through `transport`.
    public init(environment: Environment, config: ConfigFile, transport: any HTTPTransport) {
        self.environment = environment
        self.config = config
        self.transport = transport
    }

    /// Every key this server could send (environment and config file), for redaction.
    public var knownKeys: [String] {
        Provider.allCases.compactMap { settings(for: $0).apiKey }
    }

    /// The provider for a call: `explicit`, else the id's shape, else `default_provider`, else the only
    /// provider among `candidates` with a key (as the CLI chooses).
    func choose(_ explicit: Provider?, jobID: String? = nil, among candidates: [Provider]) throws -> Provider {
        try ProviderChoice.choose(
            explicit: explicit, jobID: jobID, candidates: candidates, environment: environment, config: config)
    }

    func bitbybit() throws -> BitbybitClient {
        try client(\.bitbybit) {
            let (key, url) = try credentials(.bitbybit)
            return try BitbybitClient(apiKey: key, baseURL: url, configuration: configuration)
        }
    }

    func orville() throws -> OrvilleClient {
        try client(\.orville) {
            let (key, url) = try credentials(.orville)
            return try OrvilleClient(apiKey: key, baseURL: url, configuration: configuration)
        }
    }

    func makistry() throws -> MakistryClient {
        try client(\.makistry) {
            let (key, url) = try credentials(.makistry)
            return try MakistryClient(apiKey: key, baseURL: url, configuration: configuration)
        }
    }

    /// The prompt/image-to-CAD client of `provider` (Orville or Makistry), provider-neutral.
    func promptToCAD(_ provider: Provider) throws -> any PromptToCADClient {
        provider == .makistry ? try makistry() : try orville()
    }

    /// The SDK configuration every client shares: the server's one transport.
    private var configuration: ClientConfiguration { ClientConfiguration(transport: transport) }

    private func client<C: Sendable>(_ slot: WritableKeyPath<Built, C?>, make: () throws -> C) throws -> C {
        try built.withLock { built in
            if let existing = built[keyPath: slot] { return existing }
            let client = try make()
            built[keyPath: slot] = client
            return client
        }
    }

    private func settings(for provider: Provider) -> ProviderSettings {
        ProviderSettings.resolve(provider, environment: environment, config: config)
    }

    /// The ledger (the same database the CLI uses), or `nil` with `CADCTL_NO_LEDGER=1`.
    func ledger() throws -> (any SubmissionJournal)? {
        try LedgerAccess.journal(environment: environment)
    }

    /// The key and base URL of `provider`, required.
    func credentials(_ provider: Provider) throws -> (String, URL) {
        let settings = settings(for: provider)
        return (try settings.requireAPIKey(), try settings.requireBaseURL())
    }
}
