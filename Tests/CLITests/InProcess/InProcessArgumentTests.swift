import Bitbybit
import CADCore
import Foundation
import CADSandbox
import Makistry
import Testing
@testable import cadctl

/// The typed flag values: what each accepts, and that a refused value is a usage error (exit 2) that lists
/// the valid values and sends nothing.
@Suite("cadctl typed arguments")
struct InProcessArgumentTests {
    @Test("DurationArgument takes a positive, finite number of seconds")
    func durations() {
        #expect(DurationArgument(argument: "90")?.duration == .seconds(90))
        #expect(DurationArgument(argument: "2.5")?.duration == .milliseconds(2500))
        for bad in ["0", "-1", "abc", "", "inf", "nan", "1e400", "10s"] {
            #expect(DurationArgument(argument: bad) == nil, "\(bad)")
        }
        #expect(DurationArgument.seconds(15).defaultValueDescription == "15")
    }

    @Test("formats and modes parse case-insensitively and list their values in the contract's order")
    func providerValues() {
        #expect(PromptToCADFormat(argument: "STP") == .step && PromptToCADFormat(argument: "3MF") == .threeMF)
        #expect(PromptToCADFormat(argument: "obj") == nil)
        #expect(MakistryOutputFormat(argument: "STL") == .stl && MakistryOutputFormat(argument: "stp") == .step)
        #expect(MakistryOutputFormat(argument: "obj") == nil)
        #expect(MakistryOutputFormat.allValueStrings == ["step", "stl", "glb", "3mf"])
        #expect(DesignMode(argument: "PRO") == .pro && DesignMode(argument: "turbo") == nil)
        #expect(Bitbybit.OutputFormat(argument: "GLTF") == .gltf && Bitbybit.OutputFormat(argument: "obj") == nil)
        #expect(Bitbybit.OutputFormat.allValueStrings == ["gltf", "step", "stpz", "decomposed-mesh"])
        #expect(PipelineOutputFormat(argument: "3mf") == .threeMF && PipelineOutputFormat(argument: "dxf") == nil)
    }

    @Test("a refused value exits 2, names the flag and lists the valid values; nothing is sent")
    func refusedValues() async throws {
        try await InProcessCLI.withSandbox { server, cli in
            let cases: [([String], String)] = [
                (["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--format", "obj"],
                 "Please provide one of 'step', 'stl', 'glb' or '3mf'"),
                (["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--mode", "turbo"],
                 "Please provide one of 'standard', 'pro' or 'assembly'"),
                (["jobs", "wait", "pub_1", "--timeout", "soon"], "--timeout <SECONDS>"),
                (["jobs", "create", "--provider", "orville", "--prompt", "a box", "--wait", "--timeout=0"],
                 "--timeout <SECONDS>"),
                (["models", "run", "dragon-cup", "--format", "obj"],
                 "Please provide one of 'gltf', 'step', 'stpz' or 'decomposed-mesh'"),
                (["doctor", "--offline", "--timeout", "-"], "--timeout <SECONDS>"),
                (["tasks", "list", "--status", "done"], "one of the following:\n  - waiting\n  - queued"),
                (["files", "list", "--status", "gone"], "Please provide one of 'pending', 'confirmed' or 'expired'"),
                (["preview", "part.step", "--view", "sideways"], "one of the following:\n  - iso\n  - front"),
                (["webhooks", "verify", "--signature", "s", "--timestamp", "1", "--body", "b", "--tolerance", "0"],
                 "--tolerance <SECONDS>"),
            ]
            for (arguments, fragment) in cases {
                let outcome = await cli.run(arguments)
                #expect(outcome.exitCode == 2, "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.contains("invalid for") && outcome.stderr.contains(fragment),
                        "\(arguments): \(outcome.stderr)")
                #expect(outcome.stdout.isEmpty)
            }
            #expect(server.inspector.requestCount(path: "/makistry/text-to-cad", method: "POST") == 0)
        }
    }

    @Test("a refused value under --json: exit 2, the contract's error object on stderr; plain: `error: …`")
    func refusedValueShapes() async throws {
        let cli = InProcessCLI(directory: try temporaryDirectory().path, variables: [:])
        let arguments = ["jobs", "create", "--provider", "makistry", "--prompt", "a box", "--format", "obj"]
        let json = await cli.run(arguments + ["--json"])
        #expect(json.exitCode == 2 && json.stdout.isEmpty)
        #expect(try printedKeys(json.stderr) == ["error"])
        let error = try #require(try parsedObject(json.stderr)["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("'step', 'stl', 'glb' or '3mf'") == true, "\(json.stderr)")
        #expect(error["status"] is NSNull && error["provider"] is NSNull)
        let plain = await cli.run(arguments)
        #expect(plain.exitCode == 2 && plain.stderr.hasPrefix("error: The value 'obj' is invalid for '--format"))
    }

    @Test("option combinations are checked in validate(): exit 2 with the message alone")
    func combinations() async throws {
        let cli = InProcessCLI(directory: try temporaryDirectory().path, variables: [:])
        let both = await cli.run(["models", "run", "dragon-cup", "--format", "step", "--format", "stpz"])
        #expect(both.exitCode == 2)
        #expect(both.stderr.contains("--format step and --format stpz together"), "\(both.stderr)")
        #expect(!both.stderr.contains("CLIError("), "the message, not the error's dump")
        let batch = await cli.run(["models", "run", "dragon-cup", "--batch", "f.jsonl", "--param", "a=1"])
        #expect(batch.exitCode == 2 && batch.stderr.contains("--batch gives every variation's parameters"))
    }
}
