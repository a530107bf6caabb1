import CADSandbox
import CADTransport
import Foundation
import Testing

/// Runs cadctl against an in-process sandbox (real clock, fast tasks: the CLI's 2 s poll dominates).
func withBitbybitCLI<T: Sendable>(_ body: (SandboxServer, CLIRunner, URL) async throws -> T) async throws -> T {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await withSandbox(SandboxConfiguration(speed: 1000)) { server in
        let cli = CLIRunner(configPath: directory.appendingPathComponent("config.toml").path, extra: [
            "BITBYBIT_BASE_URL": server.bitbybitBaseURL, "BITBYBIT_API_KEY": SandboxKey.bitbybitDefault.key,
        ])
        return try await body(server, cli, directory)
    }
}

extension CLIRunner: @unchecked Sendable {}
extension CLIRunner.Outcome: @unchecked Sendable {}


/// The first bytes of a file.
func head(_ path: String, _ count: Int = 16) -> Data {
    (FileManager.default.contents(atPath: path) ?? Data()).prefix(count)
}

func isGLB(_ path: String) -> Bool {
    let data = FileManager.default.contents(atPath: path) ?? Data()
    guard data.count >= 12, data.prefix(4) == Data("glTF".utf8), data[4] == 2 else { return false }
    let length = Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
    return length == data.count
}

func isSTEP(_ path: String) -> Bool {
    let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    return text.hasPrefix("ISO-10303-21;") && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("END-ISO-10303-21;")
}

@Suite("cadctl models, convert and cad against the Bitbybit sandbox")
struct BitbybitCLITests {
    @Test("models run dragon-cup --param height=10 --format gltf --format step --out out/: a GLB and a STEP")
    func modelsRun() async throws {
        try await withBitbybitCLI { server, cli, directory in
            let out = directory.appendingPathComponent("out/nested").path
            let run = try await cli.run(["models", "run", "dragon-cup", "--param", "height=10", "--format", "gltf",
                                   "--format", "step", "--out", out])
            #expect(run.exitCode == 0, "\(run.stderr)")
            let paths = run.stdout.split(separator: "\n").map(String.init)
            #expect(paths.count == 2)
            #expect(paths.contains { $0.hasSuffix(".glb") && isGLB($0) })
            #expect(paths.contains { isSTEP($0) })
            #expect(run.stderr.contains("bitbybit task"))
            #expect(server.inspector.storageCredentialSightings.isEmpty)
            #expect(!run.stderr.contains(SandboxKey.bitbybitDefault.key))

            // Again into the same directory: existing files are not overwritten without --force (exit 2).
            let again = try await cli.run(["models", "run", "dragon-cup", "--format", "gltf", "--out", out])
            #expect(again.exitCode == 2)
            #expect(again.stderr.contains("exists"))
            let forced = try await cli.run(["models", "run", "dragon-cup", "--format", "gltf", "--out", out, "--force", "--json"])
            #expect(forced.exitCode == 0, "\(forced.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(forced.stdout.utf8)) as? [String: Any]
            #expect(object?["provider"] as? String == "bitbybit")
            #expect(object?["status"] as? String == "completed")
            #expect((object?["files"] as? [String])?.count == 1)
        }
    }

    @Test("--param values are typed by the model's definition; unknown names list the valid ones (exit 2)")
    func paramTyping() async throws {
        try await withBitbybitCLI { server, cli, _ in
            let unknown = try await cli.run(["models", "run", "dragon-cup", "--param", "heigth=10"])
            #expect(unknown.exitCode == 2)
            #expect(unknown.stderr.contains("unknown parameter 'heigth'") && unknown.stderr.contains("height"))
            let notNumber = try await cli.run(["models", "run", "dragon-cup", "--param", "height=tall"])
            #expect(notNumber.exitCode == 2 && notNumber.stderr.contains("number"))
            let outOfRange = try await cli.run(["models", "run", "dragon-cup", "--param", "height=80"])
            #expect(outOfRange.exitCode == 2 && outOfRange.stderr.contains("params.height"))
            let badFormat = try await cli.run(["models", "run", "dragon-cup", "--format", "obj"])
            #expect(badFormat.exitCode == 2 && badFormat.stderr.contains("'gltf', 'step', 'stpz' or 'decomposed-mesh'"))
            #expect(server.inspector.requestCount(path: "/bitbybit/api/v1/models/dragon-cup", method: "POST") == 0)

            // Typed values reach the server as numbers, booleans and arrays: accepted and run.
            let submitted = try await cli.run(["models", "run", "phone-nest", "--param", "applyOrnaments=true",
                                         "--param", "origin=0,0,1", "--param", "heightBottom=4.5", "--no-wait"])
            #expect(submitted.exitCode == 0, "\(submitted.stderr)")
            #expect(submitted.stdout.split(separator: "\n").count == 1)
        }
    }

