import CADSandbox
import CADTestSupport
import Foundation
import Testing

/// `cadctl jobs … --provider makistry` and `cadctl webhooks verify`, run as a process against an in-process
/// sandbox.
@Suite("cadctl with Makistry", .serialized)
struct MakistryCLITests {
    /// Jobs that finish as soon as they are created, so `--wait` needs a single poll.
    static let instant = MakistrySettings(queuedSeconds: 0, processingSeconds: ["standard": 0, "pro": 0, "assembly": 0])

    /// Runs `body` with a sandbox and a runner pointed at it (key and base URL in the environment).
    func withMakistry<T: Sendable>(
        key: String = SandboxKey.makistryDefault.key,
        _ configure: (inout SandboxConfiguration) -> Void = { $0.makistry = MakistryCLITests.instant },
        _ body: (SandboxServer, CLIRunner, URL) async throws -> T
    ) async throws -> T {
        var configuration = SandboxConfiguration()
        configure(&configuration)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await withSandbox(configuration) { server in
            let cli = CLIRunner(
                configPath: directory.appendingPathComponent("config.toml").path,
                extra: ["MAKISTRY_BASE_URL": server.makistryBaseURL, "MAKISTRY_API_KEY": key])
            return try await body(server, cli, directory)
        }
    }

    @Test("jobs create --format STL --download DIR writes a valid STL; stdout is the path, the id on stderr")
    func createAndDownloadSTL() async throws {
        try await withMakistry { server, cli, directory in
            let out = directory.appendingPathComponent("out").path
            let outcome = try await cli.run([
                "jobs", "create", "--provider", "makistry", "--prompt", "A 40x20x10mm box", "--format", "STL",
                "--download", out + "/",
            ])
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 1)
            let path = try #require(lines.first)
            #expect(path.hasSuffix(".stl") && path.contains("/out/pub_"))
            let id = String(path.split(separator: "/").last?.dropLast(4) ?? "")
            #expect(outcome.stderr.contains(id), "the job id is reported on stderr")
            let triangles = try MakistryCLITests.checkBinarySTL(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(triangles >= 12)
            #expect(server.inspector.storageCredentialSightings.isEmpty)

            // Again into the same directory: the idempotency key differs, so a new job and a new file.
            let json = try await cli.run([
                "jobs", "create", "--provider", "makistry", "--prompt", "a plate", "--format", "glb", "--download", out,
                "--json",
            ])
            #expect(json.exitCode == 0, "\(json.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(document["provider"] as? String == "makistry")
            #expect(document["status"] as? String == "success")
            let files = try #require(document["files"] as? [String])
            #expect(files.count == 1 && files[0].hasSuffix("/\(document["id"] as? String ?? "?").glb"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: files[0])).prefix(4) == Data("glTF".utf8))
        }
    }

    @Test("plain jobs create prints the id; --json prints provider, id, status; jobs get and wait follow it")
    func createGetWait() async throws {
        try await withMakistry { server, cli, directory in
            let created = try await cli.run([
                "jobs", "create", "--provider", "makistry", "--prompt", "a box", "--metadata", #"{"order":"A-17"}"#,
                "--mode", "PRO", "--callback-url", "https://example.com/hook",
            ])
            #expect(created.exitCode == 0, "\(created.stderr)")
            let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(id.hasPrefix("pub_") && !id.contains("\n"))

            let json = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--json"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(Set(document.keys) == ["provider", "id", "status"])
            #expect(document["provider"] as? String == "makistry")

            let got = try await cli.run(["jobs", "get", id, "--json"])
            #expect(got.exitCode == 0, "\(got.stderr)")
            let job = try #require(try JSONSerialization.jsonObject(with: Data(got.stdout.utf8)) as? [String: Any])
            #expect(job["id"] as? String == id)
            #expect(job["status"] as? String == "success")
            #expect((job["metadata"] as? [String: Any])?["order"] as? String == "A-17")
            #expect((job["download_url"] as? String)?.hasPrefix(server.storageBaseURL) == true)

            let plain = try await cli.run(["jobs", "get", id, "--verbose"])
            #expect(plain.stdout.contains("status: success"))
            #expect(plain.stderr.contains("GET"), "--verbose shows the exchange")
            #expect(!plain.stderr.contains(SandboxKey.makistryDefault.key) && !plain.stdout.contains(SandboxKey.makistryDefault.key))

            let out = directory.appendingPathComponent("waited").path
            let waited = try await cli.run(["jobs", "wait", id, "--download", out])
            #expect(waited.exitCode == 0, "\(waited.stderr)")
            #expect(waited.stdout == out + "/" + id + ".step\n", "the format is recognised from the file")
            let again = try await cli.run(["jobs", "wait", id, "--download", out])
            #expect(again.exitCode == 2, "an existing file is not overwritten without --force")
            #expect(again.stderr.contains(id + ".step"))
            let forced = try await cli.run(["jobs", "wait", id, "--download", out, "--force"])
            #expect(forced.exitCode == 0, "\(forced.stderr)")
        }
    }

