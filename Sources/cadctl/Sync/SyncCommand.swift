import ArgumentParser
import CADCore
import CADLedger
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `cadctl sync`: every part of `cadctl.toml` in its `out` directory, pinned parts verified against
/// `cadctl.lock`, the others generated (through the ledger) and locked.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch (or generate and lock) the parts cadctl.toml declares; verify them against cadctl.lock.",
        discussion: """
            A part whose lock entry matches its definition is pinned: its files come from the cache \
            ($CADCTL_CACHE_DIR) or are downloaded again by the locked id, and are verified against their SHA-256 \
            before they are moved into place. Other parts are generated, waited for, downloaded and locked. \
            --locked (for CI) never generates and never writes the lock: a part that is not pinned exits 9. \
            stdout: one line per part, NAME STATUS PATH… (pinned, generated or failed).
            """)

    @Argument(help: "Only these parts (default: every part).") var parts: [String] = []
    @Option(help: ArgumentHelp("The manifest (default: ./cadctl.toml); paths are relative to it.", valueName: "FILE"))
    var manifest: String?
    @Flag(help: "Never generate, never write the lock: fail (exit 9) for a part the lock does not pin (for CI).")
    var locked = false
    @Option(help: ArgumentHelp("Generate this pinned part again (repeatable).", valueName: "PART")) var refresh: [String] = []
    @Option(help: ArgumentHelp("Only the parts at positions ≡ I−1 (mod N) of the name-sorted list (needs --locked).",
                               valueName: "I/N"))
    var shard: String?
    @Option(help: ArgumentHelp("Parts worked on at once.", valueName: "N")) var parallel: Int = 4
    @Flag(help: "Overwrite files in a part's out directory that differ from the lock.") var force = false
    @Option(help: ArgumentHelp(
        "How cached files are put in place: hardlink (a reflink where the file system has them, else a hard link "
            + "to the cache entry, else a copy) or copy (a reflink, else a copy: never sharing the entry's inode). "
            + "Default: $CADCTL_LINK_MODE, else hardlink.", valueName: "MODE"))
    var linkMode: LinkMode?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard parallel >= 1 else { throw CLIError.usage("--parallel \(parallel) must be 1 or more") }
        let shard = try self.shard.map(Shard.init(parsing:))
        if shard != nil && !locked { throw CLIError.usage("--shard requires --locked (a CI matrix fetches pinned parts only)") }
        if locked && !refresh.isEmpty { throw CLIError.usage("--refresh generates a part; it cannot be combined with --locked") }
        let manifestPath = manifest ?? Manifest.fileName
        let manifest = try Manifest.load(manifestPath)
        let known = Set(manifest.parts.map(\.name))
        for name in parts + refresh where !known.contains(name) {
            throw CLIError.usage("\(manifestPath) has no part \"\(name)\" (parts: \(known.sorted().joined(separator: ", ")))")
        }
        var selected = parts.isEmpty ? manifest.parts : manifest.parts.filter { parts.contains($0.name) }
        if let shard { selected = shard.select(selected) }
        let lockPath = manifest.resolve(LockFile.fileName)
        let lock = try LockFile.load(lockPath)
        let context = try CommandContext.current(global)
        let sync = PartSync(
            manifest: manifest, lock: lock, locked: locked, refresh: Set(refresh), force: force,
            cache: ArtifactCache(environment: context.environment,
                                 linkMode: try LinkMode.resolve(linkMode, environment: context.environment)),
            context: context,
            lockWriter: locked ? nil : LockWriter(path: lockPath, lock: lock), clients: SyncClients(context: context))

        var outcomes = await sync.run(selected, parallel: parallel)
        if global.preview { outcomes = outcomes.map(Self.withPreviews) }
        report(outcomes, manifest: manifest)
        if let failure = outcomes.lazy.compactMap(\.failure).first {
            throw ExitCode(failure.exitCode)
        }
    }

    /// `outcome` with a PNG written beside each of its model files (`--preview`), in its `previews`; the PNGs
    /// are not locked or cached, so they are not among the part's `files`.
    private static func withPreviews(_ outcome: PartOutcome) -> PartOutcome {
        guard outcome.failure == nil else { return outcome }
        var outcome = outcome
        outcome.previews = PartPreview.besideEach(outcome.files.map(\.path))
        return outcome
    }

    private func report(_ outcomes: [PartOutcome], manifest: Manifest) {
        for outcome in outcomes {
            guard let failure = outcome.failure else { continue }
            Console.error(global.json ? failure.json : failure.plain)
        }
        if global.json {
            let parts: [JSONText.Value] = outcomes.map { outcome in
                .object([
                    ("name", .string(outcome.part.name)), ("provider", .string(outcome.part.provider.rawValue)),
                    ("id", outcome.id.map(JSONText.Value.string) ?? .null), ("status", .string(outcome.status)),
                    ("files", .array(outcome.files.map { file in
                        .object([("path", .string(file.path)), ("sha256", .string(file.sha256)),
                                 ("bytes", .integer(Int(file.bytes)))])
                    })),
                ] + (global.preview ? [("previews", .array(outcome.previews.map(JSONText.Value.string)))] : []))
            }
            Console.result(JSONText.object([("parts", .array(parts))]))
        } else {
            for outcome in outcomes {
                Console.result(([outcome.part.name, outcome.status] + outcome.files.map(\.path) + outcome.previews)
                    .joined(separator: " "))
            }
        }
        if global.showsInfo && outcomes.count > 1 {
            let count = { (status: String) in outcomes.filter { $0.status == status }.count }
            Console.info("sync: \(count("pinned")) pinned, \(count("generated")) generated, \(count("failed")) failed")
        }
    }
}

/// What became of one part.
struct PartOutcome: Sendable {
    var part: ManifestPart
    var status: String
    var id: String?
    var files: [LedgerFile] = []
    /// The PNGs `--preview` wrote beside the files (not locked, not cached).
    var previews: [String] = []
    var newEntry: LockFile.Entry?
    /// The failure: its stderr line (plain and `--json`) and exit code.
    var failure: (plain: String, json: String, exitCode: Int32)?

    /// A failed part, with the message and exit code the contract gives `error`.
    static func failed(_ part: ManifestPart, id: String?, error: any Error) -> PartOutcome {
        let facts = ErrorReporter.facts(for: error)
        let message = "\(part.name): " + (facts?.message ?? "\(error)")
        let json = JSONText.object([("error", .object([
            ("message", .string(message)), ("code", facts?.code.map(JSONText.Value.string) ?? .null),
            ("status", facts?.httpStatus.map(JSONText.Value.integer) ?? .null),
            ("provider", .string(facts?.provider ?? part.provider.rawValue)),
            ("request_id", facts?.requestID.map(JSONText.Value.string) ?? .null),
        ]))])
        return PartOutcome(part: part, status: "failed", id: id,
                           failure: ("error: " + message + (facts.map(ErrorReporter.suffix) ?? ""), json,
                                     facts?.status.rawValue ?? 1))
    }
}
