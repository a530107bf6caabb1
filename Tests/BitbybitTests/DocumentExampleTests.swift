import Bitbybit
import Testing

/// Every pipeline example of the pipelines document, rebuilt with the builder and compared (as
/// JSON values, object key order ignored) with the document's JSON; both pass the validator.
@Suite("Pipelines document examples")
struct DocumentExampleTests {
    /// Compares a built body with an example and validates both.
    private func expect(
        _ body: PipelineBody, matches example: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = json(example, sourceLocation: sourceLocation)
        #expect(body.jsonValue == expected, sourceLocation: sourceLocation)
        #expect(bundledValidator.validate(body) == [], sourceLocation: sourceLocation)
        #expect(bundledValidator.validate(expected, as: .pipeline) == [], sourceLocation: sourceLocation)
    }

    @Test("Linear pipeline: box, sphere, difference")
    func linear() throws {
        var p = PipelineBuilder()
        let box = p.step(.occtCreateBox, ["width": 10, "length": 10, "height": 10, "center": [0, 0, 0]])
        let sphere = p.step(.occtCreateSphere, ["radius": 6, "center": [0, 0, 0]])
        p.step(.occtDifference, ["shape": box, "shapes": [sphere], "keepEdges": false])
        p.outputs(.gltf)
        expect(try p.build(), matches: DocumentExamples.linear)
    }

    @Test("File inputs: $file:0 as text")
    func fileInputs() throws {
        var p = PipelineBuilder()
        let model = p.inputFile("file_abc123", role: "step-model")
        let shape = p.step(.occtLoadSTEPorIGES, ["filetext": model.text, "fileName": "model.step"])
        p.step(.occtFilletEdges, ["shape": shape, "radius": 2])
        p.outputs(.gltf, .step)
        expect(try p.build(), matches: DocumentExamples.fileInputs)
    }

    @Test("CSV data as input, queried with JSONPath")
    func csvInput() throws {
        var p = PipelineBuilder()
        let coordinates = p.inputFile("file_xyz789", role: "coordinates")
        let rows = p.step(.csvParseToJson, ["csv": coordinates.text])
        p.step(.jsonQuery, ["json": rows, "query": "$..x"])
        expect(try p.build(), matches: DocumentExamples.csvInput)
    }

    @Test("JSON data as input: the whole params from $file:0:json")
    func jsonInput() throws {
        var p = PipelineBuilder()
        let dimensions = p.inputFile("file_config123", role: "box-dimensions")
        p.step(.occtCreateBox, dimensions.json)
        p.outputs(.gltf)
        expect(try p.build(), matches: DocumentExamples.jsonInput)
    }

    @Test("Map: the counting rule puts the map's result at 3 + 6 × 1 = 9")
    func map() throws {
        var p = PipelineBuilder()
        let plate = p.step(.occtCreateBox, ["width": 25, "length": 25, "height": 1, "center": [0, 0, 0]])
        let cylinder = p.step(.occtCreateCylinder, ["radius": 1, "height": 5, "center": [0, 0, 0]])
        let positions = p.step(.jsonParse, ["text": "[[5,0,0],[10,0,0],[-5,0,0],[-10,0,0],[0,0,5],[0,0,-5]]"])
        let translated = p.map(over: positions) { m in
            m.step(.occtTranslate, ["shape": cylinder, "translation": .item])
        }
        let group = p.step(.occtUnion, ["shapes": translated])
        p.step(.occtUnion, ["shapes": [plate, group]])
        p.outputs(.gltf)
        #expect(translated.stepHandle?.resultIndex == 9)
        #expect(group.stepHandle?.resultIndex == 10)
        expect(try p.build(), matches: DocumentExamples.map)
    }

    @Test("Map with reduce: $mapResult and $prev")
    func mapReduce() throws {
        var p = PipelineBuilder()
        let plate = p.step(.occtCreateBox, ["width": 20, "length": 20, "height": 2, "center": [0, 0, 0]])
        let cylinder = p.step(.occtCreateCylinder, ["radius": 1, "height": 5, "center": [0, 0, 0]])
        let positions = p.step(.jsonParse, ["text": "[[5,0,0],[10,0,0],[-5,0,0],[-10,0,0]]"])
        p.map(over: positions) { m in
            m.step(.occtTranslate, ["shape": cylinder, "translation": m.item])
        } reduce: { r in
            r.step(.occtUnion, ["shapes": r.mapResult])
            r.step(.occtUnion, ["shapes": [plate, r.prev]])
        }
        p.outputs(.gltf)
        expect(try p.build(), matches: DocumentExamples.mapReduce)
    }

    @Test("Map with multiple inner steps: $item then $prev")
    func mapMultipleInnerSteps() throws {
        var p = PipelineBuilder()
        let numbers = p.step(.jsonParse, ["text": "[1, 5, 10]"])
        p.map(over: numbers) { m in
            m.step(.mathTwoNrOperation, ["first": .item, "second": 2, "operation": "multiply"])
            m.step(.mathTwoNrOperation, ["first": .prev, "second": 100, "operation": "add"])
        }
        expect(try p.build(), matches: DocumentExamples.mapMultipleInnerSteps)
    }

    @Test("Choice: value, operator, compareTo, then, else")
    func choice() throws {
        var p = PipelineBuilder()
        p.step(.jsonParse, ["text": "10"])
        p.step(.jsonParse, ["text": "3"])
        let value = p.step(.jsonParse, ["text": "42"])
        p.choice(value, .gt, 100) { then in
            then.step(.mathTwoNrOperation, ["first": value, "second": 2, "operation": "multiply"])
        } else: { otherwise in
            otherwise.step(.mathTwoNrOperation, ["first": value, "second": 3, "operation": "multiply"])
        }
        let body = try p.build()
        #expect(body.steps[3].jsonValue == json(DocumentExamples.choiceStep))
        #expect(bundledValidator.validate(body) == [])
    }

