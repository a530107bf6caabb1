import CADRecording
import CADSandbox
import Foundation
import Testing

/// `cadctl` run as a process against a cassette served the way `cad-sandbox --replay FILE` serves it
/// (`CassetteServer`, in-process on loopback): the recorded published examples drive the whole command,
/// and what it prints and writes must be what the recording holds.
@Suite("cadctl against replayed cassettes (cad-sandbox --replay)")
struct ReplayCLITests {
    static let recordings = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Recordings")

    /// Serves the cassette at `path` and runs `body` with a runner whose environment points PROVIDER at it.
    func withReplay(
        _ path: String, provider: SandboxProvider, key: String,
        _ body: (CassetteServer, CLIRunner, URL) async throws -> Void
    ) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await CassetteServer.start(cassettePath: path)
        do {
            let base = try #require(server.baseURL(for: provider), "the cassette has no \(provider) request")
            let name = provider.rawValue.uppercased()
            let cli = CLIRunner(
                configPath: directory.appendingPathComponent("config.toml").path,
                extra: ["\(name)_BASE_URL": base, "\(name)_API_KEY": key])
            try await body(server, cli, directory)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// The response body of recorded exchange `index` (base64 bodies decoded).
    func recordedBody(_ cassette: Cassette, entry index: Int) throws -> Data {
        let content = cassette.entries[index].response.content
        let text = try #require(content.text)
        return content.encoding == "base64" ? try #require(Data(base64Encoded: text)) : Data(text.utf8)
    }

    @Test("orville/create-wait-download: jobs create --download DIR prints the STEP's path and writes the recorded bytes")
    func orvilleCreateWaitDownload() async throws {
        // The recorded poll hints (30 s, then 60 s) would make cadctl, whose clock is real, wait 90 s: a copy
        // of the cassette with the hints shortened to 1 s is served instead; every exchange is unchanged.
        var cassette = try Cassette.load(from: Self.recordings.appendingPathComponent("orville/create-wait-download.har").path)
        for index in cassette.document.log.entries.indices {
            guard let text = cassette.document.log.entries[index].response.content.text else { continue }
            cassette.document.log.entries[index].response.content.text = text
                .replacingOccurrences(of: #""poll_after_seconds":30"#, with: #""poll_after_seconds":1"#)
                .replacingOccurrences(of: #""poll_after_seconds":60"#, with: #""poll_after_seconds":1"#)
        }
        let copy = try temporaryDirectory().appendingPathComponent("create-wait-download.har").path
        try cassette.save(to: copy)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: copy).deletingLastPathComponent().path) }

        try await withReplay(copy, provider: .orville, key: "replay_orville_key") { _, cli, directory in
            let out = directory.appendingPathComponent("out").path
            let outcome = try await cli.run([
                "jobs", "create", "--provider", "orville", "--download", out,
                "--prompt", "Create a simple flat rectangular bracket with two through holes.",
            ])
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == out + "/450_bracket.step\n")
            #expect(outcome.stderr.contains("cadjob_9b2e4c71-3d8a-4f6e-a1b5-7c0d2e8f4a63"))
            let written = try Data(contentsOf: URL(fileURLWithPath: out + "/450_bracket.step"))
            #expect(written == (try recordedBody(cassette, entry: 4)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["450_bracket.step"])
        }
    }

    @Test("makistry/text-to-cad: the Quick Start with --format step --download DIR writes JOB_ID.step")
    func makistryTextToCAD() async throws {
        let path = Self.recordings.appendingPathComponent("makistry/text-to-cad.har").path
        let cassette = try Cassette.load(from: path)
        try await withReplay(path, provider: .makistry, key: "replay_makistry_key") { _, cli, directory in
            let out = directory.appendingPathComponent("out").path
            let outcome = try await cli.run([
                "jobs", "create", "--provider", "makistry", "--format", "step", "--download", out,
                "--prompt", "A 40x20x10mm rectangular box with a 5mm through-hole centered on the top face",
            ])
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == out + "/pub_7f3a9c2e41b84d5f9e1a.step\n")
            #expect(outcome.stderr.contains("pub_7f3a9c2e41b84d5f9e1a"))
            let written = try Data(contentsOf: URL(fileURLWithPath: out + "/pub_7f3a9c2e41b84d5f9e1a.step"))
            #expect(written == (try recordedBody(cassette, entry: 5)))
        }
    }

    @Test("bitbybit/model-run-dragon-cup: models run with the document's example writes result.glb and result.stp")
    func bitbybitDragonCup() async throws {
        let path = Self.recordings.appendingPathComponent("bitbybit/model-run-dragon-cup.har").path
        let cassette = try Cassette.load(from: path)
        // The document's dragon-cup example parameters, as the recorded POST carries them.
        // The recorded text is `{"params":{…},"outputs":{…}}`: the object is taken verbatim, numbers as written.
        let post = try #require(cassette.entries.first { $0.request.method == "POST" })
        let body = try #require(post.request.postData?.text)
        let start = try #require(body.range(of: #"{"params":"#)).upperBound
        let end = try #require(body.range(of: #","outputs":"#)).lowerBound
        let params = String(body[start..<end])
        try await withReplay(path, provider: .bitbybit, key: "replay_bitbybit_key") { _, cli, directory in
            let paramsFile = directory.appendingPathComponent("dragon-cup.json").path
            try Data(params.utf8).write(to: URL(fileURLWithPath: paramsFile))
            let out = directory.appendingPathComponent("out").path
            let outcome = try await cli.run([
                "models", "run", "dragon-cup", "--params-file", paramsFile, "--format", "step", "--format", "gltf",
                "--out", out,
            ])
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == out + "/result.stp\n" + out + "/result.glb\n")
            #expect(outcome.stderr.contains("7c0a0607-3812-5857-91dc-23b15ca8e4b9"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/result.glb")) == (try recordedBody(cassette, entry: 6)))
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/result.stp")) == (try recordedBody(cassette, entry: 8)))
        }
    }
}
