import Bitbybit
import Testing

/// References, scopes and the map counting rule: each rule with a passing and a breaching case.
@Suite("Validator: references and scopes")
struct ValidatorReferenceTests {
    private let box = #"{"operation": "occt.shapes.solid.createBox", "params": {"width": 1, "length": 1, "height": 1}}"#

    @Test("$ref to an earlier step passes; to itself or a later step is reference.forward")
    func forwardReference() {
        let ok = pipelineProblems(#"{"steps": [\#(box), {"operation": "occt.fillets.filletEdges", "params": {"shape": "$ref:0", "radius": 1}}, \#(box)]}"#)
        #expect(ok == [])
        let problems = pipelineProblems(#"{"steps": [\#(box), {"operation": "occt.fillets.filletEdges", "params": {"shape": "$ref:2", "radius": 1}}, \#(box)]}"#)
        #expect(findings(problems) == [at(.referenceForward, "steps[1].params.shape")])
        #expect(problems.first?.message.contains("'$ref:2'") == true)
    }

    @Test("Problems are listed in document order, deferred reference checks included")
    func documentOrder() {
        let problems = pipelineProblems(#"""
        {"steps": [\#(box), {"operation": "occt.fillets.filletEdges", "params": {"shape": "$ref:1", "radius": 1}},
                   {"operation": "occt.fillets.filetEdges", "params": {"shape": "$ref:0"}}]}
        """#)
        #expect(problems.map(\.path) == ["steps[1].params.shape", "steps[2].operation"])
    }

    @Test("$ref past the last result is reference.missing")
    func missingReference() {
        let problems = pipelineProblems(#"{"steps": [\#(box), {"operation": "occt.fillets.filletEdges", "params": {"shape": "$ref:7", "radius": 1}}]}"#)
        #expect(findings(problems) == [at(.referenceMissing, "steps[1].params.shape")])
        #expect(problems.first?.message.contains("0…1") == true)
    }

    @Test("The document's map example: $ref:9 and $ref:10 pass, $ref:10 in step 10 is forward, $ref:12 missing")
    func mapCountingRule() {
        #expect(pipelineProblems(DocumentExamples.map) == [])
        var body = json(DocumentExamples.map)
        body.replaceString("$ref:10", with: "$ref:11")
        #expect(findings(bundledValidator.validate(body, as: .pipeline)) == [at(.referenceForward, "steps[5].params.shapes[1]")])
        body.replaceString("$ref:11", with: "$ref:12")
        #expect(findings(bundledValidator.validate(body, as: .pipeline)) == [at(.referenceMissing, "steps[5].params.shapes[1]")])
    }

    @Test("Inside a map, $ref may use only results from before the map starts")
    func referenceInsideMap() {
        let ok = pipelineProblems(#"""
        {"steps": [\#(box), {"type": "map", "items": [1, 2], "steps": [
            {"operation": "occt.transforms.translate", "params": {"shape": "$ref:0", "translation": [0, 0, "$item"]}}]}]}
        """#)
        #expect(ok == [])
        let problems = pipelineProblems(#"""
        {"steps": [\#(box), {"type": "map", "items": [1, 2], "steps": [
            {"operation": "occt.transforms.translate", "params": {"shape": "$ref:1", "translation": [0, 0, 1]}}]}]}
        """#)
        #expect(findings(problems) == [at(.referenceForward, "steps[1].steps[0].params.shape")])
    }

    @Test("A map of unknown size: later indices are not guessed at (no false alarms)")
    func unknownItemCount() {
        let problems = pipelineProblems(#"""
        {"steps": [{"operation": "json.parse", "params": {"text": "$file:0"}},
            {"type": "map", "items": "$ref:0", "steps": [{"operation": "math.twoNrOperation", "params": {"first": "$item", "second": 2, "operation": "add"}}]},
            {"operation": "lists.getItem", "params": {"list": "$ref:40", "index": 0}}],
         "inputFiles": [{"fileId": "f", "role": "numbers"}]}
        """#)
        #expect(problems == [])
    }

    @Test("$local:N: earlier step of the scope passes; this or a later one is forward, beyond the scope missing")
    func localReferences() {
        func map(_ reference: String) -> String {
            #"""
            {"steps": [{"type": "map", "items": [1, 2], "steps": [
                {"operation": "math.twoNrOperation", "params": {"first": "$item", "second": 2, "operation": "add"}},
                {"operation": "math.twoNrOperation", "params": {"first": "\#(reference)", "second": 2, "operation": "add"}},
                {"operation": "math.twoNrOperation", "params": {"first": "$index", "second": 2, "operation": "add"}}]}]}
            """#
        }
        #expect(pipelineProblems(map("$local:0")) == [])
        #expect(findings(pipelineProblems(map("$local:2"))) == [at(.referenceForward, "steps[0].steps[1].params.first")])
        #expect(findings(pipelineProblems(map("$local:3"))) == [at(.referenceMissing, "steps[0].steps[1].params.first")])
    }

    @Test("$prev: fine after a step, reference.missing in a scope's first step")
    func previous() {
        #expect(pipelineProblems(DocumentExamples.mapMultipleInnerSteps) == [])
        let problems = pipelineProblems(#"""
        {"steps": [{"type": "map", "items": [1], "steps": [
            {"operation": "math.twoNrOperation", "params": {"first": "$prev", "second": 2, "operation": "add"}}]}]}
        """#)
        #expect(findings(problems) == [at(.referenceMissing, "steps[0].steps[0].params.first")])
    }

    @Test("$item and $index only inside a map's steps (not at the top, not in reduce)")
    func itemOutsideMap() {
        let top = pipelineProblems(#"{"steps": [{"operation": "math.twoNrOperation", "params": {"first": "$item", "second": "$index"}}]}"#)
        #expect(findings(top) == [at(.referenceOutsideMap, "steps[0].params.first"), at(.referenceOutsideMap, "steps[0].params.second")])
        let inReduce = pipelineProblems(#"""
        {"steps": [{"type": "map", "items": [1, 2], "steps": [{"operation": "math.twoNrOperation", "params": {"first": "$item", "second": 1}}],
            "reduce": [{"operation": "math.twoNrOperation", "params": {"first": "$index", "second": 1}}]}]}
        """#)
        #expect(findings(inReduce) == [at(.referenceOutsideMap, "steps[0].reduce[0].params.first")])
    }

    @Test("$mapResult only inside a reduce")
    func mapResultOutsideReduce() {
        #expect(pipelineProblems(DocumentExamples.mapReduce) == [])
        let problems = pipelineProblems(#"""
        {"steps": [{"type": "map", "items": [1, 2], "steps": [{"operation": "lists.getItem", "params": {"list": "$mapResult", "index": 0}}]},
                   {"operation": "lists.getItem", "params": {"list": "$mapResult", "index": 0}}]}
        """#)
        #expect(findings(problems) == [
            at(.referenceOutsideReduce, "steps[0].steps[0].params.list"), at(.referenceOutsideReduce, "steps[1].params.list"),
        ])
    }

    @Test("$file:N needs input file N; formats and codecs are checked")
    func fileReferences() {
        let files = #""inputFiles": [{"fileId": "a", "role": "model"}]"#
        #expect(pipelineProblems(#"{"steps": [{"operation": "occt.io.loadSTEPorIGES", "params": {"filetext": "$file:0:text:auto"}}], \#(files)}"#) == [])
        let missing = pipelineProblems(#"{"steps": [{"operation": "occt.io.loadSTEPorIGES", "params": {"filetext": "$file:1"}}], \#(files)}"#)
        #expect(findings(missing) == [at(.referenceMissing, "steps[0].params.filetext")])
        let malformed = pipelineProblems(#"{"steps": [{"operation": "occt.io.loadSTEPorIGES", "params": {"filetext": "$file:0:xml"}}], \#(files)}"#)
        #expect(findings(malformed) == [at(.referenceMalformed, "steps[0].params.filetext")])
    }

    @Test("Malformed references: '$ref:x' is an error, '$Item' a warning; JSONPath '$..x' is not a reference")
    func malformedReferences() {
        let problems = pipelineProblems(#"""
        {"steps": [\#(box), {"operation": "json.query", "params": {"json": "$ref:x", "query": "$..x"}},
            {"type": "map", "items": [1], "steps": [{"operation": "math.twoNrOperation", "params": {"first": "$Item", "second": 1}}]}]}
        """#)
        #expect(findings(problems) == [
            at(.referenceMalformed, "steps[1].params.json"), at(.referenceMalformed, "steps[2].steps[0].params.first"),
        ])
        #expect(problems.first { $0.path == "steps[2].steps[0].params.first" }?.severity == .warning)
        #expect(problems.first { $0.path == "steps[1].params.json" }?.severity == .error)
    }

    @Test("In a choice branch, $ref may use results before the choice")
    func choiceBranch() {
        let choice = { (reference: String) in
            #"""
            {"steps": [{"operation": "json.parse", "params": {"text": "5"}},
                {"type": "choice", "value": "$ref:0", "operator": "exists",
                 "then": [{"operation": "math.twoNrOperation", "params": {"first": "\#(reference)", "second": 1}}]}]}
            """#
        }
        #expect(pipelineProblems(choice("$ref:0")) == [])
        #expect(findings(pipelineProblems(choice("$ref:1"))) == [at(.referenceForward, "steps[1].then[0].params.first")])
    }
}

extension JSONValue {
    /// Replaces every string equal to `old`.
    mutating func replaceString(_ old: String, with new: String) {
        switch self {
        case .string(let text) where text == old: self = .string(new)
        case .array(var elements):
            for index in elements.indices { elements[index].replaceString(old, with: new) }
            self = .array(elements)
        case .object(var object):
            for key in object.keys {
                var member = object[key] ?? .null
                member.replaceString(old, with: new)
                object[key] = member
            }
            self = .object(object)
        default: break
        }
    }
}
