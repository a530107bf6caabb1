import ArgumentParser

/// `cadctl cache dir|prune`: the content-addressed cache of verified downloads.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or prune the cache of verified downloads ($CADCTL_CACHE_DIR, else ~/.cache/cadctl).",
        subcommands: [Dir.self, Prune.self])

    struct Dir: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dir", abstract: "Print the cache directory.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let directory = ArtifactCache.directory(in: Environment.current)
            Console.result(global.json ? JSONText.object([("dir", .string(directory))]) : directory)
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune", abstract: "Remove cached files (only those unused for DAYS days with --older-than).")
        @Option(help: ArgumentHelp("Only files not used for this many days.", valueName: "DAYS")) var olderThan: Double?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let olderThan, !(olderThan >= 0 && olderThan.isFinite) {
                throw CLIError.usage("--older-than \(olderThan) must be a number of days, 0 or more")
            }
            let cache = ArtifactCache(environment: Environment.current)
            let removed = cache.prune(olderThanDays: olderThan)
            if global.json {
                Console.result(JSONText.object([("dir", .string(cache.directory)), ("removed", .integer(removed))]))
            } else {
                if global.showsInfo { Console.info("removed \(removed) cached file\(removed == 1 ? "" : "s") from \(cache.directory)") }
            }
        }
    }
}
