import CADCore
import CADRecording
import CADTransport

/// What every network command needs: the parsed global options, the environment, the config file, one
/// transport for the whole run, the console its output goes to, and the `--verbose` observer.
struct CommandContext: Sendable {
    var global: GlobalOptions
    var environment: Environment
    var config: ConfigFile
    /// One libcurl transport (one multi handle) for every request of this run.
    var transport: any HTTPTransport
    /// Where results, information, progress and errors go.
    var console: Console

    /// The context for this run: the task's environment (`CommandScope`) and console (`Console.current`),
    /// the config file, a transport honouring `--cacert`.
    static func current(_ global: GlobalOptions) throws -> CommandContext {
        let environment = CommandScope.currentEnvironment
        let configPath = ConfigFile.path(in: environment)
        let config = try ConfigFile.load(from: configPath)
        ConfigFile.warnIfExposed(configPath, config: config)
        var configuration = CurlTransport.Configuration()
        if let cacert = global.cacert {
            guard FileManager.default.isReadableFile(atPath: cacert) else {
                throw CLIError.usage("--cacert \(cacert): no readable file there; give a PEM file of CA certificates")
            }
            configuration.caBundlePath = cacert
        }
        var transport: any HTTPTransport = CurlTransport(configuration: configuration)
        if let path = global.record ?? environment["CADCTL_RECORD"] {
            transport = recorder(path: path, upstream: transport, global: global, environment: environment, config: config)
        }
        return CommandContext(
            global: global, environment: environment, config: config, transport: transport, console: Console.current)
    }

    /// A recorder writing the cassette at `path`, with every key cadctl could send registered as a secret.
    private static func recorder(
        path: String, upstream: any HTTPTransport, global: GlobalOptions, environment: Environment, config: ConfigFile
    ) -> RecordingTransport {
        var scrubber = CassetteScrubber()
        for provider in Provider.allCases {
            if let key = ProviderSettings.resolve(provider, flags: global, environment: environment, config: config).apiKey {
                scrubber = scrubber.registering(key)
            }
        }
        let command = CommandLine.arguments.dropFirst().joined(separator: " ")
        return RecordingTransport(
            upstream: upstream, path: path,
            metadata: CassetteMetadata(
                provider: "unknown", apiVersion: nil, source: .live, recordedAt: Date().formatted(.iso8601),
                how: "cadctl \(CADCTLVersion.current): cadctl \(command)",
                notes: "Recorded by `cadctl --record`; source is `live` unless the base URL was a sandbox."),
            scrubber: scrubber)
    }

    /// Key and base URL for `provider` (flag > environment > config > default).
    func settings(for provider: Provider) -> ProviderSettings {
        ProviderSettings.resolve(provider, flags: global, environment: environment, config: config)
    }

    /// Everything a provider client is built from, with the key required.
    func clientSetup(for provider: Provider) throws -> ClientSetup {
        let settings = settings(for: provider)
        if let recorder = transport as? RecordingTransport {
            let isLoopback = ["127.0.0.1", "localhost", "::1"].contains(URL(string: settings.baseURL)?.host ?? "")
            recorder.updateMetadata { metadata in
                metadata?.provider = provider.rawValue
                if isLoopback { metadata?.source = .sandbox }
            }
        }
        return ClientSetup(
            apiKey: try settings.requireAPIKey(), baseURL: try settings.requireBaseURL(),
            transport: transport, observer: exchangeObserver, allowInsecureHTTP: global.allowInsecureHTTP)
    }

    /// Picks the provider among `candidates` (`--provider`, the job id's shape, `default_provider`, the only key set).
    func chooseProvider(_ explicit: Provider?, jobID: String? = nil, among candidates: [Provider]) throws -> Provider {
        try ProviderChoice.choose(
            explicit: explicit, jobID: jobID, candidates: candidates, flags: global, environment: environment,
            config: config)
    }

    /// With `--verbose`, one redacted line per HTTP exchange on stderr.
    var exchangeObserver: ExchangeObserver? {
        guard global.verbose else { return nil }
        return { [console] record in console.info("* \(record.provider): \(record.description)") }
    }

    /// Prints an informational line on stderr unless `--quiet`.
    func info(_ line: String) {
        if global.showsInfo { console.info(line) }
    }
}

/// The pieces a provider client is built from in the CLI.
struct ClientSetup: Sendable {
    var apiKey: String
    var baseURL: URL
    var transport: any HTTPTransport
    var observer: ExchangeObserver?
    var allowInsecureHTTP: Bool

    /// The SDK configuration for this run: its transport, `--verbose` observer and insecure-HTTP allowance.
    var configuration: ClientConfiguration {
        ClientConfiguration(transport: transport, observer: observer, allowInsecureHTTP: allowInsecureHTTP)
    }
}
