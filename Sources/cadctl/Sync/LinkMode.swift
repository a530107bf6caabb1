import ArgumentParser

/// How `sync` puts a cached file into a part's `out` directory, and a new file into the cache
/// (`--link-mode`, else `CADCTL_LINK_MODE`, else ``hardlink``). Both verify the bytes against the lock first.
enum LinkMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// A reflink where the file system has them, else a hard link (the checkout file and the cache entry are
    /// one inode: nothing copied, no inode made), else a copy. Editing a checkout file in place then edits the
    /// cache entry too; the cache notices (every entry is hashed whenever it is read) and downloads it again.
    case hardlink
    /// A reflink where the file system has them, else a copy: the checkout file is always a file of its own.
    case copy

    /// The environment variable that sets the mode when `--link-mode` is not given.
    static let environmentVariable = "CADCTL_LINK_MODE"

    /// `--link-mode`, else `CADCTL_LINK_MODE` from `environment`, else ``hardlink``; a usage error for a value
    /// that names no mode.
    static func resolve(_ option: LinkMode?, environment: Environment) throws -> LinkMode {
        if let option { return option }
        guard let text = environment[environmentVariable], !text.isEmpty else { return .hardlink }
        guard let mode = LinkMode(rawValue: text) else {
            throw CLIError.usage("\(environmentVariable)=\(text) is not a link mode: use "
                + allCases.map(\.rawValue).joined(separator: " or "))
        }
        return mode
    }
}
