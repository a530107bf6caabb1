import CADCLICore

extension GlobalOptions {
    /// `--api-key` and `--base-url`, which win over the environment and the config file.
    var settingOverrides: ProviderSettings.Overrides {
        ProviderSettings.Overrides(apiKey: apiKey, baseURL: baseURL)
    }
}

extension ProviderSettings {
    /// The settings for `provider` with the command line's flags first.
    static func resolve(
        _ provider: Provider, flags: GlobalOptions, environment: Environment, config: ConfigFile
    ) -> ProviderSettings {
        resolve(provider, overrides: flags.settingOverrides, environment: environment, config: config)
    }
}

extension ProviderChoice {
    /// The provider among `candidates` with the command line's flags first.
    static func choose(
        explicit: Provider?, jobID: String? = nil, candidates: [Provider],
        flags: GlobalOptions, environment: Environment, config: ConfigFile
    ) throws -> Provider {
        try choose(
            explicit: explicit, jobID: jobID, candidates: candidates, overrides: flags.settingOverrides,
            environment: environment, config: config)
    }
}

extension ConfigFile {
    /// Warns on stderr when the file holds a key and other users can read it.
    static func warnIfExposed(_ path: String, config: ConfigFile) {
        if let warning = exposureWarning(path, config: config) { Console.error(warning) }
    }
}
