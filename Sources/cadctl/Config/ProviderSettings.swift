import CADTransport

/// Where a setting's value came from, for `config list` and `doctor`.
enum SettingSource: String, Sendable {
    case flag, environment, config, builtIn = "default"
}

/// The key and base URL to use for one provider, resolved with the contract's precedence:
/// command-line flag, then environment variable, then config file, then built-in default.
struct ProviderSettings: Sendable {
    var provider: Provider
    var apiKey: String?
    var apiKeySource: SettingSource?
    var baseURL: String
    var baseURLSource: SettingSource

    static func resolve(
        _ provider: Provider, flags: GlobalOptions, environment: Environment, config: ConfigFile
    ) -> ProviderSettings {
        let table = config.providers[provider]
        let key: (String, SettingSource)? =
            flags.apiKey.map { ($0, .flag) }
            ?? environment[provider.keyVariable].map { ($0, .environment) }
            ?? table?.api_key.map { ($0, .config) }
        let base: (String, SettingSource) =
            flags.baseURL.map { ($0, .flag) }
            ?? environment[provider.baseURLVariable].map { ($0, .environment) }
            ?? table?.base_url.map { ($0, .config) }
            ?? (provider.defaultBaseURL, .builtIn)
        return ProviderSettings(
            provider: provider, apiKey: key?.0, apiKeySource: key?.1, baseURL: base.0, baseURLSource: base.1)
    }

    /// The key, or a usage error that says how to set one.
    func requireAPIKey() throws -> String {
        guard let apiKey else {
            throw CLIError.usage(
                "no API key for \(provider.rawValue): set \(provider.keyVariable), pass --api-key, "
                    + "or run `cadctl config set \(provider.rawValue).api_key KEY`")
        }
        return apiKey
    }

    /// The base URL as a URL, or a usage error naming where it came from.
    func requireBaseURL() throws -> URL {
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
enum ProviderChoice {
    static func choose(
        explicit: Provider?, jobID: String? = nil, candidates: [Provider],
        flags: GlobalOptions, environment: Environment, config: ConfigFile
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
            ProviderSettings.resolve($0, flags: flags, environment: environment, config: config).apiKey != nil
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