    @Test("JSONPath queries: $..x, filter, first element")
    func jsonQueries() throws {
        var p = PipelineBuilder()
        let first = p.step(.jsonParse, ["text": #"[{"x": 1, "price": 5}]"#])
        let second = p.step(.jsonParse, ["text": #"[{"x": 2, "price": 12}]"#])
        let third = p.step(.jsonParse, ["text": #"[{"x": 3, "price": 7}]"#])
        let fourth = p.step(.jsonParse, ["text": #"[{"x": 4, "price": 9}]"#])
        p.step(.jsonQuery, ["json": third, "query": "$..x"])
        p.step(.jsonQuery, ["json": fourth, "query": "$.[?(@.price<10)]"])
        p.step(.jsonQuery, ["json": second, "query": "$..[0]"])
        _ = first
        let body = try p.build()
        #expect(body.steps[4].jsonValue == json(DocumentExamples.jsonQueryX))
        #expect(body.steps[5].jsonValue == json(DocumentExamples.jsonQueryPrice))
        #expect(body.steps[6].jsonValue == json(DocumentExamples.jsonQueryFirst))
        #expect(bundledValidator.validate(body) == [])
    }

    @Test("Constructing data with json.* operations")
    func constructingData() throws {
        var p = PipelineBuilder()
        let empty = p.step(.jsonCreateEmpty)
        let withCenter = p.step(.jsonSetValueOnProp, ["json": empty, "property": "center", "value": [5, 0, 0]])
        p.step(.jsonSetValueOnProp, ["json": withCenter, "property": "radius", "value": 3])
        let body = try p.build()
        #expect(JSONValue.array(body.steps.map(\.jsonValue)) == json(DocumentExamples.constructingData))
        #expect(bundledValidator.validate(body) == [])
    }

    @Test("Marking steps as output")
    func outputMarking() throws {
        var p = PipelineBuilder()
        let box = p.step(.occtCreateBox, ["width": 10, "length": 8, "height": 5, "center": [0, 0, 0]])
        let volume = p.step(.occtGetSolidVolume, ["shape": box])
        let area = p.step(.occtGetSolidSurfaceArea, ["shape": box])
        let empty = p.step(.jsonCreateEmpty, [:])
        let withVolume = p.step(.jsonSetValueOnProp, ["json": empty, "property": "volume", "value": volume])
        p.step(.jsonSetValueOnProp, ["json": withVolume, "property": "surfaceArea", "value": area], output: true)
        p.step(.occtFilletEdges, ["shape": box, "radius": 1])
        p.outputs(.gltf, .step)
        expect(try p.build(), matches: DocumentExamples.outputMarking)
    }

    @Test("Returning data as JSON")
    func returningData() throws {
        var p = PipelineBuilder()
        let box = p.step(.occtCreateBox, ["width": 10, "length": 10, "height": 10, "center": [0, 0, 0]])
        let volume = p.step(.occtGetSolidVolume, ["shape": box])
        let empty = p.step(.jsonCreateEmpty)
        p.step(.jsonSetValueOnProp, ["json": empty, "property": "volume", "value": volume])
        p.outputs(.json)
        expect(try p.build(), matches: DocumentExamples.returningData)
    }

    @Test("Manifold result as STL")
    func manifoldSTL() throws {
        var p = PipelineBuilder()
        let sphere = p.step(.manifoldSphere, ["radius": 5])
        let cube = p.step(.manifoldCube, ["size": 4])
        p.step(.manifoldSubtract, ["manifold1": sphere, "manifold2": cube])
        p.outputs(.stl)
        expect(try p.build(), matches: DocumentExamples.manifoldSTL)
    }

    @Test("The SDK's typed step() example")
    func typedBuilder() throws {
        var p = PipelineBuilder(outputs: PipelineOutputOptions(formats: [.gltf, .step]))
        let box = p.step("occt.shapes.solid.createBox", ["width": 10, "length": 10, "height": 10, "center": [0, 0, 0]])
        let filleted = p.step("occt.fillets.filletEdges", ["shape": box, "radius": 1])
        p.step("occt.shapes.solid.getSolidVolume", ["shape": filleted], output: true)
        expect(try p.build(), matches: DocumentExamples.typedBuilder)
    }

    @Test("Mixing built steps with a hand-written reference")
    func mixedTypedUntyped() throws {
        var p = PipelineBuilder()
        p.step(.occtCreateSphere, ["radius": 5, "center": [0, 0, 0]])
        p.step(.occtGetSolidVolume, ["shape": "$ref:0"])
        p.outputs(.json)
        expect(try p.build(), matches: DocumentExamples.mixedTypedUntyped)
    }

    @Test(
        "Every full example decodes into PipelineBody and encodes back unchanged",
        arguments: [
            DocumentExamples.linear, DocumentExamples.fileInputs, DocumentExamples.csvInput, DocumentExamples.jsonInput,
            DocumentExamples.map, DocumentExamples.mapReduce, DocumentExamples.mapMultipleInnerSteps,
            DocumentExamples.outputMarking, DocumentExamples.returningData, DocumentExamples.manifoldSTL,
            DocumentExamples.typedBuilder, DocumentExamples.mixedTypedUntyped,
        ])
    func roundTrip(example: String) throws {
        let original = json(example)
        let body = try PipelineBody(json: original)
        #expect(body.jsonValue == original)
        let viaCodable = try JSONValue(encoding: JSONDecoder().decode(PipelineBody.self, from: Data(example.utf8)))
        #expect(viaCodable == original)
    }
}
