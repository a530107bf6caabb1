import Bitbybit
import Testing

/// Every resource budget of the pipelines document, at the limit (passes) and one past it.
@Suite("Validator: resource budgets")
struct ValidatorBudgetTests {
    private let add = #"{"operation": "math.twoNrOperation", "params": {"first": "$item", "second": 1, "operation": "add"}}"#

    private func steps(_ count: Int) -> String {
        let one = #"{"operation": "json.createEmpty", "params": {}}"#
        return #"{"steps": [\#(Array(repeating: one, count: count).joined(separator: ","))]}"#
    }

    private func items(_ count: Int) -> String {
        "[" + (0 ..< count).map(String.init).joined(separator: ",") + "]"
    }

    @Test("50 top-level steps pass, 51 break budget.steps")
    func topLevelSteps() {
        #expect(pipelineProblems(steps(50)) == [])
        #expect(findings(pipelineProblems(steps(51))) == [at(.budgetSteps, "steps")])
    }

    @Test("500 operations (counting known map iterations) pass, 501 break budget.operations")
    func operations() {
        // 100 items × 5 inner steps = 500 operations.
        let five = Array(repeating: add, count: 5).joined(separator: ",")
        let atLimit = #"{"steps": [{"type": "map", "items": \#(items(100)), "steps": [\#(five)]}]}"#
        #expect(pipelineProblems(atLimit) == [])
        let over = #"{"steps": [{"operation": "json.createEmpty", "params": {}}, {"type": "map", "items": \#(items(100)), "steps": [\#(five)]}]}"#
        let problems = pipelineProblems(over)
        #expect(findings(problems) == [at(.budgetOperations, "steps")])
        #expect(problems.first?.message.contains("501") == true)
    }

