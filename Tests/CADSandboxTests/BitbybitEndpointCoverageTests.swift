import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Bitbybit sandbox: every endpoint against the OpenAPI document")
struct BitbybitEndpointCoverageTests {
    static let dragonCupExample = #"""
        {"params":{"height":8,"radiusBottom":4,"radiusTopOffset":2,"radiusMidOffset":2,"rotationTopAngle":20,"rotationMidAngle":20,"nrSkinCellsVertical":5,"nrSkinCellsHorizontal":10,"nrSkinCellDivisionsTop":1,"nrSkinCellDivisionsBottom":3,"skinCellOuterHeight":0.4,"skinCellInnerHeight":0.3,"skinCellBottomHeight":0.4,"skinCellTopHeight":0.4,"thickness":0.6,"bottomThickness":1,"precision":0.01,"rotation":0,"scale":1,"origin":[0,0,0],"direction":[0,1,0]},"outputs":{"formats":["step","gltf"]}}
        """#
    static let phoneNestExample = #"""
        {"params":{"heightBottom":5,"heightTop":16,"widthBack":25,"widthFront":10,"length":16,"backOffset":6,"thickness":0.4,"applyOrnaments":false,"filletRadius":2,"phoneHeight":16.8,"phoneWidth":7.8,"phoneThickness":0.7,"precision":0.01,"rotation":0,"scale":1,"origin":[0,0,0],"direction":[0,1,0]},"outputs":{"formats":["step","gltf"]}}
        """#

    /// Injects a 500 on the next request to `route` (the full pattern, with the `/bitbybit` prefix).
    private func fail500(_ harness: BitbybitHarness, _ method: String, _ template: String) {
        harness.server.faults.inject(.status(500), on: "\(method) /bitbybit\(template)")
    }

    @Test("every operation answers every status the document lists, each body valid against its schema")
    func everyOperationAndListedStatus() async throws {
        try await BitbybitHarness.with { h in
            // Health (no key needed).
            #expect(try await h.call(.get, "/health", key: nil).status == 200)

            // Models.
            #expect(try await h.call(.get, "/api/v1/models").status == 200)
            let definitions = "/api/v1/models/definitions"
            #expect(try await h.call(.post, definitions, json: #"{"names":["dragon-cup","phone-nest"]}"#).status == 200)
            #expect(try await h.call(.post, definitions, json: #"{"names":[]}"#).status == 400)

            let generic = "/api/v1/models/{modelName}"
            let cup = ["modelName": "dragon-cup"]
            #expect(try await h.call(.post, generic, parameters: cup, json: #"{"params":{"height":12},"outputs":{"formats":["gltf"]}}"#).status == 202)
            #expect(try await h.call(.post, generic, parameters: cup, json: #"{"params":{"height":-1},"outputs":{"formats":["gltf"]}}"#).status == 400)
            #expect(try await h.call(.post, generic, parameters: ["modelName": "teapot"], json: #"{"outputs":{"formats":["gltf"]}}"#).status == 404)
            fail500(h, "POST", "/api/v1/models/dragon-cup")
            #expect(try await h.call(.post, generic, parameters: cup, json: #"{"outputs":{"formats":["gltf"]}}"#).status == 500)

            let batch = "/api/v1/models/{modelName}/batch"
            #expect(try await h.call(.post, batch, parameters: cup, json: #"{"items":[{"params":{"height":5}},{}],"outputs":{"formats":["gltf"]}}"#).status == 202)
            #expect(try await h.call(.post, batch, parameters: cup, json: #"{"items":[],"outputs":{"formats":["gltf"]}}"#).status == 400)
            #expect(try await h.call(.post, batch, parameters: ["modelName": "teapot"], json: #"{"items":[{}],"outputs":{"formats":["gltf"]}}"#).status == 404)
            fail500(h, "POST", batch)
            #expect(try await h.call(.post, batch, parameters: cup, json: #"{"items":[{}],"outputs":{"formats":["gltf"]}}"#).status == 500)

            let params = "/api/v1/models/{modelName}/params"
            #expect(try await h.call(.get, params, parameters: cup).status == 200)
            #expect(try await h.call(.get, params, parameters: ["modelName": "phone-nest"]).status == 200)
            #expect(try await h.call(.get, params, parameters: ["modelName": "teapot"]).status == 404)

            for (path, example) in [("/api/v1/models/dragon-cup", Self.dragonCupExample), ("/api/v1/models/phone-nest", Self.phoneNestExample)] {
                #expect(try await h.call(.post, path, json: example).status == 202)
                #expect(try await h.call(.post, path, json: #"{"outputs":{"formats":["step","stpz"]}}"#).status == 400)
                fail500(h, "POST", path)
                #expect(try await h.call(.post, path, json: example).status == 500)
            }

            // CAD operations.
            let execute = "/api/v1/cad/execute"
            #expect(try await h.call(.post, execute, json: #"{"operation":"occt.shapes.solid.createBox","params":{"width":1,"length":2,"height":3}}"#).status == 202)
            #expect(try await h.call(.post, execute, json: #"{"operation":""}"#).status == 400)
            fail500(h, "POST", execute)
            #expect(try await h.call(.post, execute, json: #"{"operation":"math.add"}"#).status == 500)

            let pipeline = "/api/v1/cad/pipeline"
            let goodPipeline = #"{"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":10,"length":10,"height":10}},{"operation":"occt.fillets.filletEdges","params":{"shape":"$ref:0","radius":1}}],"outputs":{"formats":["gltf","step"]}}"#
            #expect(try await h.call(.post, pipeline, json: goodPipeline).status == 202)
            #expect(try await h.call(.post, pipeline, json: #"{"steps":[]}"#).status == 400)
            fail500(h, "POST", pipeline)
            #expect(try await h.call(.post, pipeline, json: goodPipeline).status == 500)

            let compound = "/api/v1/cad/compound"
            let goodCompound = #"{"parallel":true,"items":[{"operation":"occt.shapes.solid.createSphere","params":{"radius":3},"outputFormats":["gltf"]},{"operation":"math.add","params":{}}]}"#
            let accepted = try await h.call(.post, compound, json: goodCompound)
            #expect(accepted.status == 202)
            #expect(try await h.call(.post, compound, json: #"{"parallel":false,"items":[{"operation":"math.add"}]}"#).status == 400)
            fail500(h, "POST", compound)
            #expect(try await h.call(.post, compound, json: goodCompound).status == 500)

            // Files.
            let upload = "/api/v1/files/upload"
            #expect(try await h.call(.post, upload, json: #"{"filename":"a.step","contentType":"application/step","bytes":0}"#).status == 400)
            fail500(h, "POST", upload)
            #expect(try await h.call(.post, upload, json: #"{"filename":"a.step","contentType":"application/step","bytes":10}"#).status == 500)
            let step = try await h.sampleSTEP()
            let fileID = try await h.uploadFile(step, sha256: try sha256Hex(step))  // 201 and confirm 200 inside
            #expect(h.covered.contains("POST /api/v1/files/upload 201"))
            #expect(h.covered.contains("POST /api/v1/files/{fileId}/confirm 200"))
            let missingFile = ["fileId": "00000000-0000-4000-8000-000000000000"]
            #expect(try await h.call(.post, "/api/v1/files/{fileId}/confirm", parameters: missingFile).status == 404)
            #expect(try await h.call(.get, "/api/v1/files").status == 200)
            #expect(try await h.call(.get, "/api/v1/files/{fileId}", parameters: ["fileId": fileID]).status == 200)
            #expect(try await h.call(.get, "/api/v1/files/{fileId}", parameters: missingFile).status == 404)

            // Conversions.
            for endpoint in ["step-to-gltf", "step-to-gltf-advanced", "step-to-gltf-with-draco", "step-to-gltf-advanced-with-draco"] {
                let path = "/api/v1/convert/\(endpoint)"
                let body = #"{"stepFileId":"\#(fileID)"}"#
                #expect(try await h.call(.post, path, json: body).status == 202)
                #expect(try await h.call(.post, path, json: #"{"stepFileId":"\#(fileID)","meshAngle":9}"#).status == 400)
                #expect(try await h.call(.post, path, json: body, key: BitbybitHarness.modelsKey.key).status == 403)
                fail500(h, "POST", path)
                #expect(try await h.call(.post, path, json: body).status == 500)
            }

            // Sheet metal.
            for variant in ["face-to-flat", "face-report", "solid-to-flat", "solid-report", "solid"] {
                let path = "/api/v1/cad/pro/unfold/\(variant)"
                let body = #"{"stepFileId":"\#(fileID)"}"#
                #expect(try await h.call(.post, path, json: body).status == 202)
                #expect(try await h.call(.post, path, json: #"{"stepFileId":""}"#).status == 400)
                #expect(try await h.call(.post, path, json: body, key: BitbybitHarness.modelsKey.key).status == 403)
                fail500(h, "POST", path)
                #expect(try await h.call(.post, path, json: body).status == 500)
            }

            // Tasks: results before completion are 409.
            let pending = try await h.submit(execute, json: #"{"operation":"occt.shapes.solid.createBox","params":{"width":1,"length":1,"height":1}}"#)
            let id = ["taskId": pending]
            let gone = ["taskId": "00000000-0000-4000-8000-000000000000"]
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: id).status == 409)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/result/{format}", parameters: id.merging(["format": "result"]) { $1 }).status == 409)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/results", parameters: id).status == 409)
            #expect(try await h.call(.get, "/api/v1/tasks", query: "status=queued").status == 200)

            h.finishTasks()
            #expect(try await h.call(.get, "/api/v1/tasks").status == 200)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}", parameters: id).status == 200)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}", parameters: gone).status == 404)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: id).status == 200)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: gone).status == 404)
            if let compoundID = accepted.data?["taskId"]?.string {
                let manifest = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": compoundID])
                #expect(manifest.status == 200)
                #expect(manifest.data?["manifest"]?.array?.count == 2)
            }
            let format = "/api/v1/tasks/{taskId}/result/{format}"
            #expect(try await h.call(.get, format, parameters: id.merging(["format": "result"]) { $1 }).status == 200)
            #expect(try await h.call(.get, format, parameters: id.merging(["format": "glb"]) { $1 }).status == 404)
            #expect(try await h.call(.get, format, parameters: gone.merging(["format": "glb"]) { $1 }).status == 404)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/results", parameters: id).status == 200)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/results", parameters: gone).status == 404)

            let retry = "/api/v1/tasks/{taskId}/retry"
            #expect(try await h.call(.post, retry, parameters: id).status == 409)
            #expect(try await h.call(.post, retry, parameters: gone).status == 404)
            let failing = try await h.submit(execute, json: #"{"operation":"sandbox.fail","params":{"message":"forced"}}"#)
            h.finishTasks()
            #expect(try await h.call(.post, retry, parameters: ["taskId": failing]).status == 202)

            #expect(try await h.call(.delete, "/api/v1/tasks/{taskId}", parameters: ["taskId": failing]).status == 200)
            #expect(try await h.call(.delete, "/api/v1/tasks/{taskId}", parameters: gone).status == 404)
            #expect(try await h.call(.delete, "/api/v1/files/{fileId}", parameters: ["fileId": fileID]).status == 200)
            #expect(try await h.call(.delete, "/api/v1/files/{fileId}", parameters: ["fileId": fileID]).status == 404)

            // Every listed (operation, status) pair was exercised and validated.
            let validator = BitbybitHarness.validator
            #expect(validator.operations.count == 32)
            var missing: [String] = []
            for operation in validator.operations {
                for status in validator.listedStatuses(method: operation.method, path: operation.path)
                where !h.covered.contains("\(operation.method) \(operation.path) \(status)") {
                    missing.append("\(operation.method) \(operation.path) \(status)")
                }
            }
            #expect(missing.isEmpty, "not exercised: \(missing.sorted().joined(separator: ", "))")
        }
    }
}
