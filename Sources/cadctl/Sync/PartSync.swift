import CADCore
import CADLedger
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Brings each part's files into its `out` directory: pinned parts from the cache or by their locked id,
/// verified; other parts generated.
struct PartSync: Sendable {
    var manifest: Manifest
    var lock: LockFile
    var locked: Bool
    var refresh: Set<String>
    var force: Bool
    var cache: ArtifactCache
    var context: CommandContext
    /// Where generated parts are locked (`nil` with `--locked`).
    var lockWriter: LockWriter?
    /// The providers' clients, shared by the parts.
    var clients: SyncClients

    /// Every part, `parallel` at a time; the outcomes in name order.
    func run(_ parts: [ManifestPart], parallel: Int) async -> [PartOutcome] {
        var sync = self
        if cache.prepare() { sync.stagingPool = StagingPool(cache: cache) }
        let outcomes = await sync.runPrepared(parts, parallel: parallel)
        sync.stagingPool?.removeAll()
        return outcomes
    }

    /// The run's staging directories in the cache, when ``ArtifactCache/prepare()`` could make the cache's
    /// directories (set once per run by ``run(_:parallel:)``).
    var stagingPool: StagingPool?

    private func runPrepared(_ parts: [ManifestPart], parallel: Int) async -> [PartOutcome] {
        var outcomes: [String: PartOutcome] = [:]
        await withTaskGroup(of: PartOutcome.self) { group in
            var pending = parts[...]
            for _ in 0..<min(parallel, pending.count) {
                if let part = pending.popFirst() { group.addTask { await self.sync(part) } }
            }
            while let outcome = await group.next() {
                outcomes[outcome.part.name] = outcome
                if context.global.showsProgress { Console.info("\(outcome.part.name): \(outcome.status)") }
                if let part = pending.popFirst() { group.addTask { await self.sync(part) } }
            }
        }
        return parts.compactMap { outcomes[$0.name] }
    }

    /// One part, its failure captured in the outcome.
    func sync(_ part: ManifestPart) async -> PartOutcome {
        let entry = lock.parts[part.name]
        do {
            let fingerprint = try PartFingerprint.of(part, manifest: manifest)
            let outDirectory = manifest.resolve(part.out)
            if let entry, entry.request == fingerprint, entry.provider == part.provider.rawValue,
               !refresh.contains(part.name) {
                let files = try await restore(part, entry: entry, into: outDirectory)
                return PartOutcome(part: part, status: "pinned", id: entry.id, files: files)
            }
            if locked {
                throw CLIError.verification(
                    "the lock is out of date for \(part.name): run cadctl sync and commit cadctl.lock")
            }
            return try await generate(part, fingerprint: fingerprint, into: outDirectory)
        } catch {
            return PartOutcome.failed(part, id: entry?.id, error: error)
        }
    }

    /// Puts every locked file in place: already there, from the cache, or downloaded by the locked id and
    /// verified (all of them before any is moved into place).
    private func restore(_ part: ManifestPart, entry: LockFile.Entry, into directory: String) async throws -> [LedgerFile] {
        try makeDirectory(directory)
        var missing: [LockFile.LockedFile] = []
        for file in entry.files {
            let destination = directory + "/" + file.name
            if FileManager.default.fileExists(atPath: destination) {
                if (try? SHA256Hex.digest(ofFileAt: destination).sha256) == file.sha256 {
                    cache.store(destination, sha256: file.sha256)
                    continue
                }
                if !force {
                    throw CLIError.verification("\(destination) differs from cadctl.lock (SHA-256 \(file.sha256)) for "
                        + "part \(part.name); remove it, or pass --force to replace it with the locked file")
                }
            }
            if cache.restore(file.sha256, to: destination) { continue }
            missing.append(file)
        }
        if !missing.isEmpty {
            try await withDownloadStaging(in: directory) { staging in
                let paths: [String]
                do {
                    // Not flushed one by one: each file is verified here, cache entries are verified again
                    // whenever they are read, and a checkout file is verified by every later sync (see
                    // docs/sync-cache.md).
                    paths = try await DownloadDurability.$flushesToDisk.withValue(false) {
                        try await PartRunner.fetch(part, id: entry.id, staging: staging, clients: clients)
                    }
                } catch let error where Self.isGone(error) {
                    throw CLIError(status: .failure, message: "part \(part.name): \(part.provider.rawValue) no longer "
                        + "serves the files of \(entry.id) and the cache lacks them: run cadctl sync --refresh "
                        + "\(part.name) to generate it again, and commit cadctl.lock (\(ErrorReporter.facts(for: error)?.message ?? "\(error)"))")
                }
                var verified: [(path: String, file: LockFile.LockedFile)] = []
                for file in missing {
                    guard let path = paths.first(where: { ArtifactCache.fileName(of: $0) == file.name }) else {
                        throw CLIError.verification("part \(part.name): \(entry.id) no longer has a file named "
                            + "\(file.name), which cadctl.lock lists; nothing was written (run cadctl sync --refresh \(part.name))")
                    }
                    let digest = try SHA256Hex.digest(ofFileAt: path).sha256
                    guard digest == file.sha256 else {
                        throw CLIError.verification("part \(part.name): \(file.name) was downloaded with SHA-256 "
                            + "\(digest), but cadctl.lock says \(file.sha256); nothing was written")
                    }
                    verified.append((path, file))
                }
                for (path, file) in verified {
                    let destination = directory + "/" + file.name
                    // Renamed into the cache, then put in place from it as the link mode says (a hard link
                    // by default, a file of its own with --link-mode copy).
                    if stagingPool != nil, let cached = cache.adopt(path, sha256: file.sha256) {
                        try cache.place(cached, at: destination)
                    } else {
                        cache.store(path, sha256: file.sha256)
                        try move(path, to: destination)
                    }
                }
                // Files fetched with the part that were not missing here are not needed: the staging
                // directory is left empty.
                for path in paths where !verified.contains(where: { $0.path == path }) { unlink(path) }
            }
        }
        return entry.files.map { LedgerFile(path: directory + "/" + $0.name, bytes: $0.bytes, sha256: $0.sha256) }
    }

