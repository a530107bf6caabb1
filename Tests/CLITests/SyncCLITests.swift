import CADSandbox
import CADTestSupport
import Foundation
import Testing

/// `cadctl sync` with `cadctl.toml` and `cadctl.lock`, end to end against the sandbox.
@Suite("cadctl sync", .serialized)
struct SyncCLITests {
    static let manifest = """
        [parts.bracket]
        provider = "orville"
        prompt = "A 40x20x10 mm bracket with two 5 mm holes"

        [parts.cup]
        provider = "bitbybit"
        model = "dragon-cup"
        params = { height = 10 }
        formats = ["gltf", "step"]

        [parts.knob]
        provider = "makistry"
        prompt = "A knurled knob, 30 mm across"
        format = "stl"
        out = "cad/knobs"

        """

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Files under `directory`, recursively, relative to it.
    static func files(under directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    @Test func generateLockThenPinFromTheProviderAndFromTheCache() async throws {
        try await LedgerCLITests.with { server, cli, directory in
            let project = directory + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            try Self.write(Self.manifest, to: project + "/cadctl.toml")

            let generated = try await cli.run(["sync"], in: project)
            #expect(generated.exitCode == 0, "\(generated.stderr)")
            let lines = generated.stdout.split(separator: "\n").map(String.init)
            #expect(lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                    == ["bracket generated", "cup generated", "knob generated"])
            #expect(lines[2].split(separator: " ").dropFirst(2).allSatisfy { $0.hasPrefix("cad/knobs/") })
            let lockText = try String(contentsOfFile: project + "/cadctl.lock", encoding: .utf8)
            #expect(lockText.hasSuffix("}\n") && lockText.hasPrefix("{\n  \"parts\": {\n    \"bracket\": {\n"))
            let lock = try Self.json(lockText)
            #expect(lock["version"] as? Int == 1)
            let parts = try #require(lock["parts"] as? [String: [String: Any]])
            #expect(Set(parts.keys) == ["bracket", "cup", "knob"])
            #expect((parts["cup"]?["files"] as? [Any])?.count == 2)
            #expect((parts["bracket"]?["request"] as? String)?.hasPrefix("sha256:") == true)
            let posts = server.inspector.requests.filter { $0.method == "POST" }.count

            // A second sync pins every part: no POST, the lock unchanged.
            let again = try await cli.run(["sync", "--json"], in: project)
            #expect(again.exitCode == 0, "\(again.stderr)")
            let document = try Self.json(again.stdout)
            let statuses = (document["parts"] as? [[String: Any]])?.map { $0["status"] as? String }
            #expect(statuses == ["pinned", "pinned", "pinned"])
            #expect(server.inspector.requests.filter { $0.method == "POST" }.count == posts)
            #expect(try String(contentsOfFile: project + "/cadctl.lock", encoding: .utf8) == lockText)

            // A clean checkout with an empty cache: every file downloaded again by its locked id.
            let expected = Self.files(under: project + "/cad")
            try FileManager.default.removeItem(atPath: project + "/cad")
            var ci = cli
            ci.environment["CADCTL_CACHE_DIR"] = directory + "/ci-cache"
            ci.environment["CADCTL_STATE_DIR"] = directory + "/ci-state"
            let restored = try await ci.run(["sync", "--locked"], in: project)
            #expect(restored.exitCode == 0, "\(restored.stderr)")
            #expect(Self.files(under: project + "/cad") == expected)
            #expect(server.inspector.requests.filter { $0.method == "POST" }.count == posts)

            // Again from the cache: no request at all.
            try FileManager.default.removeItem(atPath: project + "/cad")
            let before = server.inspector.requests.count
            let cached = try await ci.run(["sync", "--locked"], in: project)
            #expect(cached.exitCode == 0, "\(cached.stderr)")
            #expect(server.inspector.requests.count == before)
            #expect(Self.files(under: project + "/cad") == expected)
        }
    }

    @Test func staleEntriesAndWrongDigestsExitNineLeavingNothing() async throws {
        try await LedgerCLITests.with { server, cli, directory in
            let project = directory + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            try Self.write(Self.manifest, to: project + "/cadctl.toml")
            let generated = try await cli.run(["sync"], in: project)
            #expect(generated.exitCode == 0, "\(generated.stderr)")
            let posts = server.inspector.requests.filter { $0.method == "POST" }.count

            // A changed definition is stale: --locked fails with 9 and sends no POST.
            try Self.write(Self.manifest.replacingOccurrences(of: "30 mm across", with: "35 mm across"),
                           to: project + "/cadctl.toml")
            let stale = try await cli.run(["sync", "--locked"], in: project)
            #expect(stale.exitCode == 9)
            #expect(stale.stderr.contains("the lock is out of date for knob: run cadctl sync and commit cadctl.lock"))
            #expect(stale.stdout.contains("knob failed") && stale.stdout.contains("bracket pinned"))
            #expect(server.inspector.requests.filter { $0.method == "POST" }.count == posts)
            try Self.write(Self.manifest, to: project + "/cadctl.toml")

            // A lock whose digest does not match what the provider serves: 9, and nothing left behind.
            let lockPath = project + "/cadctl.lock"
            var lock = try String(contentsOfFile: lockPath, encoding: .utf8)
            let knob = try #require((try Self.json(lock)["parts"] as? [String: [String: Any]])?["knob"])
            let sha = try #require((knob["files"] as? [[String: Any]])?.first?["sha256"] as? String)
            lock = lock.replacingOccurrences(of: sha, with: String(repeating: "0", count: 64))
            try Self.write(lock, to: lockPath)
            try FileManager.default.removeItem(atPath: project + "/cad/knobs")
            var ci = cli
            ci.environment["CADCTL_CACHE_DIR"] = directory + "/empty-cache"
            let wrong = try await ci.run(["sync", "--locked", "knob"], in: project)
            #expect(wrong.exitCode == 9, "\(wrong.stderr)")
            #expect(wrong.stderr.contains("nothing was written"))
            #expect(Self.files(under: project + "/cad/knobs").isEmpty)
            #expect((try? FileManager.default.contentsOfDirectory(atPath: project + "/cad/knobs")) ?? [] == [])
        }
    }

    @Test func shardsSplitByNameOrder() async throws {
        try await LedgerCLITests.with { _, cli, directory in
            let project = directory + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            let names = ["e", "a", "d", "b", "c"]
            try Self.write(names.map { "[parts.\($0)]\nprovider = \"bitbybit\"\nmodel = \"dragon-cup\"\nparams = { height = \($0 == "a" ? 5 : 6) }\n" }
                .joined(separator: "\n"), to: project + "/cadctl.toml")
            let generated = try await cli.run(["sync", "--parallel", "2"], in: project)
            #expect(generated.exitCode == 0, "\(generated.stderr)")
            var seen: [String] = []
            for index in 1...2 {
                let shard = try await cli.run(["sync", "--locked", "--shard", "\(index)/2"], in: project)
                #expect(shard.exitCode == 0, "\(shard.stderr)")
                let parts = shard.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
                #expect(parts == (index == 1 ? ["a", "c", "e"] : ["b", "d"]))
                seen += parts
            }
            #expect(seen.sorted() == names.sorted())
            let unlocked = try await cli.run(["sync", "--shard", "1/2"], in: project)
            #expect(unlocked.exitCode == 2 && unlocked.stderr.contains("--locked"))
            let bad = try await cli.run(["sync", "--locked", "--shard", "3/2"], in: project)
            #expect(bad.exitCode == 2)
        }
    }

    @Test(arguments: [
        ("[parts.a]\nprovider = \"orville\"\nprompt = \"x\"\ncolour = \"red\"\n", "part \"a\": unknown key \"colour\""),
        ("[parts.b]\nprovider = \"orville\"\n", "part \"b\": missing required key \"prompt\""),
        ("[parts.c]\nprovider = \"bitbybit\"\nmodel = \"dragon-cup\"\npipeline = \"p.json\"\n", "part \"c\": names two sources"),
        ("[parts.d]\nprompt = \"x\"\n", "part \"d\": missing required key \"provider\""),
    ])
    func manifestErrorsNameThePartAndTheKey(manifest: String, message: String) async throws {
        let directory = try temporaryDirectory()
        try Self.write(manifest, to: directory.path + "/cadctl.toml")
        let cli = CLIRunner(configPath: directory.appendingPathComponent("config.toml").path)
        let outcome = try await cli.run(["sync"], in: directory.path)
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    /// `--preview` writes `FILE.png` beside each model file of every part; `--json` lists the PNGs in the part's
    /// `previews`, not among its `files` (which are the locked files: the PNGs are not locked or cached), and the
    /// plain line lists them after the files.
    @Test func previewWritesAndListsAPNGBesideEachFile() async throws {
        try await LedgerCLITests.with { _, cli, directory in
            let project = directory + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            try Self.write("""
                [parts.knob]
                provider = "makistry"
                prompt = "A knurled knob, 30 mm across"
                format = "stl"

                """, to: project + "/cadctl.toml")
            let run = try await cli.run(["sync", "--preview", "--json"], in: project)
            #expect(run.exitCode == 0, "\(run.stderr)")
            let parts = try #require(try Self.json(run.stdout)["parts"] as? [[String: Any]])
            let files = try #require(parts.first?["files"] as? [[String: Any]])
            let models = files.compactMap { $0["path"] as? String }
            #expect(!models.isEmpty && models.allSatisfy { !$0.hasSuffix(".png") })
            let previews = try #require(parts.first?["previews"] as? [String])
            #expect(previews == models.map { $0 + ".png" })
            let paths = models + previews
            let resolved = { (path: String) in path.hasPrefix("/") ? path : project + "/" + path }
            for png in previews {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: resolved(png)))
                #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(png)")
            }
            // The part's files are what the lock pins, digest for digest.
            let lockedParts = try #require(try Self.json(String(contentsOfFile: project + "/cadctl.lock", encoding: .utf8))["parts"]
                as? [String: [String: Any]])
            let locked = try #require(lockedParts["knob"]?["files"] as? [[String: Any]])
            #expect(files.compactMap { $0["sha256"] as? String } == locked.compactMap { $0["sha256"] as? String })

            // Without --preview there is no previews field.
            let plainJSON = try await cli.run(["sync", "--json"], in: project)
            let plainParts = try #require(try Self.json(plainJSON.stdout)["parts"] as? [[String: Any]])
            #expect(plainParts.first.map { Set($0.keys) } == ["name", "provider", "id", "status", "files"])
            let lock = try String(contentsOfFile: project + "/cadctl.lock", encoding: .utf8)
            #expect(!lock.contains(".png"))

            // Pinned: the PNGs are written again and listed on the plain line too.
            for png in paths where png.hasSuffix(".png") { try FileManager.default.removeItem(atPath: resolved(png)) }
            let pinned = try await cli.run(["sync", "--preview"], in: project)
            #expect(pinned.exitCode == 0, "\(pinned.stderr)")
            #expect(LedgerCLITests.line(pinned.stdout) == (["knob", "pinned"] + paths).joined(separator: " "))
            for png in paths where png.hasSuffix(".png") {
                #expect(FileManager.default.fileExists(atPath: resolved(png)))
            }
        }
    }
}