    @Test("models list and params, plain and --json")
    func modelsListParams() async throws {
        try await withBitbybitCLI { _, cli, _ in
            let list = try await cli.run(["models", "list"])
            #expect(list.exitCode == 0 && list.stdout.contains("dragon-cup\n"))
            let json = try await cli.run(["models", "list", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect((object?["models"] as? [String])?.contains("phone-nest") == true)
            let params = try await cli.run(["models", "params", "dragon-cup"])
            #expect(params.exitCode == 0 && params.stdout.contains("height\tnumber"))
        }
    }

    @Test("convert step-to-gltf part.step writes part's GLB into the current directory")
    func convert() async throws {
        try await withBitbybitCLI { server, cli, directory in
            let step = try await cli.run(["models", "run", "dragon-cup", "--format", "step", "--out", directory.path])
            #expect(step.exitCode == 0, "\(step.stderr)")
            let source = try #require(step.stdout.split(separator: "\n").first.map(String.init))
            let part = directory.appendingPathComponent("part.step").path
            try FileManager.default.moveItem(atPath: source, toPath: part)
            let work = directory.appendingPathComponent("work").path
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

            let converted = try await cli.run(["convert", "step-to-gltf", part], in: work)
            #expect(converted.exitCode == 0, "\(converted.stderr)")
            let written = converted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let absolute = written.hasPrefix("/") ? written : work + "/" + written
            #expect(isGLB(absolute))

            // Again: part.glb exists, so nothing is uploaded or submitted (exit 2).
            let posts = server.inspector.requests.filter { $0.method == "POST" }.count
            let again = try await cli.run(["convert", "step-to-gltf", part], in: work)
            #expect(again.exitCode == 2 && again.stderr.contains("part.glb already exists"))
            #expect(server.inspector.requests.filter { $0.method == "POST" }.count == posts)

            let named = try await cli.run(["convert", "step-to-gltf", part, "--draco", "--advanced",
                                     "--out", directory.appendingPathComponent("glb/part.glb").path])
            #expect(named.exitCode == 0, "\(named.stderr)")
            #expect(named.stdout.hasSuffix("glb/part.glb\n"))
            #expect(isGLB(directory.appendingPathComponent("glb/part.glb").path))
        }
    }

    @Test("cad pipeline --validate: no key, nothing sent, exit 0 or 2 with every problem by JSON path")
    func pipelineValidate() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cli = CLIRunner(configPath: directory.appendingPathComponent("c.toml").path,
                            extra: ["BITBYBIT_BASE_URL": "http://127.0.0.1:9"])
        let good = directory.appendingPathComponent("good.json").path
        try #"{"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":1,"length":2,"height":3}},{"operation":"occt.shapes.solid.createSphere","params":{"radius":1}}],"outputs":{"formats":["step"]}}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try await cli.run(["cad", "pipeline", good, "--validate"])
        #expect(ok.exitCode == 0, "\(ok.stderr)")
        #expect(ok.stdout.isEmpty)

        let bad = directory.appendingPathComponent("bad.json").path
        try #"{"steps":[{"operation":"occt.shapes.solid.createBoks","params":{}},{"operation":"occt.booleans.union","params":{"shapes":["$ref:5"]}}],"outputs":{"formats":["obj"]}}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try await cli.run(["cad", "pipeline", bad, "--validate"])
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("steps[0].operation"))
        #expect(refused.stderr.contains("createBox"))
        #expect(refused.stderr.contains("steps[1].params.shapes[0]"))
        #expect(refused.stderr.contains("outputs.formats[0]"))

        let json = try await cli.run(["cad", "pipeline", bad, "--validate", "--json"])
        #expect(json.exitCode == 2)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["valid"] as? Bool == false)
        #expect(((object?["problems"] as? [[String: Any]])?.count ?? 0) >= 3)
    }