    /// Generates the part, moves its files into place, and returns its new lock entry.
    private func generate(_ part: ManifestPart, fingerprint: String, into directory: String) async throws -> PartOutcome {
        try makeDirectory(directory)
        return try await withStaging(in: directory) { staging in
            let generated = try await PartRunner.generate(part, manifest: manifest, staging: staging, context: context)
            var files: [LedgerFile] = []
            var locked: [LockFile.LockedFile] = []
            for path in generated.paths {
                let name = ArtifactCache.fileName(of: path)
                let digest = try SHA256Hex.digest(ofFileAt: path)
                cache.store(path, sha256: digest.sha256)
                let destination = directory + "/" + name
                try move(path, to: destination)
                files.append(LedgerFile(path: destination, bytes: digest.bytes, sha256: digest.sha256))
                locked.append(LockFile.LockedFile(name: name, bytes: digest.bytes, sha256: digest.sha256))
            }
            let entry = LockFile.Entry(
                provider: part.provider.rawValue, id: generated.id, request: fingerprint,
                generatedAt: LedgerTime.text(Date()), files: locked.sorted { $0.name < $1.name })
            try await lockWriter?.record(entry, for: part.name)
            // Finished only once locked: a run killed before this resumes the job instead of paying again.
            await generated.tracker.files(files.map(\.path))
            await generated.tracker.finished(generated.status)
            return PartOutcome(part: part, status: "generated", id: generated.id, files: files, newEntry: entry)
        }
    }

    /// Whether `error` says the provider no longer serves the files (404, 410, expired output).
    static func isGone(_ error: any Error) -> Bool {
        if case .api(let api) = CADError(error) { return api.status == 404 || api.status == 410 }
        return false
    }

    /// Runs `body` with an empty staging directory of the run's pool in the cache (same file system as the cache
    /// entries), emptied and returned to the pool afterwards; in `directory` (``withStaging(in:_:)``) when the
    /// cache cannot be written. `body` must leave the directory empty when it returns; when it throws, whatever it left is removed.
    private func withDownloadStaging<T: Sendable>(in directory: String, _ body: (String) async throws -> T) async throws -> T {
        guard let pool = stagingPool, let folder = pool.take() else { return try await withStaging(in: directory, body) }
        let result: T
        do {
            result = try await body(folder)
        } catch {
            pool.giveBack(folder)
            throw error
        }
        pool.giveBackEmptied(folder)
        return result
    }

    /// Runs `body` with a fresh hidden staging directory inside `directory`, removed afterwards whatever happens
    /// (stale ones a killed run left are removed first).
    private func withStaging<T: Sendable>(in directory: String, _ body: (String) async throws -> T) async throws -> T {
        let prefix = ".cadctl-staging-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let pid = Int32(name.dropFirst(prefix.count).split(separator: "-").first ?? "") ?? 0
            if pid > 0, pid != getpid(), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
        let staging = directory + "/\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try makeDirectory(staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        return try await body(staging)
    }

    private func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CLIError.usage("cannot create \(path): \(error.localizedDescription)")
        }
    }

    private func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw CLIError(status: .failure, message: "cannot move \(source) to \(destination): \(String(cString: strerror(errno)))")
        }
    }
}