    @Test("Operations of a map over a json.parse of literal text are counted too")
    func operationsThroughJSONParse() {
        let text = items(100)
        let six = Array(repeating: add, count: 6).joined(separator: ",")
        let problems = pipelineProblems(#"""
        {"steps": [{"operation": "json.parse", "params": {"text": "\#(text)"}},
                   {"type": "map", "items": "$ref:0", "steps": [\#(six)]}]}
        """#)
        #expect(findings(problems) == [at(.budgetOperations, "steps")])
    }

    @Test("100 map items pass, 101 break budget.mapItems (inline or through json.parse)")
    func mapItems() {
        #expect(pipelineProblems(#"{"steps": [{"type": "map", "items": \#(items(100)), "steps": [\#(add)]}]}"#) == [])
        let inline = pipelineProblems(#"{"steps": [{"type": "map", "items": \#(items(101)), "steps": [\#(add)]}]}"#)
        #expect(findings(inline) == [at(.budgetMapItems, "steps[0].items")])
        let parsed = pipelineProblems(#"""
        {"steps": [{"operation": "json.parse", "params": {"text": "\#(items(101))"}},
                   {"type": "map", "items": "$ref:0", "steps": [\#(add)]}]}
        """#)
        #expect(findings(parsed) == [at(.budgetMapItems, "steps[1].items")])
    }

    @Test("Nesting 3 levels passes (with warnings), 4 breaks budget.nesting")
    func nesting() {
        func nested(_ levels: Int) -> String {
            var inner = add
            for _ in 0 ..< levels { inner = #"{"type": "map", "items": [1], "steps": [\#(inner)]}"# }
            return #"{"steps": [\#(inner)]}"#
        }
        #expect(pipelineProblems(nested(3)).errors == [])
        let problems = pipelineProblems(nested(4))
        #expect(findings(problems.errors) == [at(.budgetNesting, "steps[0].steps[0].steps[0].steps[0]")])
    }

    @Test("5 input files pass, 6 break budget.inputFiles")
    func inputFiles() {
        func files(_ count: Int) -> String {
            let list = (0 ..< count).map { #"{"fileId": "f\#($0)", "role": "r"}"# }.joined(separator: ",")
            return #"{"steps": [{"operation": "json.createEmpty", "params": {}}], "inputFiles": [\#(list)]}"#
        }
        #expect(pipelineProblems(files(5)) == [])
        #expect(findings(pipelineProblems(files(6))) == [at(.budgetInputFiles, "inputFiles")])
    }

    private func withString(length: Int) -> JSONValue {
        ["steps": [["operation": "text.join", "params": ["list": ["a"], "separator": .string(String(repeating: "x", count: length))]]]]
    }

    @Test("A 512 KB pipeline passes, one byte more breaks budget.payload; other endpoints allow 128 KB")
    func payload() {
        let overhead = withString(length: 0).serialized().utf8.count
        let atLimit = withString(length: 512 * 1024 - overhead)
        #expect(atLimit.serialized().utf8.count == 512 * 1024)
        #expect(bundledValidator.validate(atLimit, as: .pipeline) == [])
        let over = withString(length: 512 * 1024 - overhead + 1)
        #expect(findings(bundledValidator.validate(over, as: .pipeline)) == [at(.budgetPayload, "")])

        let execute: JSONValue = ["operation": "json.parse", "params": ["text": .string(String(repeating: "x", count: 140_000))]]
        #expect(findings(bundledValidator.validate(execute, as: .execute)) == [at(.budgetPayload, "")])
    }

    @Test("Params nested 10 levels pass, 11 break budget.paramsDepth")
    func paramsDepth() {
        func nested(_ levels: Int) -> JSONValue {
            var value: JSONValue = 1
            for _ in 0 ..< levels - 1 { value = [value] }
            // The params object is level 1; `value` adds levels - 1 arrays.
            return ["steps": [["operation": "json.setValueOnProp", "params": ["json": "{}", "value": value]]]]
        }
        #expect(bundledValidator.validate(nested(10), as: .pipeline) == [])
        let problems = bundledValidator.validate(nested(11), as: .pipeline)
        #expect(problems.map(\.rule) == [.budgetParamsDepth])
        #expect(problems.first?.path.hasPrefix("steps[0].params.value[0]") == true)
    }

    @Test("500 params keys pass, 501 break budget.paramsKeys")
    func paramsKeys() {
        func keys(_ count: Int) -> JSONValue {
            // "json" and "value" plus count - 2 keys inside value.
            let inner = JSONObject((0 ..< count - 2).map { ("k\($0)", JSONValue.number(Double($0))) })
            return ["steps": [["operation": "json.setValueOnProp", "params": ["json": "{}", "value": .object(inner)]]]]
        }
        #expect(bundledValidator.validate(keys(500), as: .pipeline) == [])
        #expect(findings(bundledValidator.validate(keys(501), as: .pipeline)) == [at(.budgetParamsKeys, "steps[0].params")])
    }

    @Test("1,000,000-character strings pass the string budget, 1,000,001 break budget.stringLength")
    func stringLength() {
        let atLimit = bundledValidator.validate(withString(length: 1_000_000), as: .pipeline)
        #expect(!atLimit.contains { $0.rule == .budgetStringLength })
        let over = bundledValidator.validate(withString(length: 1_000_001), as: .pipeline)
        #expect(findings(over) == [at(.budgetStringLength, "steps[0].params.separator"), at(.budgetPayload, "")])
    }

    @Test("10,000-element arrays pass, 10,001 break budget.arrayLength")
    func arrayLength() {
        func array(_ count: Int) -> JSONValue {
            ["steps": [["operation": "text.join", "params": ["list": .array(Array(repeating: 0, count: count))]]]]
        }
        #expect(bundledValidator.validate(array(10_000), as: .pipeline) == [])
        #expect(findings(bundledValidator.validate(array(10_001), as: .pipeline)) == [at(.budgetArrayLength, "steps[0].params.list")])
    }
}
