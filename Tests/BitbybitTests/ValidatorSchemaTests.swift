import Bitbybit
import Testing

/// Request bodies against the OpenAPI schemas (what the official SDK checks before sending), and
/// the schema keywords the compact validator supports.
@Suite("Validator: OpenAPI request schemas")
struct ValidatorSchemaTests {
    private var schemas: RequestSchemas { bundledValidator.schemas }

    private func requestExample(_ path: String) -> JSONValue {
        schemas.document["paths"]?[path]?["post"]?["requestBody"]?["content"]?["application/json"]?["example"] ?? .null
    }

    @Test("The OpenAPI request examples (dragon cup, phone nest) pass and round-trip through the models")
    func requestExamples() throws {
        let dragon = requestExample("/api/v1/models/dragon-cup")
        #expect(dragon != .null)
        #expect(bundledValidator.validate(dragon, as: .dragonCup) == [])
        let dragonBody = try dragon.decode(DragonCupBody.self)
        #expect(dragonBody.params?.nrSkinCellsHorizontal == 10)
        #expect(try JSONValue(encoding: dragonBody) == dragon)
        #expect(bundledValidator.validate(dragonBody) == [])

        let phone = requestExample("/api/v1/models/phone-nest")
        #expect(bundledValidator.validate(phone, as: .phoneNest) == [])
        let phoneBody = try phone.decode(PhoneNestBody.self)
        #expect(phoneBody.params?.phoneHeight == 16.8)
        #expect(try JSONValue(encoding: phoneBody) == phone)
    }

