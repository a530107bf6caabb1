import CADLedger
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The content-addressed cache of verified downloads: `$CADCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/cadctl`, else
/// `~/.cache/cadctl`; a file with SHA-256 `abcd…` lives at `sha256/abcd…` (one flat directory: ext4, XFS and Btrfs
/// index large directories, and a fan-out of prefix directories cost an empty cache a `mkdir` for most files).
struct ArtifactCache: Sendable {
    var directory: String
    /// How files go between the cache and the checkouts (see ``LinkMode``).
    var linkMode: LinkMode
    /// Whether reflinks fail in the cache's file system (shared by every copy of this value).
    private let reflinks: FileClone.ReflinkMemory

    /// The cache directory for `environment`.
    static func directory(in environment: Environment) -> String {
        if let directory = environment["CADCTL_CACHE_DIR"] { return directory }
        if let cache = environment["XDG_CACHE_HOME"] { return cache + "/cadctl" }
        return (environment["HOME"] ?? ".") + "/.cache/cadctl"
    }

    init(environment: Environment, linkMode: LinkMode = .hardlink) {
        directory = Self.directory(in: environment)
        self.linkMode = linkMode
        reflinks = FileClone.ReflinkMemory(fileSystemOf: directory)
    }

    /// Puts the bytes of `source` at the new path `destination` as ``linkMode`` says.
    private func clone(_ source: String, to destination: String) throws {
        switch linkMode {
        case .hardlink: try FileClone.share(source, to: destination, reflinks: reflinks)
        case .copy: try FileClone.copy(source, to: destination)
        }
    }

    /// Where the file with `sha256` is kept.
    func path(for sha256: String) -> String {
        "\(directory)/sha256/\(sha256)"
    }

    /// Whether the cache holds `sha256`.
    func contains(_ sha256: String) -> Bool { FileManager.default.fileExists(atPath: path(for: sha256)) }

    /// Makes the cache's directories and removes the staging directories of runs that were killed (their
    /// process is gone): once per run, before any part. `false` when the cache cannot be written (sync then
    /// stages in the parts' own directories and caches nothing).
    func prepare() -> Bool {
        for folder in [directory, directory + "/sha256", stagingRoot] where !Self.makeDirectory(folder) {
            guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil
            else { return false }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: stagingRoot)) ?? [] {
            let pid = Int32(name.split(separator: "-").first ?? "") ?? 0
            if pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: stagingRoot + "/" + name)
            }
        }
        return true
    }

    /// Where downloads are staged (`staging/PID-RANDOM`), on the cache's file system so a verified file is
    /// renamed into its content address rather than copied.
    var stagingRoot: String { directory + "/staging" }

    /// A new, empty staging directory of this process, or `nil` when it cannot be made.
    func makeStaging() -> String? {
        let path = stagingRoot + "/\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return mkdir(path, 0o700) == 0 ? path : nil
    }

    /// Moves the verified file at `source` (whose digest is `sha256`) into the cache by renaming it; returns
    /// the cache's path, or `nil` (with `source` left where it is) when the cache cannot take it.
    func adopt(_ source: String, sha256: String) -> String? {
        let target = path(for: sha256)
        return rename(source, target) == 0 ? target : nil
    }

    /// Adds the verified file at `source` (whose digest is `sha256`) as ``linkMode`` says, under a temporary name
    /// that is then renamed. A failure to cache never fails the command.
    func store(_ source: String, sha256: String) {
        let target = path(for: sha256)
        if FileManager.default.fileExists(atPath: target) { return }
        let folder = Self.split(target).folder
        guard Self.makeDirectory(folder) else { return }
        let temporary = folder + "/.\(sha256).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard (try? clone(source, to: temporary)) != nil else { return }
        if rename(temporary, target) != 0 { unlink(temporary) }
    }

    /// Restores the file with `sha256` to `destination` as ``linkMode`` says, verified before it is moved into
    /// place; `false` when the cache lacks it or the entry is damaged (it is removed: with hard links, a checkout
    /// file edited in place is such an entry).
    func restore(_ sha256: String, to destination: String) -> Bool {
        let source = path(for: sha256)
        let temporary = Self.temporaryPath(beside: destination)
        guard (try? clone(source, to: temporary)) != nil else { return false }
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

    /// Puts the cache entry at `cached` (verified a moment ago) at `destination` as ``linkMode`` says: a
    /// temporary name beside it, renamed over it.
    func place(_ cached: String, at destination: String) throws {
        let temporary = Self.temporaryPath(beside: destination)
        try clone(cached, to: temporary)
        guard rename(temporary, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError(status: .failure, message: "cannot move \(temporary) to \(destination): \(reason)")
        }
    }

    /// `.NAME.cadctl-PID-RANDOM` beside `destination`.
    static func temporaryPath(beside destination: String) -> String {
        let (folder, name) = split(destination)
        return folder + "/.\(name).cadctl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The last component of `path` (all of it when it has no `/`).
    static func fileName(of path: String) -> String { split(path).name }

    /// `path`'s directory (`.` when it names none, `/` for the root) and its last component.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }

    /// `mkdir` of one directory whose parent exists; `true` when it exists afterwards.
    static func makeDirectory(_ path: String) -> Bool { mkdir(path, 0o755) == 0 || errno == EEXIST }

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
