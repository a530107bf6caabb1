import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The staging directories of one `sync` run in the cache (`staging/PID-RANDOM`), reused from part to part:
/// as many are made as parts download at once, not one per part, and all are removed when the run ends.
final class StagingPool: Sendable {
    private let cache: ArtifactCache
    private let free = Mutex<[String]>([])

    init(cache: ArtifactCache) { self.cache = cache }

    /// An empty staging directory: a returned one, else a new one; `nil` when none can be made.
    func take() -> String? {
        if let directory = free.withLock({ $0.popLast() }) { return directory }
        return cache.makeStaging()
    }

    /// Takes `directory` back once whatever a part left in it is removed (a file that failed verification, one
    /// the lock does not list); a directory that cannot be emptied is removed instead.
    func giveBack(_ directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where unlink(directory + "/" + name) != 0 {
            try? FileManager.default.removeItem(atPath: directory)
            return
        }
        giveBackEmptied(directory)
    }

    /// Takes back `directory` whose user moved or removed every file it put there (no listing needed).
    func giveBackEmptied(_ directory: String) {
        free.withLock { $0.append(directory) }
    }

    /// Removes every staging directory of the run (all are empty and returned by then).
    func removeAll() {
        for directory in free.withLock({ directories in defer { directories = [] }; return directories }) {
            if rmdir(directory) != 0 { try? FileManager.default.removeItem(atPath: directory) }
        }
    }
}
