import CADSandbox
import Foundation
import Testing

@Suite("cadctl models run --batch and cad compound against the Bitbybit sandbox")
struct BitbybitBatchCompoundCLITests {
    func write(_ text: String, to directory: URL, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("models run NAME --batch FILE: one batch task, every variation downloaded as item-INDEX, sub-tasks listed")
    func batch() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let file = try write("{\"height\": 6}\n\n{\"height\": 9, \"scale\": 2}\n{}\n", to: directory, name: "v.jsonl")
            let out = directory.appendingPathComponent("batch-out").path
            let run = try await cli.run(["models", "run", "dragon-cup", "--batch", file, "--format", "gltf",
                                         "--out", out, "--json"])
            #expect(run.exitCode == 0, "\(run.stderr)")
            let result = try json(run.stdout)
            let files = try #require(result["files"] as? [String])
            #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["item-0.glb", "item-1.glb", "item-2.glb"])
            #expect(files.allSatisfy(isGLB))
            #expect(result["status"] as? String == "completed")

            // The parent's detail carries its sub-tasks (read from the top level or metadata).
            let id = try #require(result["id"] as? String)
            let detail = try json(try await cli.run(["tasks", "get", id, "--json"]).stdout)
            let subTasks = try #require(detail["subTasks"] as? [[String: Any]])
            #expect(subTasks.compactMap { $0["index"] as? Int } == [0, 1, 2])
            #expect(subTasks.allSatisfy { $0["status"] as? String == "completed" })
        }
    }

    @Test("--batch lines are checked before sending: bad JSON, a non-object, an unknown or mistyped parameter, too many")
    func batchChecks() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let cases: [(String, [String])] = [
                ("{\"height\": 6}\n{\"height\": 6,\n", ["line 2", "not valid JSON"]),
                ("[6]\n", ["line 1", "array", "not an object"]),
                ("{\"height\": 6}\n{\"heigth\": 6}\n", ["line 2", "unknown parameter 'heigth'", "height"]),
                ("{\"height\": \"tall\"}\n", ["line 1", "height must be a number", "\"tall\""]),
                ("\n\n", ["holds no parameters"]),
                (String(repeating: "{}\n", count: 51), ["51 variations", "at most 50"]),
            ]
            for (index, (text, expected)) in cases.enumerated() {
                let file = try write(text, to: directory, name: "bad-\(index).jsonl")
                let run = try await cli.run(["models", "run", "dragon-cup", "--batch", file, "--no-wait"])
                #expect(run.exitCode == 2, "\(text): \(run.stderr)")
                for fragment in expected { #expect(run.stderr.contains(fragment), "\(fragment) in \(run.stderr)") }
                #expect(run.stdout.isEmpty)
            }
            let mixed = try await cli.run(["models", "run", "dragon-cup", "--batch", "x.jsonl", "--param", "height=2"])
            #expect(mixed.exitCode == 2 && mixed.stderr.contains("--batch"), "\(mixed.stderr)")
            let missing = try await cli.run(["models", "run", "dragon-cup", "--batch", directory.path + "/none.jsonl"])
            #expect(missing.exitCode == 2 && missing.stderr.contains("cannot read --batch"), "\(missing.stderr)")
            // Nothing was submitted by any of them.
            let list = try json(try await cli.run(["tasks", "list", "--json"]).stdout)
            #expect(list["total"] as? Int == 0)
        }
    }

    @Test("cad compound FILE: parallel operations, each result written as item-INDEX; --no-wait prints the id")
    func compound() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let file = try write("""
                {"items": [
                  {"operation": "occt.shapes.solid.createBox", "params": {"width": 10, "length": 8, "height": 5, "center": [0, 0, 0]},
                   "outputFormats": ["gltf"]},
                  {"operation": "occt.shapes.solid.createCylinder", "params": {"radius": 3, "height": 7, "center": [0, 0, 0],
                   "direction": [0, 0, 1]}, "outputFormats": ["step"]}
                ]}
                """, to: directory, name: "compound.json")
            let out = directory.appendingPathComponent("compound-out").path
            let run = try await cli.run(["cad", "compound", file, "--out", out])
            #expect(run.exitCode == 0, "\(run.stderr)")
            let paths = run.stdout.split(separator: "\n").map(String.init)
            #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["item-0.glb", "item-1.step"])
            #expect(isGLB(paths[0]) && isSTEP(paths[1]))

            // A bare array of items is accepted too.
            let array = try write(#"[{"operation": "occt.shapes.solid.createBox", "params": {"width": 1, "length": 1, "height": 1, "center": [0, 0, 0]}}]"#,
                                  to: directory, name: "items.json")
            let noWait = try await cli.run(["cad", "compound", array, "--no-wait"])
            #expect(noWait.exitCode == 0, "\(noWait.stderr)")
            let id = noWait.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!id.isEmpty && !id.contains("\n"))
        }
    }

    @Test("cad compound refuses a malformed file before sending")
    func compoundChecks() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let unknown = try write(#"{"items": [{"operation": "occt.shapes.solid.createBoks", "params": {}}]}"#,
                                    to: directory, name: "unknown.json")
            let run = try await cli.run(["cad", "compound", unknown])
            #expect(run.exitCode == 2, "\(run.stderr)")
            #expect(run.stderr.contains("createBoks"))
            let scalar = try write("42", to: directory, name: "scalar.json")
            let refused = try await cli.run(["cad", "compound", scalar])
            #expect(refused.exitCode == 2 && refused.stderr.contains("holds a JSON number"), "\(refused.stderr)")
            let list = try json(try await cli.run(["tasks", "list", "--json"]).stdout)
            #expect(list["total"] as? Int == 0)
        }
    }

    @Test("a pipeline's output: true step lands in result.json as its value, as the documentation shows")
    func pipelineResultJSON() async throws {
        try await withBitbybitCLI { _, cli, directory in
            let file = try write("""
                {"steps": [
                  {"operation": "occt.shapes.solid.createBox", "params": {"width": 10, "length": 8, "height": 5, "center": [0, 0, 0]}},
                  {"operation": "occt.shapes.solid.getSolidVolume", "params": {"shape": "$ref:0"}},
                  {"operation": "occt.shapes.solid.getSolidSurfaceArea", "params": {"shape": "$ref:0"}},
                  {"operation": "json.createEmpty", "params": {}},
                  {"operation": "json.setValueOnProp", "params": {"json": "$ref:3", "property": "volume", "value": "$ref:1"}},
                  {"operation": "json.setValueOnProp", "params": {"json": "$ref:4", "property": "surfaceArea", "value": "$ref:2"},
                   "output": true},
                  {"operation": "occt.fillets.filletEdges", "params": {"shape": "$ref:0", "radius": 1}}
                ],
                "outputs": {"formats": ["gltf", "step"]}}
                """, to: directory, name: "pipeline.json")
            let out = directory.appendingPathComponent("pipeline-out").path
            let run = try await cli.run(["cad", "pipeline", file, "--out", out])
            #expect(run.exitCode == 0, "\(run.stderr)")
            let result = try #require(run.stdout.split(separator: "\n").map(String.init).first { $0.hasSuffix("result.json") })
            let value = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: result)))
            let object = try #require(value as? [String: Double], "\(value)")
            #expect(object == ["volume": 400, "surfaceArea": 340])
        }
    }
}
