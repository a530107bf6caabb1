import Bitbybit
import Testing

/// The builder's reference writing beyond the document's examples.
@Suite("Pipeline builder")
struct BuilderTests {
    @Test("A step of the same scope is written $local:N; a top-level step inside a map $ref:N")
    func localHandles() throws {
        var p = PipelineBuilder()
        let base = p.step(.occtCreateBox, ["width": 1])
        p.map(over: [1, 2, 3]) { m in
            let moved = m.step(.occtTranslate, ["shape": base, "translation": [0, 0, m.item]])
            m.step(.occtScale, ["shape": moved, "factor": 2])
        }
        let body = try p.build()
        guard case .map(let map) = body.steps[1] else {
            Issue.record("expected a map, got \(body.steps[1])")
            return
        }
        #expect(map.steps.map(\.jsonValue) == [
            ["operation": "occt.transforms.translate", "params": ["shape": "$ref:0", "translation": [0, 0, "$item"]]],
            ["operation": "occt.transforms.scale", "params": ["shape": "$local:0", "factor": 2]],
        ])
        #expect(bundledValidator.validate(body) == [])
    }

    @Test("Nested maps: each outer iteration adds I′ × S′ + 1 entries")
    func nestedCounting() throws {
        var p = PipelineBuilder()
        let rows = p.step(.jsonParse, ["text": "[[1,2,3],[4,5,6]]"])  // 0
        let grid = p.map(over: rows) { row in  // starts at 1
            row.step(.jsonCreateEmpty)  // 1 entry per iteration
            row.map(over: [10, 20, 30]) { cell in  // 3 × 1 + 1 entries per iteration
                cell.step(.mathTwoNrOperation, ["first": cell.item, "second": 1, "operation": "add"])
            }
        }
        // Per outer iteration 1 + (3 × 1 + 1) = 5; 2 iterations → the map's result at 1 + 2 × 5 = 11.
        #expect(grid.stepHandle?.resultIndex == 11)
        let after = p.step(.jsonCreateEmpty)
        #expect(after.stepHandle?.resultIndex == 12)
        p.step(.listsGetItem, ["list": grid, "index": 0])
        let body = try p.build()
        #expect(body.steps[3].jsonValue["params"]?["list"] == "$ref:11")
        // Valid (a warning for the nested map, which the OpenAPI schema does not describe).
        let problems = bundledValidator.validate(body)
        #expect(problems.errors == [])
        #expect(problems.map(\.rule) == [.stepNestedControl])

        // One past the last result is caught by the validator with the same counting.
        var json = body.jsonValue
        json.replaceString("$ref:11", with: "$ref:13")
        #expect(findings(bundledValidator.validate(json, as: .pipeline).errors) == [at(.referenceForward, "steps[3].params.list")])
    }

    @Test("After a map of unknown size, references fail to build unless itemCount: is given")
    func unknownItemCount() throws {
        var p = PipelineBuilder()
        let file = p.inputFile("file_1", role: "points")
        let points = p.step(.jsonParse, ["text": file.text])
        let moved = p.map(over: points) { m in
            m.step(.jsonCreateEmpty)
        }
        p.step(.listsGetItem, ["list": moved, "index": 0])
        #expect(throws: PipelineBuildError.self) { try p.build() }
        do {
            _ = try p.build()
        } catch {
            #expect(error.issues.map(\.location.description) == ["steps[2].params.list"])
            #expect(error.description.contains("pass itemCount:"))
        }

        var q = PipelineBuilder()
        let file2 = q.inputFile("file_1", role: "points")
        let points2 = q.step(.jsonParse, ["text": file2.text])
        let moved2 = q.map(over: points2, itemCount: 4) { m in
            m.step(.jsonCreateEmpty)
        }
        q.step(.listsGetItem, ["list": moved2, "index": 0])
        let body = try q.build()
        #expect(body.steps[2].jsonValue["params"]?["list"] == "$ref:5")
        #expect(bundledValidator.validate(body) == [])
    }

    @Test("A handle used outside its scope is a build error")
    func foreignScope() {
        var p = PipelineBuilder()
        var leaked: PipelineValue = nil
        p.map(over: [1]) { m in
            leaked = m.step(.jsonCreateEmpty)
        }
        p.step(.jsonStringify, ["json": leaked])
        #expect(throws: PipelineBuildError.self) { try p.build() }
    }

    @Test("Input files: every $file:N form")
    func inputFiles() throws {
        var p = PipelineBuilder()
        _ = p.inputFile("a", role: "first")
        let second = p.inputFile("b", role: "second")
        p.step(.jsonStringify, ["json": [second.text, second.json, second.buffer, second.uint8, second.base64,
                                         second.read(as: .text, codec: .auto), second.read(codec: .gunzip)]])
        let body = try p.build()
        #expect(body.steps[0].jsonValue["params"]?["json"] == [
            "$file:1", "$file:1:json", "$file:1:buffer", "$file:1:uint8", "$file:1:base64", "$file:1:text:auto", "$file:1:gunzip",
        ])
        #expect(body.inputFiles == [InputFileItem(fileID: "a", role: "first"), InputFileItem(fileID: "b", role: "second")])
        #expect(bundledValidator.validate(body) == [])
    }

    @Test("The builder's JSON keeps the order steps and params were written in")
    func keyOrder() throws {
        var p = PipelineBuilder()
        p.step(.occtCreateBox, ["width": 1, "length": 2, "height": 3])
        p.outputs(.step)
        let text = try p.build().jsonValue.serialized()
        #expect(text == #"{"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":1,"length":2,"height":3}}],"outputs":{"formats":["step"]}}"#)
    }
}

extension BitbybitOperation {
    static let listsGetItem: Self = "lists.getItem"
    static let jsonStringify: Self = "json.stringify"
}
