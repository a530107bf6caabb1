import CADLedger
import CADSandbox
import CADTestSupport
@testable import cadctl
import Foundation
import Testing

/// The cache under `cadctl sync`: by default restored and downloaded files are hard links to the cache entry
/// (where the file system has no reflinks) and an edit in place is caught; with `--link-mode copy` they are files
/// of their own (editing one never changes the cache); downloads are staged in the cache and leave nothing
/// behind; a killed run's staging is cleaned up by the next.
@Suite("cadctl sync cache", .serialized)
struct SyncCacheCLITests {
    static let manifest = """
        [parts.cup]
        provider = "bitbybit"
        model = "dragon-cup"
        params = { height = 7 }
        formats = ["gltf"]

        """

    /// Runs `body` with a project holding ``manifest`` and a `cadctl` whose cache is a directory of its own, against
    /// the sandbox (``LedgerCLITests/with(_:_:)``).
    static func withProject(
        _ body: (SandboxServer, CLIRunner, _ project: String, _ cache: String) async throws -> Void
    ) async throws {
        try await LedgerCLITests.with { server, cli, directory in
            let project = directory + "/project", cache = directory + "/cache"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            try SyncCLITests.write(Self.manifest, to: project + "/cadctl.toml")
            var cli = cli
            cli.environment["CADCTL_CACHE_DIR"] = cache
            try await body(server, cli, project, cache)
        }
    }

