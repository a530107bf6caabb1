import Bitbybit
import Testing

@Suite("Operation catalogue")
struct CatalogueTests {
    private var catalogue: OperationCatalogue { bundledValidator.catalogue }

    @Test("The bundled catalogue has all 903 operations with their parameters")
    func bundled() throws {
        #expect(catalogue.count == 903)
        #expect(catalogue.namespaces.contains("occt"))
        #expect(catalogue.namespaces.contains("manifold"))
        let difference = try #require(catalogue[.occtDifference])
        #expect(difference.parameters.map(\.name) == ["keepEdges", "shape", "shapes"])
        #expect(difference.requiredParameterNames == ["shape", "shapes"])
        #expect(difference.parameter(named: "shapes")?.type == .array(.unknown))
        #expect(catalogue[.occtCreateBox]?.parameter(named: "center")?.type == .tuple([.number, .number, .number]))
        #expect(catalogue[.mathTwoNrOperation]?.parameter(named: "operation")?.type
            == .literals(["add", "subtract", "multiply", "divide", "power", "modulus"]))
    }

    @Test("Every operation constant is in the catalogue")
    func constants() {
        let constants: [BitbybitOperation] = [
            .occtCreateBox, .occtCreateSphere, .occtCreateCylinder, .occtGetSolidVolume, .occtGetSolidSurfaceArea,
            .occtUnion, .occtDifference, .occtIntersection, .occtTranslate, .occtRotate, .occtScale, .occtFilletEdges,
            .occtLoadSTEPorIGES, .manifoldSphere, .manifoldCube, .manifoldSubtract, .jsonParse, .jsonQuery,
            .jsonCreateEmpty, .jsonSetValueOnProp, .csvParseToJson, .mathTwoNrOperation,
        ]
        for constant in constants {
            #expect(catalogue.contains(constant), "\(constant)")
        }
    }

    @Test("Every parameter type of the catalogue is understood", arguments: [
        ("number", ParameterType.number),
        ("[number, number][]", .array(.tuple([.number, .number]))),
        (#""a" | "b""#, .literals(["a", "b"])),
        ("unknown[]", .array(.unknown)),
        ("string | number", .union([.string, .number])),
    ])
    func types(text: String, type: ParameterType) {
        #expect(ParameterType(typeScript: text) == type)
        #expect(type.description == text)
    }

    @Test("Suggestions: nearest by edit distance, else the same operation name in another place")
    func suggestions() {
        #expect(catalogue.suggestions(for: "occt.booleans.unoin").first == .occtUnion)
        #expect(catalogue.suggestions(for: "occt.fillets.filletEdge").first == .occtFilletEdges)
        #expect(catalogue.suggestions(for: "manifold.shapes.sphere").contains(.manifoldSphere))
        #expect(catalogue.suggestions(for: "nothing.like.this.at.zzzz") == [])
    }

    @Test("Kernels by namespace")
    func kernels() {
        #expect(BitbybitOperation.occtUnion.kernel == .occt)
        #expect(BitbybitOperation("occtPro.sheetMetal.unfoldSolidToFlat").kernel == .occt)
        #expect(BitbybitOperation.manifoldCube.kernel == .manifold)
        #expect(BitbybitOperation("jscad.shapes.cube").kernel == .jscad)
        #expect(BitbybitOperation.jsonParse.kernel == .data)
        #expect(BitbybitOperation("lists.getItem").kernel == nil)
    }
}
