import Bitbybit
import Testing

/// Operation paths and parameter names against the catalogue, step shapes, and output formats
/// against the result's kernel.
@Suite("Validator: operations, steps and output formats")
struct ValidatorOperationTests {
    private func step(_ operation: String, _ params: String) -> String {
        #"{"steps": [{"operation": "\#(operation)", "params": \#(params)}]}"#
    }

    @Test("Unknown operation: nearest path suggested; same-named operation found elsewhere; unknown namespace")
    func unknownOperation() throws {
        #expect(pipelineProblems(step("occt.shapes.solid.createCylinder", #"{"radius": 1}"#)) == [])
        let typo = pipelineProblems(step("occt.shapes.solid.createCylnder", #"{"radius": 1}"#))
        #expect(findings(typo) == [at(.operationUnknown, "steps[0].operation")])
        #expect(typo.first?.message.contains("did you mean 'occt.shapes.solid.createCylinder'") == true)

        let shortened = pipelineProblems(step("occt.createBox", "{}"))
        #expect(shortened.first?.message.contains("'occt.shapes.solid.createBox'") == true)

        let namespace = pipelineProblems(step("oct.shapes.solid.createBox", "{}"))
        #expect(findings(namespace) == [at(.operationUnknown, "steps[0].operation")])
        #expect(namespace.first?.message.contains("did you mean 'occt'") == true)

        let tooShort = pipelineProblems(step("occt", "{}"))
        #expect(findings(tooShort) == [at(.operationUnknown, "steps[0].operation")])
        #expect(tooShort.first?.message.contains("2–5 dot-separated segments") == true)
    }

    @Test("Unknown parameter name, with the nearest valid name suggested")
    func unknownParameter() throws {
        let problems = pipelineProblems(step("occt.shapes.solid.createCylinder", #"{"radiuss": 1, "height": 2}"#))
        #expect(findings(problems) == [at(.parameterUnknown, "steps[0].params.radiuss")])
        #expect(problems.first?.message == "unknown parameter 'radiuss' for occt.shapes.solid.createCylinder; did you mean 'radius'?")

        let unrelated = pipelineProblems(step("occt.shapes.solid.createSphere", #"{"colour": "red"}"#))
        #expect(unrelated.first?.message.contains("its parameters are center, radius") == true)
    }

    @Test("Missing required parameter")
    func missingParameter() {
        #expect(pipelineProblems(#"""
        {"steps": [{"operation": "occt.shapes.solid.createBox", "params": {}},
                   {"operation": "occt.booleans.difference", "params": {"shape": "$ref:0", "shapes": ["$ref:0"]}}]}
        """#) == [])
        let problems = pipelineProblems(#"""
        {"steps": [{"operation": "occt.shapes.solid.createBox", "params": {}},
                   {"operation": "occt.booleans.difference", "params": {"shape": "$ref:0"}}]}
        """#)
        #expect(findings(problems) == [at(.parameterMissing, "steps[1].params.shapes")])
    }

    @Test("Literal parameter values of the wrong type; references are not type-checked")
    func parameterTypes() {
        #expect(pipelineProblems(step("math.twoNrOperation", #"{"first": 1, "second": "$ref:0", "operation": "multiply"}"#))
            .allSatisfy { $0.rule != .parameterType })
        let problems = pipelineProblems(step("math.twoNrOperation", #"{"first": "1", "second": 2, "operation": "multiplyy"}"#))
        #expect(findings(problems) == [at(.parameterType, "steps[0].params.first"), at(.parameterType, "steps[0].params.operation")])
        #expect(problems.first { $0.path == "steps[0].params.operation" }?.message.contains("did you mean 'multiply'") == true)

        let tuple = pipelineProblems(step("occt.shapes.solid.createBox", #"{"center": [0, 0]}"#))
        #expect(findings(tuple) == [at(.parameterType, "steps[0].params.center")])
        let element = pipelineProblems(step("occt.shapes.solid.createBox", #"{"center": [0, "x", 0]}"#))
        #expect(findings(element) == [at(.parameterType, "steps[0].params.center[1]")])
    }

    @Test("Unknown step properties are warnings with the nearest name suggested")
    func unknownStepProperty() {
        #expect(pipelineProblems(#"{"steps": [{"operation": "json.createEmpty", "params": {}, "output": true}]}"#) == [])
        let problems = pipelineProblems(#"{"steps": [{"operation": "json.createEmpty", "params": {}, "ouput": true}]}"#)
        #expect(findings(problems) == [at(.stepUnknownProperty, "steps[0].ouput")])
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.message.contains("did you mean 'output'") == true)
    }

    @Test("params must be an object or a reference")
    func paramsShape() {
        #expect(pipelineProblems(#"""
        {"steps": [{"operation": "occt.shapes.solid.createBox", "params": "$file:0:json"}], "inputFiles": [{"fileId": "a", "role": "b"}]}
        """#) == [])
        let problems = pipelineProblems(step("occt.shapes.solid.createBox", "[10, 10, 10]"))
        #expect(findings(problems) == [at(.stepParams, "steps[0].params")])
    }

    @Test("Unknown step type, with 'map' suggested")
    func stepType() {
        let problems = pipelineProblems(#"{"steps": [{"type": "mapp", "items": [1], "steps": []}]}"#)
        #expect(findings(problems) == [at(.stepType, "steps[0].type")])
        #expect(problems.first?.message.contains("did you mean 'map'") == true)
    }

    @Test("A map's items must be an array")
    func mapItems() {
        #expect(pipelineProblems(DocumentExamples.map) == [])
        let number = pipelineProblems(#"{"steps": [{"type": "map", "items": 5, "steps": [{"operation": "json.createEmpty", "params": {}}]}]}"#)
        #expect(findings(number) == [at(.mapItems, "steps[0].items")])
        let object = pipelineProblems(#"""
        {"steps": [{"operation": "json.parse", "params": {"text": "{\"a\": 1}"}},
                   {"type": "map", "items": "$ref:0", "steps": [{"operation": "json.createEmpty", "params": {}}]}]}
        """#)
        #expect(findings(object) == [at(.mapItems, "steps[1].items")])
    }

    @Test("Output formats the result's kernel cannot produce")
    func outputKernel() {
        #expect(pipelineProblems(DocumentExamples.manifoldSTL) == [])
        #expect(pipelineProblems(DocumentExamples.linear) == [])

        var occtAsSTL = json(DocumentExamples.linear)
        occtAsSTL.replaceString("gltf", with: "stl")
        let occt = bundledValidator.validate(occtAsSTL, as: .pipeline)
        #expect(findings(occt) == [at(.outputKernel, "outputs.formats[0]")])
        #expect(occt.first?.message.contains("use gltf, step, stpz or decomposed-mesh") == true)

        var manifoldAsGLTF = json(DocumentExamples.manifoldSTL)
        manifoldAsGLTF.replaceString("stl", with: "gltf")
        #expect(findings(bundledValidator.validate(manifoldAsGLTF, as: .pipeline)) == [at(.outputKernel, "outputs.formats[0]")])

        var dataAsSTEP = json(DocumentExamples.returningData)
        dataAsSTEP.replaceString("json", with: "step")
        #expect(findings(bundledValidator.validate(dataAsSTEP, as: .pipeline)) == [at(.outputKernel, "outputs.formats[0]")])

        let jscad = #"{"steps": [{"operation": "jscad.shapes.cube", "params": {"size": 2}}], "outputs": {"formats": ["stl", "3mf"]}}"#
        #expect(pipelineProblems(jscad) == [])

        let manifold3MF = pipelineProblems(#"{"steps": [{"operation": "manifold.manifold.shapes.cube", "params": {"size": 2}}], "outputs": {"formats": ["3mf"]}}"#)
        #expect(findings(manifold3MF) == [at(.outputKernel, "outputs.formats[0]")])
        #expect(manifold3MF.first?.severity == .warning)
    }

    @Test("The result of a map with reduce is its reduce's last step")
    func outputKernelThroughMap() {
        var reduceToData = json(DocumentExamples.mapReduce)
        reduceToData.replaceString("$prev", with: "$ref:0")
        #expect(bundledValidator.validate(reduceToData, as: .pipeline) == [])
        let problems = pipelineProblems(#"""
        {"steps": [{"type": "map", "items": [1, 2], "steps": [{"operation": "occt.shapes.solid.createBox", "params": {"width": "$item"}}],
                    "reduce": [{"operation": "json.stringify", "params": {"json": "$mapResult"}}]}],
         "outputs": {"formats": ["gltf"]}}
        """#)
        #expect(findings(problems) == [at(.outputKernel, "outputs.formats[0]")])
    }

    @Test("Execute and compound bodies: operation and parameter names, output kernels")
    func executeAndCompound() {
        let validator = bundledValidator
        #expect(validator.validate(json(#"{"operation": "occt.shapes.solid.createBox", "params": {"width": 2}}"#), as: .execute) == [])
        let execute = validator.validate(json(#"{"operation": "occt.shapes.solid.createBox", "params": {"widht": 2}}"#), as: .execute)
        #expect(findings(execute) == [at(.parameterUnknown, "params.widht")])
        let missing = validator.validate(json(#"{"operation": "occt.booleans.union"}"#), as: .execute)
        #expect(findings(missing) == [at(.parameterMissing, "params.shapes")])

        let compound = validator.validate(json(#"""
        {"parallel": true, "items": [
            {"operation": "occt.shapes.solid.createBox", "params": {}, "outputFormats": ["gltf"]},
            {"operation": "manifold.manifold.shapes.cube", "params": {"size": 1}, "outputFormats": ["step"]},
            {"operation": "occt.shapes.solid.createBx", "params": {}}]}
        """#), as: .compound)
        #expect(findings(compound) == [at(.outputKernel, "items[1].outputFormats[0]"), at(.operationUnknown, "items[2].operation")])
    }

    @Test("Nested control steps: allowed with a warning (the schema types inner steps as plain steps)")
    func nestedControl() {
        let problems = pipelineProblems(#"""
        {"steps": [{"type": "map", "items": [[1, 2], [3]], "steps": [
            {"type": "map", "items": "$item", "steps": [{"operation": "math.twoNrOperation", "params": {"first": "$item", "second": 1}}]}]}]}
        """#)
        #expect(findings(problems) == [at(.stepNestedControl, "steps[0].steps[0]")])
        #expect(problems.allSatisfy { $0.severity == .warning })
    }
}