    @Test("cad execute and cad pipeline run, wait and download")
    func cadRun() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let execute = try await cli.run(["cad", "execute", "--operation", "occt.shapes.solid.createBox",
                                       "--params", #"{"width":1,"length":2,"height":3}"#,
                                       "--out", directory.appendingPathComponent("exec").path])
            #expect(execute.exitCode == 0, "\(execute.stderr)")
            #expect(!execute.stdout.isEmpty)
            let pipeline = directory.appendingPathComponent("p.json").path
            try #"{"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":1,"length":2,"height":3}}]}"#
                .write(toFile: pipeline, atomically: true, encoding: .utf8)
            let run = try await cli.run(["cad", "pipeline", pipeline, "--format", "step", "--format", "gltf",
                                   "--out", directory.appendingPathComponent("pipe").path])
            #expect(run.exitCode == 0, "\(run.stderr)")
            let paths = run.stdout.split(separator: "\n").map(String.init)
            #expect(paths.count == 2 && paths.contains { isSTEP($0) })

            // --input uploads a file for $file:0; --validate counts it without uploading anything.
            let step = try await cli.run(["models", "run", "dragon-cup", "--format", "step", "--out", directory.path])
            let part = try #require(step.stdout.split(separator: "\n").first.map(String.init))
            let withFile = directory.appendingPathComponent("file.json").path
            try #"{"steps":[{"operation":"occt.io.loadSTEPorIGES","params":{"filetext":"$file:0","fileName":"m.step"}},{"operation":"occt.fillets.filletEdges","params":{"shape":"$ref:0","radius":2}}],"outputs":{"formats":["gltf"]}}"#
                .write(toFile: withFile, atomically: true, encoding: .utf8)
            let unresolved = try await cli.run(["cad", "pipeline", withFile, "--validate"])
            #expect(unresolved.exitCode == 2 && unresolved.stderr.contains("steps[0].params.filetext"))
            let resolved = try await cli.run(["cad", "pipeline", withFile, "--validate", "--input", part])
            #expect(resolved.exitCode == 0, "\(resolved.stderr)")
            let ran = try await cli.run(["cad", "pipeline", withFile, "--input", "step-model=" + part,
                                              "--out", directory.appendingPathComponent("filled").path])
            #expect(ran.exitCode == 0, "\(ran.stderr)")
            #expect(isGLB(ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    @Test("cad unfold: a report as metadata.json, a flat pattern as STEP; misplaced options are usage errors")
    func unfold() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let step = try await cli.run(["models", "run", "dragon-cup", "--format", "step", "--out", directory.path])
            let part = try #require(step.stdout.split(separator: "\n").first.map(String.init))
            let report = try await cli.run(["cad", "unfold", "solid-report", part,
                                                 "--out", directory.appendingPathComponent("report").path])
            #expect(report.exitCode == 0, "\(report.stderr)")
            let reportPath = report.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(reportPath.hasSuffix("metadata.json"))
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath)))
            #expect((object as? [String: Any])?["report"] != nil)

            let flat = try await cli.run(["cad", "unfold", "face-to-flat", part, "--face-index", "0", "--format", "step",
                                               "--out", directory.appendingPathComponent("flat").path])
            #expect(flat.exitCode == 0, "\(flat.stderr)")
            #expect(isSTEP(flat.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let misplaced = try await cli.run(["cad", "unfold", "solid", part, "--face-index", "1"])
            #expect(misplaced.exitCode == 2 && misplaced.stderr.contains("--face-index"))
        }
    }
}
