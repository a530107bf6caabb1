import Bitbybit
import Foundation
import PropertyBased
import Testing

@Suite("Fuzz: the Bitbybit pipeline validator")
struct ValidatorFuzzTests {
    static let seed = #"""
    {"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":10,"length":20,"height":5,"center":[0,0,0]}},
    {"operation":"occt.fillets.filletEdges","params":{"shape":"$ref:0","radius":1}},
    {"map":{"items":[1,2,3],"steps":[{"operation":"occt.shapes.solid.createCylinder","params":{"radius":"$item","height":"$index"}}]},"reduce":{"operation":"occt.booleans.union","params":{"shapes":"$mapResult"}}},
    {"operation":"occt.io.saveShapeSTEP","params":{"shape":"$ref:1","fileName":"a.step"},"output":true}],
    "outputs":{"formats":["step","gltf"]}}
    """#

    @Test("mutated pipelines (bytes flipped, inserted, cut) never crash it, and it answers the same twice")
    func mutatedPipelines() async throws {
        let validator = try BitbybitValidator.bundled()
        let base = Array(Self.seed.utf8)
        let mutation = Gen.int(in: 0..<base.count).array(of: 1...6)
        await propertyCheck(count: fuzzCount, input: mutation, Gen.uint8().array(of: 0...6), Gen.int(in: 0...2)) { positions, insert, kind in
            var text = base
            for position in positions where position < text.count {
                switch kind {
                case 0: text[position] = insert.first ?? 0x22
                case 1: text.insert(contentsOf: insert, at: position)
                default: text.removeSubrange(position..<min(text.count, position + 3))
                }
            }
            let first = validator.validatePipeline(text: Data(text))
            let second = validator.validatePipeline(text: Data(text))
            #expect(first == second)
        }
    }

    @Test("arbitrary bytes are refused with a problem, never a crash")
    func refusesArbitraryBytes() async throws {
        let validator = try BitbybitValidator.bundled()
        await propertyCheck(count: fuzzCount, input: arbitraryBytes) { input in
            let problems = validator.validatePipeline(text: Data(input))
            #expect(!problems.isEmpty)
        }
    }
}
