import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Bitbybit sandbox: request validation")
struct BitbybitValidationTests {
    /// The `details.issues` paths of a 400 answer.
    private func issuePaths(_ response: BitbybitExchange) -> [String] {
        response.json["error"]?["details"]?["issues"]?.array?.compactMap { $0["path"]?.string } ?? []
    }

    @Test("model parameters: ranges, integer types, unknown fields, tuples and the step/stpz exclusion")
    func modelParameters() async throws {
        try await BitbybitHarness.with { h in
            let cup = "/api/v1/models/dragon-cup"
            func post(_ params: String, formats: String = #"["gltf"]"#) async throws -> BitbybitExchange {
                try await h.call(.post, cup, json: #"{"params":\#(params),"outputs":{"formats":\#(formats)}}"#)
            }
            #expect(try await post(#"{"height":50}"#).status == 202)
            #expect(try await issuePaths(post(#"{"height":0}"#)) == ["params.height"])  // exclusiveMinimum 0
            #expect(try await issuePaths(post(#"{"height":50.5}"#)) == ["params.height"])
            #expect(try await issuePaths(post(#"{"nrSkinCellsVertical":2.5}"#)) == ["params.nrSkinCellsVertical"])
            #expect(try await issuePaths(post(#"{"rotation":-361}"#)) == ["params.rotation"])
            #expect(try await issuePaths(post(#"{"scale":0}"#)) == ["params.scale"])
            #expect(try await issuePaths(post(#"{"origin":[0,"1",0]}"#)) == ["params.origin[1]"])
            #expect(try await issuePaths(post(#"{"origin":[0,0,1001]}"#)) == ["params.origin[2]"])
            #expect(try await issuePaths(post(#"{"teapot":true}"#)) == ["params.teapot"])
            #expect(try await issuePaths(post("{}", formats: #"["obj"]"#)) == ["outputs.formats[0]"])
            #expect(try await issuePaths(post("{}", formats: "[]")) == ["outputs.formats"])
            #expect(try await issuePaths(post("{}", formats: #"["step","stpz"]"#)) == ["outputs.formats"])
            let missingOutputs = try await h.call(.post, cup, json: #"{"params":{}}"#)
            #expect(issuePaths(missingOutputs) == ["outputs"])
            #expect(missingOutputs.json["error"]?["message"]?.string?.contains("outputs: is required") == true)

            // The generic endpoint checks parameters against the model's own schema too.
            let generic = try await h.call(.post, "/api/v1/models/{modelName}", parameters: ["modelName": "phone-nest"],
                                           json: #"{"params":{"applyOrnaments":"yes"},"outputs":{"formats":["gltf"]}}"#)
            #expect(issuePaths(generic) == ["params.applyOrnaments"])
            let batch = try await h.call(.post, "/api/v1/models/{modelName}/batch", parameters: ["modelName": "dragon-cup"],
                                         json: #"{"items":[{},{"params":{"thickness":9}}],"outputs":{"formats":["gltf"]}}"#)
            #expect(issuePaths(batch) == ["items[1].params.thickness"])
            let definitions = try await h.call(.post, "/api/v1/models/definitions", json: #"{"names":["dragon-cup","teapot"]}"#)
            #expect(issuePaths(definitions) == ["names[1]"])
        }
    }

    @Test("bodies: not JSON, wrong content type, empty, too large")
    func bodies() async throws {
        try await BitbybitHarness.with { h in
            let execute = "/api/v1/cad/execute"
            #expect(try await h.call(.post, execute, body: Data("{oops".utf8), headers: [("content-type", "application/json")]).errorCode == "VALIDATION_ERROR")
            #expect(try await h.call(.post, execute, body: Data(#"{"operation":"math.add"}"#.utf8), headers: [("content-type", "text/plain")]).status == 400)
            #expect(try await h.call(.post, execute, body: nil, headers: [("content-type", "application/json")]).status == 400)
            #expect(try await h.call(.post, execute, json: #"["not","an","object"]"#).status == 400)
            #expect(issuePaths(try await h.call(.post, execute, json: #"{"operation":"math.add","extra":1}"#)) == ["extra"])

            let big = String(repeating: "x", count: 200 * 1024)
            let tooLarge = try await h.call(.post, execute, json: #"{"operation":"math.add","params":{"text":"\#(big)"}}"#)
            #expect(tooLarge.status == 400)
            #expect(tooLarge.errorCode == "PAYLOAD_TOO_LARGE")
            // Pipelines accept up to 512 KB.
            let pipeline = try await h.call(
                .post, "/api/v1/cad/pipeline", json: #"{"steps":[{"operation":"text.format","params":{"text":"\#(big)"}}]}"#)
            #expect(pipeline.status == 202)
        }
    }

    @Test("pipelines: operation names, $ref order with the map counting rule, map size, file references, choices")
    func pipelineRules() async throws {
        try await BitbybitHarness.with { (h: BitbybitHarness) async throws in
            func post(_ json: String) async throws -> BitbybitExchange { try await h.call(.post, "/api/v1/cad/pipeline", json: json) }
            // The documented map example: inner results at 3..8, the map result at 9, then 10 and 11.
            let documented = #"""
                {"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":25,"length":25,"height":1,"center":[0,0,0]}},
                {"operation":"occt.shapes.solid.createCylinder","params":{"radius":1,"height":5,"center":[0,0,0]}},
                {"operation":"json.parse","params":{"text":"[[5,0,0],[10,0,0],[-5,0,0],[-10,0,0],[0,0,5],[0,0,-5]]"}},
                {"type":"map","items":"$ref:2","steps":[{"operation":"occt.transforms.translate","params":{"shape":"$ref:1","translation":"$item"}}]},
                {"operation":"occt.booleans.union","params":{"shapes":"$ref:9"}},
                {"operation":"occt.booleans.union","params":{"shapes":["$ref:0","$ref:10"]}}],"outputs":{"formats":["gltf"]}}
                """#
            #expect(try await post(documented).status == 202)
            let forward = documented.replacingOccurrences(of: #""$ref:10""#, with: #""$ref:11""#)
            #expect(try await issuePaths(post(forward)) == ["steps[5].params.shapes[1]"])

            #expect(try await issuePaths(post(#"{"steps":[{"operation":"teapot.brew","params":{}}]}"#)) == ["steps[0].operation"])
            #expect(try await issuePaths(post(#"{"steps":[{"operation":"occt","params":{}}]}"#)) == ["steps[0].operation"])
            #expect(try await issuePaths(post(#"{"steps":[{"operation":"occt.a.b.c.d.e","params":{}}]}"#)) == ["steps[0].operation"])
            #expect(try await issuePaths(post(#"{"steps":[{"operation":"math.add"}]}"#)) == ["steps[0].params"])
            let items = (0...100).map(String.init).joined(separator: ",")
            #expect(try await issuePaths(post(#"{"steps":[{"type":"map","items":[\#(items)],"steps":[{"operation":"math.add","params":{"a":"$item"}}]}]}"#))
                == ["steps[0].items"])
            #expect(try await issuePaths(post(#"{"steps":[{"operation":"csv.parseToJson","params":{"csv":"$file:0"}}]}"#))
                == ["steps[0].params.csv"])
            #expect(try await issuePaths(post(#"{"steps":[{"operation":"math.add","params":{"a":"$item"}}]}"#)) == ["steps[0].params.a"])
            #expect(try await issuePaths(post(#"{"steps":[{"type":"choice","value":1,"operator":"gt","then":[{"operation":"math.add","params":{}}]}]}"#))
                == ["steps[0].compareTo"])
            #expect(try await post(#"{"steps":[{"type":"choice","value":1,"operator":"exists","then":[{"operation":"math.add","params":{}}]}]}"#).status == 202)
            let sixFiles = (0..<6).map { _ in #"{"fileId":"f","role":"r"}"# }.joined(separator: ",")
            #expect(try await issuePaths(post(#"{"steps":[{"operation":"math.add","params":{}}],"inputFiles":[\#(sixFiles)]}"#)) == ["inputFiles"])
            let tooMany = (0..<51).map { _ in #"{"operation":"math.add","params":{}}"# }.joined(separator: ",")
            #expect(try await issuePaths(post(#"{"steps":[\#(tooMany)]}"#)) == ["steps"])
        }
    }

    @Test("compound items and conversion options are validated")
    func compoundAndConvert() async throws {
        try await BitbybitHarness.with { h in
            let compound = try await h.call(.post, "/api/v1/cad/compound",
                                            json: #"{"parallel":true,"items":[{"operation":"math.add","outputFormats":["obj"]}]}"#)
            #expect(issuePaths(compound) == ["items[0].outputFormats[0]"])
            let notParallel = try await h.call(.post, "/api/v1/cad/compound", json: #"{"parallel":false,"items":[{"operation":"math.add"}]}"#)
            #expect(issuePaths(notParallel) == ["parallel"])
            let draco = try await h.call(.post, "/api/v1/convert/step-to-gltf-with-draco",
                                         json: #"{"stepFileId":"f","draco":{"dracoCompressionLevel":11}}"#)
            #expect(issuePaths(draco) == ["draco.dracoCompressionLevel"])
            let advanced = try await h.call(.post, "/api/v1/convert/step-to-gltf-advanced",
                                            json: #"{"stepFileId":"f","options":{"transformFormat":"quat","faceCountThreshold":-2}}"#)
            #expect(Set(issuePaths(advanced)) == ["options.transformFormat", "options.faceCountThreshold"])
            let unfold = try await h.call(.post, "/api/v1/cad/pro/unfold/solid-report", json: #"{"stepFileId":"f","kFactor":1.5}"#)
            #expect(issuePaths(unfold) == ["kFactor"])
        }
    }
}
