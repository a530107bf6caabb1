import ArgumentParser
import CADTransport

/// `cadctl config set|get|list|unset`: edit the TOML config file.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read and edit the config file (keys: default_provider, PROVIDER.api_key, PROVIDER.base_url).",
        subcommands: [Set.self, Get.self, List.self, Unset.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a value, e.g. `orville.api_key KEY`.")
        @Argument(help: "default_provider, or PROVIDER.api_key / PROVIDER.base_url") var key: String
        @Argument var value: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let path = ConfigFile.path(in: .current)
            var config = try ConfigFile.load(from: path)
            try ConfigKey(parsing: key).set(value, in: &config)
            try config.save(to: path)
            if global.json {
                // The value is not echoed: it may be a key.
                Console.result(JSONText.object([("key", .string(key)), ("set", .bool(true)), ("path", .string(path))]))
            } else if global.showsInfo {
                Console.info("set \(key) in \(path)")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a value (keys are printed in full).")
        @Argument var key: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let path = ConfigFile.path(in: .current)
            let config = try ConfigFile.load(from: path)
            ConfigFile.warnIfExposed(path, config: config)
            guard let value = try ConfigKey(parsing: key).value(in: config) else {
                throw CLIError(status: .failure, message: "\(key) is not set")
            }
            Console.result(global.json ? JSONText.object(["key": .string(key), "value": .string(value)]) : value)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show every setting, keys masked.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let path = ConfigFile.path(in: .current)
            let config = try ConfigFile.load(from: path)
            var rows: [(String, String)] = []
            if let provider = config.defaultProvider { rows.append(("default_provider", provider)) }
            for provider in Provider.allCases {
                let table = config.providers[provider]
                if let key = table?.api_key { rows.append(("\(provider.rawValue).api_key", SecretMask.mask(key))) }
                if let url = table?.base_url { rows.append(("\(provider.rawValue).base_url", url)) }
            }
            if global.json {
                Console.result(JSONText.object([
                    "path": .string(path),
                    "settings": .object(rows.map { ($0.0, JSONText.Value.string($0.1)) }),
                ]))
            } else {
                let width = rows.map(\.0.count).max() ?? 0
                for (name, value) in rows {
                    Console.result(name + String(repeating: " ", count: width - name.count) + "  " + value)
                }
            }
        }
    }

    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unset", abstract: "Remove a setting.")
        @Argument var key: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let path = ConfigFile.path(in: .current)
            var config = try ConfigFile.load(from: path)
            try ConfigKey(parsing: key).set(nil, in: &config)
            try config.save(to: path)
            if global.json {
                Console.result(JSONText.object([("key", .string(key)), ("unset", .bool(true)), ("path", .string(path))]))
            } else if global.showsInfo {
                Console.info("unset \(key) in \(path)")
            }
        }
    }
}

/// A config key as written on the command line.
enum ConfigKey {
    case defaultProvider
    case apiKey(Provider)
    case baseURL(Provider)

    init(parsing text: String) throws {
        if text == "default_provider" {
            self = .defaultProvider
            return
        }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let provider = Provider(rawValue: parts[0]) else {
            throw CLIError.usage(
                "unknown config key '\(text)': use default_provider or PROVIDER.api_key / PROVIDER.base_url "
                    + "with PROVIDER one of bitbybit, orville, makistry")
        }
        switch parts[1] {
        case "api_key": self = .apiKey(provider)
        case "base_url": self = .baseURL(provider)
        default:
            throw CLIError.usage("unknown config key '\(text)': a provider table holds api_key and base_url")
        }
    }

    func value(in config: ConfigFile) -> String? {
        switch self {
        case .defaultProvider: config.defaultProvider
        case .apiKey(let provider): config.providers[provider]?.api_key
        case .baseURL(let provider): config.providers[provider]?.base_url
        }
    }

    func set(_ value: String?, in config: inout ConfigFile) throws {
        switch self {
        case .defaultProvider:
            if let value, Provider(rawValue: value) == nil {
                throw CLIError.usage("default_provider must be one of bitbybit, orville, makistry (got '\(value)')")
            }
            config.defaultProvider = value
        case .apiKey(let provider):
            config.providers[provider, default: .init()].api_key = value
        case .baseURL(let provider):
            if let value {
                guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                    url.host != nil
                else { throw CLIError.usage("base_url must be an http(s) URL (got '\(value)')") }
            }
            config.providers[provider, default: .init()].base_url = value
        }
    }
}