    /// The inode number of the file at `path`.
    static func inode(_ path: String) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
    }

    /// How many names the file at `path` has.
    static func linkCount(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return Int(info.st_nlink)
    }

    /// Whether the test scratch directory's file system has no reflinks (ext4, tmpfs), where the default link
    /// mode makes hard links.
    static let scratchLacksReflinks = FileClone.ReflinkMemory(fileSystemOf: NSTemporaryDirectory()).hasFailed

    /// The cache entry of `sha256` under `cache`.
    static func entry(_ sha256: String, in cache: String) -> String {
        "\(cache)/sha256/\(sha256)"
    }

    /// Runs `cadctl sync --json` in `project` (generating its one part); returns the file's SHA-256, its path, and
    /// its cache entry under `cache`.
    static func generate(_ cli: CLIRunner, project: String, cache: String) async throws
        -> (sha256: String, destination: String, cached: String)
    {
        let generated = try await cli.run(["sync", "--json"], in: project)
        #expect(generated.exitCode == 0, "\(generated.stderr)")
        let part = try #require((try SyncCLITests.json(generated.stdout)["parts"] as? [[String: Any]])?.first)
        let file = try #require((part["files"] as? [[String: Any]])?.first)
        let sha256 = try #require(file["sha256"] as? String)
        return (sha256, project + "/" + (try #require(file["path"] as? String)), entry(sha256, in: cache))
    }

    /// Every file under `directory` whose name says it is temporary or staged.
    static func leftovers(under directory: String) -> [String] {
        SyncCLITests.files(under: directory).filter { $0.contains(".cadctl") || $0.contains(".tmp-") || $0.hasPrefix("staging/") }
    }

    @Test func withLinkModeCopyEditingARestoredFileNeverChangesTheCache() async throws {
        try await Self.withProject { server, cli, project, cache in
            var cli = cli
            cli.environment["CADCTL_LINK_MODE"] = "copy"
            let (sha256, destination, cached) = try await Self.generate(cli, project: project, cache: cache)
            // Generated: the cache holds a copy, not a second name of the checkout file.
            #expect(try Self.inode(destination) != Self.inode(cached))

            // Restored from the cache (no request), then edited: the cache entry keeps its bytes.
            try FileManager.default.removeItem(atPath: project + "/cad")
            let requests = server.inspector.requests.count
            let restored = try await cli.run(["sync", "--locked"], in: project)
            #expect(restored.exitCode == 0, "\(restored.stderr)")
            #expect(server.inspector.requests.count == requests)
            #expect(try Self.inode(destination) != Self.inode(cached))
            let handle = try #require(FileHandle(forWritingAtPath: destination))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("edited".utf8))
            try handle.close()
            #expect(try SHA256Hex.digest(ofFileAt: cached).sha256 == sha256)
            #expect(try SHA256Hex.digest(ofFileAt: destination).sha256 != sha256)

            // The edit is caught by the next sync, and --force puts the locked file back from the intact cache.
            let edited = try await cli.run(["sync", "--locked"], in: project)
            #expect(edited.exitCode == 9, "\(edited.stderr)")
            #expect(edited.stderr.contains("differs from cadctl.lock"))
            let forced = try await cli.run(["sync", "--locked", "--force"], in: project)
            #expect(forced.exitCode == 0, "\(forced.stderr)")
            #expect(server.inspector.requests.count == requests)
            #expect(try SHA256Hex.digest(ofFileAt: destination).sha256 == sha256)

            // Downloaded into an empty cache: renamed into the cache, copied into place; nothing staged is left.
            try FileManager.default.removeItem(atPath: project + "/cad")
            try FileManager.default.removeItem(atPath: cache)
            let downloaded = try await cli.run(["sync", "--locked"], in: project)
            #expect(downloaded.exitCode == 0, "\(downloaded.stderr)")
            #expect(server.inspector.requests.count > requests)
            #expect(try SHA256Hex.digest(ofFileAt: cached).sha256 == sha256)
            #expect(try Self.inode(destination) != Self.inode(cached))
            #expect(Self.leftovers(under: cache).isEmpty)
            #expect(Self.leftovers(under: project).isEmpty)
            #expect((try? FileManager.default.contentsOfDirectory(atPath: cache + "/staging")) == [])
        }
    }

    @Test(.enabled(if: scratchLacksReflinks, "the scratch file system reflinks: files are clones, not links"))
    func byDefaultACheckoutFileIsAHardLinkToTheCacheAndAnEditInPlaceIsCaught() async throws {
        try await Self.withProject { server, cli, project, cache in
            let (sha256, destination, cached) = try await Self.generate(cli, project: project, cache: cache)
            // Generated: the cache entry is a second name of the checkout file.
            #expect(try Self.inode(destination) == Self.inode(cached))
            #expect(try Self.linkCount(cached) == 2)

            // Restored from the cache with no request: linked again, nothing staged left behind.
            try FileManager.default.removeItem(atPath: project + "/cad")
            let requests = server.inspector.requests.count
            let restored = try await cli.run(["sync", "--locked"], in: project)
            #expect(restored.exitCode == 0, "\(restored.stderr)")
            #expect(server.inspector.requests.count == requests)
            #expect(try Self.inode(destination) == Self.inode(cached))
            #expect(Self.leftovers(under: project).isEmpty)

            // Edited in place: the shared entry changes with it. The next sync reports the checkout file, and once
            // it is removed the damaged entry is not used: the file is downloaded again and verified.
            let handle = try #require(FileHandle(forWritingAtPath: destination))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("edited".utf8))
            try handle.close()
            #expect(try SHA256Hex.digest(ofFileAt: cached).sha256 != sha256)
            let edited = try await cli.run(["sync", "--locked"], in: project)
            #expect(edited.exitCode == 9, "\(edited.stderr)")
            #expect(edited.stderr.contains("differs from cadctl.lock"))
            try FileManager.default.removeItem(atPath: destination)
            let healed = try await cli.run(["sync", "--locked"], in: project)
            #expect(healed.exitCode == 0, "\(healed.stderr)")
            #expect(server.inspector.requests.count > requests)
            #expect(try SHA256Hex.digest(ofFileAt: destination).sha256 == sha256)
            #expect(try SHA256Hex.digest(ofFileAt: cached).sha256 == sha256)
            #expect(try Self.inode(destination) == Self.inode(cached))
            #expect(Self.leftovers(under: cache).isEmpty)
        }
    }

    @Test func anUnknownLinkModeIsAUsageErrorThatNamesTheModes() async throws {
        try await Self.withProject { server, cli, project, _ in
            var cli = cli
            cli.environment["CADCTL_LINK_MODE"] = "symlink"
            let requests = server.inspector.requests.count
            let fromEnvironment = try await cli.run(["sync"], in: project)
            #expect(fromEnvironment.exitCode == 2, "\(fromEnvironment.stderr)")
            #expect(fromEnvironment.stderr.contains("CADCTL_LINK_MODE=symlink is not a link mode: use hardlink or copy"))
            let fromOption = try await cli.run(["sync", "--link-mode", "symlink"], in: project)
            #expect(fromOption.exitCode == 2, "\(fromOption.stderr)")
            #expect(fromOption.stderr.contains("--link-mode"))
            #expect(server.inspector.requests.count == requests)
            // The option wins over the variable.
            let copied = try await cli.run(["sync", "--link-mode", "copy"], in: project)
            #expect(copied.exitCode == 0, "\(copied.stderr)")
        }
    }

    @Test func aWrongDigestLeavesNothingInTheCacheOrTheCheckout() async throws {
        try await LedgerCLITests.with { _, cli, directory in
            let project = directory + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            try SyncCLITests.write(Self.manifest, to: project + "/cadctl.toml")
            let generated = try await cli.run(["sync"], in: project)
            #expect(generated.exitCode == 0, "\(generated.stderr)")
            let lockPath = project + "/cadctl.lock"
            var lock = try String(contentsOfFile: lockPath, encoding: .utf8)
            let cup = try #require((try SyncCLITests.json(lock)["parts"] as? [String: [String: Any]])?["cup"])
            let sha256 = try #require((cup["files"] as? [[String: Any]])?.first?["sha256"] as? String)
            lock = lock.replacingOccurrences(of: sha256, with: String(repeating: "0", count: 64))
            try SyncCLITests.write(lock, to: lockPath)
            try FileManager.default.removeItem(atPath: project + "/cad")

            var ci = cli
            let cache = directory + "/empty-cache"
            ci.environment["CADCTL_CACHE_DIR"] = cache
            let wrong = try await ci.run(["sync", "--locked"], in: project)
            #expect(wrong.exitCode == 9, "\(wrong.stderr)")
            #expect(SyncCLITests.files(under: project + "/cad").isEmpty)
            // The file that failed verification is not cached, and its staging directory is gone.
            #expect(SyncCLITests.files(under: cache).isEmpty)
        }
    }

    @Test func theStagingOfAKilledRunIsRemovedByTheNext() async throws {
        try await Self.withProject { _, cli, project, cache in
            // A process id above any kernel's pid_max: certainly not running.
            let dead = cache + "/staging/2147483646-1", live = cache + "/staging/\(getpid())-1"
            for folder in [dead, live] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try SyncCLITests.write("partial", to: folder + "/.dragon-cup.glb.cadctl-partial-0000abcd")
            }
            let run = try await cli.run(["sync"], in: project)
            #expect(run.exitCode == 0, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dead))
            #expect(FileManager.default.fileExists(atPath: live))
        }
    }
}
