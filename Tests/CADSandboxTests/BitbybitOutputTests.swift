import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Bitbybit sandbox: result files")
struct BitbybitOutputTests {
    /// Every result of `taskID` by format key, downloaded from the storage port.
    private func downloads(_ h: BitbybitHarness, _ taskID: String) async throws -> [String: (filename: String, response: HTTPResponse)] {
        let results = try await h.call(.get, "/api/v1/tasks/{taskId}/results", parameters: ["taskId": taskID])
        var files: [String: (String, HTTPResponse)] = [:]
        for entry in results.data?["downloads"]?.array ?? [] {
            let format = try #require(entry["format"]?.string)
            let url = try #require(entry["downloadUrl"]?.string)
            #expect(url.hasPrefix(h.server.storageBaseURL + "/"))
            files[format] = (try #require(entry["filename"]?.string), try await h.download(url))
        }
        return files
    }

    @Test("a model run yields a real GLB, an stpz that gunzips to STEP, a decomposed mesh and metadata")
    func modelFiles() async throws {
        try await BitbybitHarness.with { h in
            let id = try await h.submit(
                "/api/v1/models/dragon-cup", json: #"{"params":{"height":12},"outputs":{"formats":["gltf","stpz","decomposed-mesh"]}}"#)
            h.finishTasks()
            let parts = try #require(try await h.task(id)["resultParts"])
            let files = try await downloads(h, id)
            #expect(Set(files.keys) == ["glb", "stpz", "decomposed-mesh", "metadata"])
            for (key, file) in files {
                #expect(file.response.status == 200)
                #expect(file.response.headers["content-type"] == parts[key]?["mime"]?.string)
                #expect(file.response.body.count == parts[key]?["bytes"]?.int)
            }

            let glb = try #require(files["glb"])
            #expect(glb.filename == "dragon-cup.glb")
            let bytes = [UInt8](glb.response.body)
            #expect(Array(bytes[0..<4]) == Array("glTF".utf8))
            #expect(bytes[4] == 2)  // version 2
            let declaredLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            #expect(declaredLength == bytes.count)

            let stpz = try #require(files["stpz"])
            #expect(stpz.filename == "dragon-cup.stpz")
            let step = String(decoding: try gunzip(stpz.response.body), as: UTF8.self)
            #expect(step.hasPrefix("ISO-10303-21;"))
            #expect(step.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("END-ISO-10303-21;"))
            #expect(step.contains("MANIFOLD_SOLID_BREP"))

            let mesh = try TestJSON.parse(try #require(files["decomposed-mesh"]).response.body)
            #expect(mesh[0]?["faceList"]?.array?.count == 6)
            #expect(mesh[0]?["edgeList"]?.array?.count == 12)
            #expect(mesh[0]?["faceList"]?[0]?["tri_indexes"]?.array?.count == 6)

            let metadata = try TestJSON.parse(try #require(files["metadata"]).response.body)
            #expect(metadata["model"]?.string == "dragon-cup")
            #expect(metadata["params"]?["height"]?.double == 12)

            // The default result is the first requested format; a gltf request answers under glb only.
            let primary = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": id])
            #expect(primary.data?["filename"]?.string == "dragon-cup.glb")
            let gltf = try await h.call(.get, "/api/v1/tasks/{taskId}/result/{format}", parameters: ["taskId": id, "format": "gltf"])
            #expect(gltf.status == 404)
            #expect(gltf.json["error"]?["message"]?.string?.contains("glb") == true)
        }
    }

    @Test("step results are STEP text; STL and 3MF come from JSCAD pipelines; marked steps land in result.json")
    func pipelineFiles() async throws {
        try await BitbybitHarness.with { h in
            let stepTask = try await h.submit(
                "/api/v1/models/phone-nest", json: #"{"outputs":{"formats":["step"]}}"#)
            let jscad = try await h.submit(
                "/api/v1/cad/pipeline",
                json: #"{"steps":[{"operation":"jscad.shapes.cube","params":{"size":4}},{"operation":"jscad.booleans.subtract","params":{"first":"$ref:0"},"output":true}],"outputs":{"formats":["stl","3mf"]}}"#)
            let manifold = try await h.submit(
                "/api/v1/cad/pipeline",
                json: #"{"steps":[{"operation":"manifold.manifold.shapes.sphere","params":{"radius":5}}],"outputs":{"formats":["gltf"]}}"#)
            let data = try await h.submit(
                "/api/v1/cad/pipeline",
                json: #"{"steps":[{"operation":"json.parse","params":{"text":"[1,2]"}}],"outputs":{"formats":["json"]}}"#)
            h.finishTasks()

            let step = try #require(try await downloads(h, stepTask)["step"])
            #expect(step.filename == "phone-nest.stp")
            #expect(String(decoding: step.response.body, as: UTF8.self).hasPrefix("ISO-10303-21;"))

            let files = try await downloads(h, jscad)
            #expect(Set(files.keys) == ["stl", "3mf", "result", "metadata"])
            #expect(try #require(files["stl"]).response.body.count == 84 + 12 * 50)
            #expect(try #require(files["3mf"]).response.body.prefix(2) == Data("PK".utf8))
            #expect(try #require(files["result"]).filename == "result.json")
            // One marked step: result.json is that step's value itself (here a shape), not wrapped.
            let marked = try TestJSON.parse(try #require(files["result"]).response.body)
            #expect(marked["type"]?.string == "shape" && marked["operation"] == nil)
            let metadata = try TestJSON.parse(try #require(files["metadata"]).response.body)
            #expect(metadata["pipeline"]?["steps"]?.array?.count == 2)

            let failed = try await h.task(manifold)
            #expect(failed["status"]?.string == "failed")
            #expect(failed["error"]?.string?.contains("stl") == true)
            #expect(try await downloads(h, data)["json"]?.filename == "pipeline.json")
        }
    }

    @Test("several marked steps: result.json is the array of their values, in step order, as documented")
    func severalMarkedSteps() async throws {
        try await BitbybitHarness.with { h in
            let id = try await h.submit(
                "/api/v1/cad/pipeline",
                json: #"{"steps":[{"operation":"occt.shapes.solid.createBox","params":{"width":10,"length":8,"height":5,"center":[0,0,0]}},{"operation":"occt.shapes.solid.getSolidVolume","params":{"shape":"$ref:0"},"output":true},{"operation":"occt.shapes.solid.getSolidSurfaceArea","params":{"shape":"$ref:0"},"output":true},{"operation":"json.createEmpty","params":{}},{"operation":"json.setValueOnProp","params":{"json":"$ref:3","property":"volume","value":"$ref:1"},"output":true},{"operation":"occt.fillets.filletEdges","params":{"shape":"$ref:0","radius":1}}],"outputs":{"formats":["gltf"]}}"#)
            h.finishTasks()
            let files = try await downloads(h, id)
            let result = try TestJSON.parse(try #require(files["result"]).response.body)
            let expected = try TestJSON.parse(Data(#"[400, 340, {"volume": 400}]"#.utf8))
            #expect(result == expected, "\(result)")
        }
    }

    @Test("sheet-metal reports match the documented report schemas; conversions produce a GLB")
    func unfoldAndConvert() async throws {
        try await BitbybitHarness.with { h in
            let file = try await h.uploadFile(try await h.sampleSTEP())
            let solid = try await h.submit(
                "/api/v1/cad/pro/unfold/solid",
                json: #"{"stepFileId":"\#(file)","kFactor":0.4,"thicknessOverride":1.5,"outputs":{"formats":["gltf","decomposed-mesh"]}}"#)
            let face = try await h.submit("/api/v1/cad/pro/unfold/face-report", json: #"{"stepFileId":"\#(file)","faceIndex":2}"#)
            let convert = try await h.submit(
                "/api/v1/convert/step-to-gltf-advanced",
                json: #"{"stepFileId":"\#(file)","options":{"meshDeflection":0.01,"nodeNameFormat":"product","adjustZtoY":true}}"#)
            h.finishTasks()

            let validator = BitbybitHarness.validator
            let solidTask = try await h.task(solid)
            let report = try #require(solidTask["metadata"]?["report"]?.array)
            #expect(report.count == 1)
            for item in report {
                #expect(item["solidIndex"]?.int == 0)
                // UnfoldSolidReport's allOf pairs two closed objects and so admits no value at all; check the
                // item without solidIndex against UnfoldSolidReportItemOutput instead.
                let members = (item.members ?? []).filter { $0.0 != "solidIndex" }
                let errors = validator.errors(.object(members), .object([("$ref", .string("#/components/schemas/UnfoldSolidReportItemOutput"))]))
                #expect(errors.isEmpty, "\(errors)")
                #expect(item["thickness"]?.double == 1.5)
                #expect(item["kFactor"]?.double == 0.4)
            }
            #expect(Set(solidTask["resultParts"]?.keys ?? []) == ["glb", "decomposed-mesh", "metadata"])

            let faceReport = try #require(try await h.task(face)["metadata"]?["report"])
            #expect(validator.errors(faceReport, .object([("$ref", .string("#/components/schemas/UnfoldFaceReport"))])).isEmpty)
            #expect(faceReport["surfaceType"]?.string == "Cylinder")

            let converted = try await h.task(convert)
            #expect(converted["kind"]?.string == "convert-advanced")
            let glb = try #require(try await downloads(h, convert)["glb"])
            #expect(glb.filename == "part.glb")
            #expect(glb.response.body.prefix(4) == Data("glTF".utf8))
        }
    }
}