    @Test("a failed job exits 4 with error_code and error_message")
    func failedJob() async throws {
        try await withMakistry { _, cli, _ in
            let outcome = try await cli.run([
                "jobs", "create", "--provider", "makistry", "--prompt", "a box [fail]", "--wait",
            ])
            #expect(outcome.exitCode == 4)
            #expect(outcome.stderr.contains("generation_failed"))
            #expect(outcome.stderr.contains("could not be generated"))
            #expect(outcome.stdout.isEmpty)
        }
    }

    @Test("a wait timeout exits 5 and names the job id")
    func waitTimeout() async throws {
        try await withMakistry({ $0.speed = 1 }) { _, cli, _ in
            let created = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "a box"])
            let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let outcome = try await cli.run(["jobs", "wait", id, "--timeout", "1"])
            #expect(outcome.exitCode == 5)
            #expect(outcome.stderr.contains(id))
        }
    }

    @Test("refusals map to the contract's exit codes: 404 → 1 (not found, id named), 401 → 3, 402 → 8, 429 → 6")
    func exitCodes() async throws {
        try await withMakistry { _, cli, _ in
            let missing = try await cli.run(["jobs", "get", "pub_nosuchjob"])
            #expect(missing.exitCode == 1)
            #expect(missing.stderr.contains("not found") && missing.stderr.contains("pub_nosuchjob"))
        }
        try await withMakistry(key: "mk_pub_wrong") { _, cli, _ in
            let outcome = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "a box"])
            #expect(outcome.exitCode == 3)
            #expect(outcome.stderr.contains("invalid_api_key") && !outcome.stderr.contains("mk_pub_wrong"))
        }
        try await withMakistry({ $0.makistry.credits = 0 }) { _, cli, _ in
            let outcome = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--json"])
            #expect(outcome.exitCode == 8)
            #expect(outcome.stderr.contains("\"code\":\"payment_required\""))
        }
        try await withMakistry { server, cli, _ in
            server.faults.inject(
                .status(429, retryAfter: .seconds(600), code: "quota_exceeded"), on: "POST /makistry/v1/text-to-cad")
            let outcome = try await cli.run(["jobs", "create", "--provider", "makistry", "--prompt", "a box"])
            #expect(outcome.exitCode == 6)
            #expect(outcome.stderr.contains("quota_exceeded"))
        }
    }

    @Test("bad flags are usage errors (exit 2) and nothing is sent")
    func usageErrors() async throws {
        try await withMakistry { server, cli, directory in
            let text = directory.appendingPathComponent("notes.png")
            try Data("not an image".utf8).write(to: text)
            let cases: [([String], String)] = [
                (["--prompt", "a box", "--format", "obj"], "'step', 'stl', 'glb' or '3mf'"),
                (["--prompt", "a box", "--mode", "turbo"], "'standard', 'pro' or 'assembly'"),
                (["--prompt", "a box", "--metadata", "[1,2]"], "JSON object"),
                (["--prompt", "a box", "--metadata", "{oops"], "not valid JSON"),
                (["--prompt", "a box", "--callback-url", "http://example.com/hook"], "https"),
                (["--prompt", String(repeating: "x", count: 5001)], "5001 characters"),
                (["--image", text.path], "not a PNG, JPEG, WebP or GIF"),
                (["--prompt", "a box", "--idempotency-key", "abc"], "UUID version 4"),
                (["--image", text.path, "--mode", "pro"], "standard or assembly"),
            ]
            for (arguments, fragment) in cases {
                let outcome = try await cli.run(["jobs", "create", "--provider", "makistry"] + arguments)
                #expect(outcome.exitCode == 2, "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.contains(fragment), "\(arguments): \(outcome.stderr)")
            }
            #expect(server.inspector.requests.filter { $0.path.hasPrefix("/makistry/") }.isEmpty)

            // Input is checked before the key is even looked up.
            let keyless = CLIRunner(configPath: directory.appendingPathComponent("none.toml").path)
            let outcome = try await keyless.run(["jobs", "create", "--provider", "makistry", "--prompt", " "])
            #expect(outcome.exitCode == 2)
            #expect(outcome.stderr.contains("prompt is empty"), "\(outcome.stderr)")
        }
    }

    @Test("webhooks verify: 0 when valid; 1 with the reason when tampered or stale; the secret never printed")
    func webhooksVerify() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cli = CLIRunner(configPath: directory.appendingPathComponent("config.toml").path)
        let secret = "whsec_cli_secret_value"
        let body = Data(#"{"job_id":"pub_1","status":"success"}"#.utf8)
        let bodyPath = directory.appendingPathComponent("body.json")
        try body.write(to: bodyPath)
        let now = String(Int(Date().timeIntervalSince1970))
        let signature = try MakistryCLITests.hmacHex(secret: secret, message: Data((now + ".").utf8) + body)

        let valid = try await cli.run([
            "webhooks", "verify", "--secret", secret, "--signature", "sha256=" + signature, "--timestamp", now,
            "--body", bodyPath.path,
        ])
        #expect(valid.exitCode == 0, "\(valid.stderr)")
        #expect(valid.stdout == "valid\n")

        let tamperedPath = directory.appendingPathComponent("tampered.json")
        try Data(#"{"job_id":"pub_2","status":"success"}"#.utf8).write(to: tamperedPath)
        let tampered = try await cli.run([
            "webhooks", "verify", "--secret", secret, "--signature", signature, "--timestamp", now, "--body", tamperedPath.path,
        ])
        #expect(tampered.exitCode == 1)
        #expect(tampered.stderr.contains("bad signature"))

        let old = String(Int(Date().timeIntervalSince1970) - 3600)
        let oldSignature = try MakistryCLITests.hmacHex(secret: secret, message: Data((old + ".").utf8) + body)
        let stale = try await cli.run([
            "webhooks", "verify", "--secret", secret, "--signature", oldSignature, "--timestamp", old, "--body", bodyPath.path,
        ])
        #expect(stale.exitCode == 1)
        #expect(stale.stderr.contains("stale timestamp"))
        for outcome in [valid, tampered, stale] {
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret))
        }
        let missing = try await cli.run([
            "webhooks", "verify", "--signature", signature, "--timestamp", now, "--body", bodyPath.path,
        ])
        #expect(missing.exitCode == 2)
    }

    // MARK: - Independent helpers

    /// HMAC-SHA256 by `openssl` (an implementation independent of the SDK's).
    static func hmacHex(secret: String, message: Data) throws -> String {
        let outcome = try ChildProcess.runBlocking("/usr/bin/env", ["openssl", "dgst", "-sha256", "-hmac", secret], stdin: message)
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        return try #require(text.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    /// Checks a binary STL's framing and that every float is finite; returns its triangle count.
    static func checkBinarySTL(_ data: Data) throws -> Int {
        let bytes = [UInt8](data)
        try #require(bytes.count >= 84)
        #expect(!String(decoding: bytes.prefix(5), as: UTF8.self).hasPrefix("solid"))
        func uint32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        let count = Int(uint32(80))
        try #require(count > 0 && bytes.count == 84 + 50 * count)
        for triangle in 0..<count {
            for value in 0..<12 { #expect(Float(bitPattern: uint32(84 + 50 * triangle + 4 * value)).isFinite) }
        }
        return count
    }
}
