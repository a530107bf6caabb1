import CADLedger
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The content-addressed cache of verified downloads: `$CADCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/cadctl`, else
/// `~/.cache/cadctl`; a file with SHA-256 `abcd…` lives at `sha256/ab/abcd…`.
struct ArtifactCache: Sendable {
    var directory: String

    /// The cache directory for `environment`.
    static func directory(in environment: Environment) -> String {
        if let directory = environment["CADCTL_CACHE_DIR"] { return directory }
        if let cache = environment["XDG_CACHE_HOME"] { return cache + "/cadctl" }
        return (environment["HOME"] ?? ".") + "/.cache/cadctl"
    }

    init(environment: Environment) { directory = Self.directory(in: environment) }

    /// Where the file with `sha256` is kept.
    func path(for sha256: String) -> String {
        "\(directory)/sha256/\(sha256.prefix(2))/\(sha256)"
    }

    /// Whether the cache holds `sha256`.
    func contains(_ sha256: String) -> Bool { FileManager.default.fileExists(atPath: path(for: sha256)) }

    /// Adds the verified file at `source` (whose digest is `sha256`): a hard link when on the same file
    /// system, else a copy written atomically. A failure to cache never fails the command.
    func store(_ source: String, sha256: String) {
        let target = path(for: sha256)
        if FileManager.default.fileExists(atPath: target) { return }
        let folder = (target as NSString).deletingLastPathComponent
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else {
            return
        }
        let temporary = folder + "/.\(sha256).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if link(source, temporary) != 0 {
            guard (try? FileManager.default.copyItem(atPath: source, toPath: temporary)) != nil else { return }
        }
        if rename(temporary, target) != 0 { unlink(temporary) }
    }

    /// Restores the file with `sha256` to `destination` (a hard link, else a copy), verified before it is
    /// moved into place; `false` when the cache lacks it or its copy is damaged (the damaged copy is removed).
    func restore(_ sha256: String, to destination: String) -> Bool {
        let source = path(for: sha256)
        guard FileManager.default.fileExists(atPath: source) else { return false }
        let folder = (destination as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((destination as NSString).lastPathComponent).cadctl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if link(source, temporary) != 0 {
            guard (try? FileManager.default.copyItem(atPath: source, toPath: temporary)) != nil else { return false }
        }
        guard (try? SHA256Hex.digest(ofFileAt: temporary).sha256) == sha256 else {
            unlink(temporary)
            unlink(source)
            return false
        }
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            return false
        }
        // Used now: `prune --older-than` measures from the last use.
        utimes(source, nil)
        return true
    }

    /// Removes cached files not used for `days` days (every file when `nil`); returns how many were removed.
    func prune(olderThanDays days: Double?, now: Date = Date()) -> Int {
        let root = directory + "/sha256"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return 0 }
        var removed = 0
        while let relative = enumerator.nextObject() as? String {
            let path = root + "/" + relative
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            if let days {
                let modified = attributes[.modificationDate] as? Date ?? now
                guard now.timeIntervalSince(modified) > days * 86_400 else { continue }
            }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }
}