    @Test("Documented ranges: dragon cup height in (0, 50], integer cell counts")
    func ranges() {
        let ok = DragonCupBody(params: DragonCupParams(height: 50, nrSkinCellsVertical: 30), outputs: OutputOptions(formats: [.gltf]))
        #expect(bundledValidator.validate(ok) == [])

        let tooHigh = DragonCupBody(params: DragonCupParams(height: 60), outputs: OutputOptions(formats: [.gltf]))
        let problems = bundledValidator.validate(tooHigh)
        #expect(findings(problems) == [at(.schemaRange, "params.height")])
        #expect(problems.first?.message == "60 is out of range: allowed 0 < height ≤ 50")

        let zero = bundledValidator.validate(json(#"{"params": {"height": 0}, "outputs": {"formats": ["gltf"]}}"#), as: .dragonCup)
        #expect(findings(zero) == [at(.schemaRange, "params.height")])

        let fraction = bundledValidator.validate(
            json(#"{"params": {"nrSkinCellsVertical": 2.5}, "outputs": {"formats": ["gltf"]}}"#), as: .dragonCup)
        #expect(findings(fraction) == [at(.schemaType, "params.nrSkinCellsVertical")])

        let precision = bundledValidator.validate(
            json(#"{"params": {"precision": 0}, "outputs": {"formats": ["gltf"], "meshPrecision": 11}}"#), as: .dragonCup)
        #expect(findings(precision) == [at(.schemaRange, "params.precision"), at(.schemaRange, "outputs.meshPrecision")])

        let point = bundledValidator.validate(
            json(#"{"params": {"origin": [0, 2000, 0]}, "outputs": {"formats": ["gltf"]}}"#), as: .dragonCup)
        #expect(findings(point) == [at(.schemaRange, "params.origin[1]")])
    }

    @Test("Required properties, with the path where the property belongs")
    func required() {
        #expect(bundledValidator.validate(json(#"{"outputs": {"formats": ["step"]}}"#), as: .modelSubmission) == [])
        #expect(findings(bundledValidator.validate(json(#"{"params": {}}"#), as: .modelSubmission)) == [at(.schemaRequired, "outputs")])
        #expect(findings(pipelineProblems(#"{"steps": [{"operation": "json.createEmpty"}]}"#)) == [at(.schemaRequired, "steps[0].params")])
    }

    @Test("Unknown properties: the nearest allowed name suggested")
    func additionalProperties() {
        let problems = pipelineProblems(#"{"steps": [{"operation": "json.createEmpty", "params": {}}], "output": {"formats": ["json"]}}"#)
        #expect(findings(problems) == [at(.schemaAdditionalProperty, "output")])
        #expect(problems.first?.message == "unknown property 'output'; did you mean 'outputs'?")

        let draco = bundledValidator.validate(StepToGltfWithDracoBody(
            stepFileID: "f", draco: DracoCompressionOptions(dracoCompressionLevel: 11)))
        #expect(findings(draco) == [at(.schemaRange, "draco.dracoCompressionLevel")])
    }

    @Test("Enumerations, with a case-only difference suggested")
    func enumerations() {
        #expect(pipelineProblems(#"{"steps": [{"operation": "json.createEmpty", "params": {}}], "outputs": {"formats": ["json"]}}"#) == [])
        let problems = pipelineProblems(#"{"steps": [{"operation": "json.createEmpty", "params": {}}], "outputs": {"formats": ["JSON"]}}"#)
        #expect(findings(problems) == [at(.schemaEnum, "outputs.formats[0]")])
        #expect(problems.first?.message.contains("did you mean 'json'") == true)

        let choice = pipelineProblems(#"""
        {"steps": [{"operation": "json.parse", "params": {"text": "1"}},
                   {"type": "choice", "value": "$ref:0", "operator": "greater", "compareTo": 0, "then": [{"operation": "json.createEmpty", "params": {}}]}]}
        """#)
        #expect(findings(choice) == [at(.schemaEnum, "steps[1].operator")])
    }

    @Test("Types, consts, lengths and item counts")
    func typesConstsLengths() {
        let output = pipelineProblems(#"{"steps": [{"operation": "json.createEmpty", "params": {}, "output": "yes"}]}"#)
        #expect(findings(output) == [at(.schemaType, "steps[0].output")])

        let compound = bundledValidator.validate(json(#"{"parallel": false, "items": [{"operation": "json.createEmpty"}]}"#), as: .compound)
        #expect(findings(compound) == [at(.schemaConst, "parallel")])

        #expect(bundledValidator.validate(FileUploadBody(filename: "a.step", contentType: "application/step", bytes: 10)) == [])
        let upload = bundledValidator.validate(FileUploadBody(filename: "", contentType: "application/step", bytes: 0))
        #expect(findings(upload) == [at(.schemaLength, "filename"), at(.schemaRange, "bytes")])

        #expect(findings(pipelineProblems(#"{"steps": []}"#)) == [at(.schemaItemCount, "steps")])
        let emptyMap = pipelineProblems(#"{"steps": [{"type": "map", "items": [1], "steps": []}]}"#)
        #expect(findings(emptyMap) == [at(.schemaItemCount, "steps[0].steps")])
    }

    @Test("step and stpz together are refused")
    func stepAndStpz() {
        #expect(bundledValidator.validate(ModelSubmissionBody(outputs: OutputOptions(formats: [.stpz, .gltf]))) == [])
        let problems = bundledValidator.validate(ModelSubmissionBody(outputs: OutputOptions(formats: [.step, .stpz])))
        #expect(findings(problems) == [at(.outputStepAndStpz, "outputs.formats[1]")])
    }

    @Test("Endpoint lookup: literal paths win over templates")
    func endpoints() {
        #expect(schemas.requestSchemaName(method: "POST", path: "/api/v1/models/dragon-cup") == "DragonCupBody")
        #expect(schemas.requestSchemaName(method: "POST", path: "/api/v1/models/other") == "ModelSubmissionBody")
        #expect(schemas.requestSchemaName(method: "POST", path: "/api/v1/cad/pipeline") == "PipelineBody")
        #expect(schemas.requestSchemaName(method: "GET", path: "/api/v1/tasks") == nil)
        for schema in BitbybitRequestSchema.allCases {
            #expect(schemas.schema(named: schema.schemaName) != nil, "\(schema) is in the OpenAPI document")
        }
    }

    @Test("Keywords the OpenAPI file does not use yet: pattern, oneOf, not, multipleOf, anyOf with nulls")
    func otherKeywords() throws {
        let custom = try RequestSchemas(openAPI: [
            "components": [
                "schemas": [
                    "Code": ["type": "string", "pattern": "^[A-Z]{3}$"],
                    "OneOf": ["oneOf": [["type": "number"], ["type": "integer"]]],
                    "Not": ["not": ["type": "null"]],
                    "Step": ["type": "number", "multipleOf": 0.5],
                    "Nullable": ["anyOf": [["type": "number"], ["type": "null"]]],
                ],
            ],
        ])
        #expect(custom.problems(in: "ABC", schemaNamed: "Code") == [])
        #expect(custom.problems(in: "abc", schemaNamed: "Code").map(\.rule) == [.schemaPattern])
        #expect(custom.problems(in: 1.5, schemaNamed: "OneOf") == [])
        #expect(custom.problems(in: 2, schemaNamed: "OneOf").map(\.rule) == [.schemaComposition])
        #expect(custom.problems(in: nil, schemaNamed: "Not").map(\.rule) == [.schemaComposition])
        #expect(custom.problems(in: 2.5, schemaNamed: "Step") == [])
        #expect(custom.problems(in: 2.25, schemaNamed: "Step").map(\.rule) == [.schemaMultipleOf])
        #expect(custom.problems(in: nil, schemaNamed: "Nullable") == [])
        let nullable = custom.problems(in: "x", schemaNamed: "Nullable")
        #expect(nullable.map(\.message) == [#"expected a number or null, found "x""#])
    }

    @Test("Unparsable pipeline text is one problem with its line and column")
    func unparsable() {
        let problems = bundledValidator.validatePipeline(text: Data("{\n  \"steps\": [,]\n}".utf8))
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("line 2, column 13") == true)
    }

    @Test("check() throws only for errors, listing every problem")
    func check() throws {
        #expect(try bundledValidator.check(PipelineBody(steps: [.operation(PipelineStep(operation: .jsonCreateEmpty))])) == [])
        let bad = PipelineBody(steps: [.operation(PipelineStep(operation: "json.createEmpti"))])
        #expect(throws: BitbybitValidationError.self) { try bundledValidator.check(bad) }
        do {
            try bundledValidator.check(bad)
        } catch {
            #expect(error.description.contains("steps[0].operation: unknown operation 'json.createEmpti'; did you mean 'json.createEmpty'?"))
        }
    }
}
