import CADTransport

/// Where a setting's value came from, for `config list` and `doctor`.
public enum SettingSource: String, Sendable {
    /// A command-line flag (`--api-key`, `--base-url`).
    case flag
    /// An environment variable (`ORVILLE_API_KEY`, …).
    case environment
    /// The config file.
    case config
    /// The built-in default (base URLs only).
    case builtIn = "default"
}

/// The key and base URL to use for one provider, resolved with the contract's precedence:
/// command-line flag, then environment variable, then config file, then built-in default.
public struct ProviderSettings: Sendable {
    /// The provider these settings are for.
    public var provider: Provider
    /// The key, when one is set anywhere.
    public var apiKey: String?
    /// Where the key came from.
    public var apiKeySource: SettingSource?
    /// The base URL (always set: the built-in default at worst).
    public var baseURL: String
    /// Where the base URL came from.
    public var baseURLSource: SettingSource

    /// Values given on the command line, which win over everything else (none for the MCP server, whose
    /// keys come only from the environment and the config file).
    public struct Overrides: Sendable {
        /// `--api-key`.
        public var apiKey: String?
        /// `--base-url`.
        public var baseURL: String?

        /// Overrides with the given values (none by default).
        public init(apiKey: String? = nil, baseURL: String? = nil) {
            self.apiKey = apiKey
            self.baseURL = baseURL
        }
    }

    /// The settings for `provider`: override, then environment, then config file, then built-in default.
    public static func resolve(
        _ provider: Provider, overrides: Overrides = Overrides(), environment: Environment, config: ConfigFile
    ) -> ProviderSettings {
        let table = config.providers[provider]
        let key: (String, SettingSource)? =
            overrides.apiKey.map { ($0, .flag) }
            ?? environment[provider.keyVariable].map { ($0, .environment) }
            ?? table?.api_key.map { ($0, .config) }
        let base: (String, SettingSource) =
            overrides.baseURL.map { ($0, .flag) }
            ?? environment[provider.baseURLVariable].map { ($0, .environment) }
            ?? table?.base_url.map { ($0, .config) }
            ?? (provider.defaultBaseURL, .builtIn)
        return ProviderSettings(
            provider: provider, apiKey: key?.0, apiKeySource: key?.1, baseURL: base.0, baseURLSource: base.1)
    }

    /// The key, or a usage error that says how to set one.
    public func requireAPIKey() throws -> String {
        guard let apiKey else {
            throw CLIError.usage(
                "no API key for \(provider.rawValue): set \(provider.keyVariable), pass --api-key, "
                    + "or run `cadctl config set \(provider.rawValue).api_key KEY`")
        }
        return apiKey
    }

    /// The base URL as a URL, or a usage error naming where it came from.
    public func requireBaseURL() throws -> URL {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw CLIError.usage(
                "the \(provider.rawValue) base URL '\(baseURL)' (from the \(baseURLSource.rawValue)) is not an "
                    + "http(s) URL: fix \(provider.baseURLVariable) or the config file")
        }
        return url
    }
}

/// Picks the provider for a command: `--provider`, else the job id's shape, else `default_provider`,
/// else the only provider (among `candidates`) whose key is set.
public enum ProviderChoice {
    /// The provider to use among `candidates`, or a usage error that says how to choose.
    public static func choose(
        explicit: Provider?, jobID: String? = nil, candidates: [Provider],
        overrides: ProviderSettings.Overrides = ProviderSettings.Overrides(), environment: Environment,
        config: ConfigFile
    ) throws -> Provider {
        if let explicit { return explicit }
        if let jobID, let inferred = Provider.inferred(fromJobID: jobID), candidates.contains(inferred) {
            return inferred
        }
        if let name = config.defaultProvider {
            guard let provider = Provider(rawValue: name), candidates.contains(provider) else {
                throw CLIError.usage(
                    "default_provider '\(name)' in the config file cannot run this command; use one of "
                        + candidates.map(\.rawValue).joined(separator: ", "))
            }
            return provider
        }
        let withKeys = candidates.filter {
            ProviderSettings.resolve($0, overrides: overrides, environment: environment, config: config).apiKey != nil
        }
        if withKeys.count == 1 { return withKeys[0] }
        let names = candidates.map(\.rawValue).joined(separator: "|")
        if withKeys.isEmpty {
            throw CLIError.usage(
                "no provider key is set: set " + candidates.map(\.keyVariable).joined(separator: " or ")
                    + ", or choose with --provider \(names)")
        }
        throw CLIError.usage(
            "keys for several providers are set (" + withKeys.map(\.rawValue).joined(separator: ", ")
                + "): choose with --provider \(names) or `cadctl config set default_provider NAME`")
    }
}
