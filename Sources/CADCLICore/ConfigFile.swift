import CADTransport
import TOMLKit
#if canImport(Glibc)
import Glibc
#endif

/// The TOML configuration file: one table per provider (`api_key`, `base_url`) and an optional
/// `default_provider`. Written atomically with mode 0600.
public struct ConfigFile: Sendable, Equatable {
    /// One provider's table: `api_key` and `base_url`.
    public struct ProviderTable: Codable, Sendable, Equatable {
        /// The provider's API key.
        public var api_key: String?
        /// The provider's base URL.
        public var base_url: String?

        /// A table with the given values.
        public init(api_key: String? = nil, base_url: String? = nil) {
            self.api_key = api_key
            self.base_url = base_url
        }

        /// Whether neither value is set.
        public var isEmpty: Bool { api_key == nil && base_url == nil }
    }

    private struct Document: Codable {
        var default_provider: String?
        var bitbybit: ProviderTable?
        var orville: ProviderTable?
        var makistry: ProviderTable?
    }

    /// `default_provider`, as written.
    public var defaultProvider: String?
    /// The provider tables present.
    public var providers: [Provider: ProviderTable] = [:]

    /// A configuration with the given values (empty by default).
    public init(defaultProvider: String? = nil, providers: [Provider: ProviderTable] = [:]) {
        self.defaultProvider = defaultProvider
        self.providers = providers
    }

    /// `$CADCTL_CONFIG`, else `$XDG_CONFIG_HOME/cadctl/config.toml`, else `~/.config/cadctl/config.toml`.
    public static func path(in environment: Environment) -> String {
        if let explicit = environment["CADCTL_CONFIG"] { return explicit }
        if let xdg = environment["XDG_CONFIG_HOME"] { return xdg + "/cadctl/config.toml" }
        return (environment["HOME"] ?? ".") + "/.config/cadctl/config.toml"
    }

    /// Reads the file at `path`; a missing file is an empty configuration.
    /// - Throws: `CLIError.usage` naming the file when it cannot be read or parsed.
    public static func load(from path: String) throws -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("cannot read the config file \(path): check its permissions")
        }
        let document: Document
        do {
            document = try TOMLDecoder().decode(Document.self, from: String(decoding: data, as: UTF8.self))
        } catch let error as TOMLParseError {
            throw CLIError.usage(
                "the config file \(path) is not valid TOML (line \(error.source.begin.line)): fix or remove it")
        } catch {
            throw CLIError.usage("the config file \(path) has an unexpected shape: \(error)")
        }
        var config = ConfigFile(defaultProvider: document.default_provider)
        config.providers[.bitbybit] = document.bitbybit
        config.providers[.orville] = document.orville
        config.providers[.makistry] = document.makistry
        return config
    }

    /// Whether the file at `path` can be read by other users (a key in it would be exposed).
    public static func isReadableByOthers(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & (S_IRGRP | S_IROTH) != 0
    }

    /// The warning to print when the file holds a key and other users can read it; `nil` when it is safe.
    public static func exposureWarning(_ path: String, config: ConfigFile) -> String? {
        guard config.providers.values.contains(where: { $0.api_key != nil }), isReadableByOthers(path) else { return nil }
        return "warning: the config file \(path) holds an API key and other users can read it: run `chmod 600 \(path)`"
    }

    /// Writes the configuration to `path` atomically with mode 0600, creating its directory (0700).
    public func save(to path: String) throws {
        let directory = parentDirectory(of: path)
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let document = Document(
            default_provider: defaultProvider,
            bitbybit: providers[.bitbybit].flatMap { $0.isEmpty ? nil : $0 },
            orville: providers[.orville].flatMap { $0.isEmpty ? nil : $0 },
            makistry: providers[.makistry].flatMap { $0.isEmpty ? nil : $0 })
        let text: String = try TOMLEncoder().encode(document).convert(to: .toml) + "\n"
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CLIError.usage("cannot write the config file \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fchmod(descriptor, 0o600)
        fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError.usage("cannot write the config file \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The directory part of `path` ("" when there is none).
public func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
