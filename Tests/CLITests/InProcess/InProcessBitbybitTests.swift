import CADSandbox
import Foundation
import Testing
@testable import cadctl

/// Bitbybit commands run in-process against the sandbox.
@Suite("cadctl Bitbybit in-process", .serialized)
struct InProcessBitbybitTests {
    @Test("models list --json; models run --format STEP --no-wait --json; tasks wait --out downloads the STEP file")
    func modelsRunAndTask() async throws {
        try await InProcessCLI.withSandbox { _, cli in
            let models = await cli.run(["models", "list", "--json"])
            #expect(models.exitCode == 0, "\(models.stderr)")
            #expect(try printedKeys(models.stdout) == ["models"])
            #expect((try parsedObject(models.stdout)["models"] as? [String])?.contains("dragon-cup") == true)

            let submitted = await cli.run(["models", "run", "dragon-cup", "--format", "STEP", "--no-wait", "--json"])
            #expect(submitted.exitCode == 0, "\(submitted.stderr)")
            #expect(try printedKeys(submitted.stdout) == ["provider", "id", "status"])
            let id = try #require(try parsedObject(submitted.stdout)["id"] as? String)

            let out = cli.directory + "/out"
            let waited = await cli.run(["tasks", "wait", id, "--out", out])
            #expect(waited.exitCode == 0, "\(waited.stderr)")
            #expect(waited.lines.count == 1 && waited.lines[0].hasPrefix(out + "/") && waited.lines[0].hasSuffix(".stp"),
                    "\(waited.lines)")
        }
    }
}
