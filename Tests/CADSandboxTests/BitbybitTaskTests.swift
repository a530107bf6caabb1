import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Bitbybit sandbox: tasks on the sandbox clock")
struct BitbybitTaskTests {
    static let box = #"{"operation":"occt.shapes.solid.createBox","params":{"width":10,"length":20,"height":30}}"#
    static let cup = #"{"params":{"height":10},"outputs":{"formats":["gltf","stpz"]}}"#

    @Test("a task goes queued → processing (with progress) → completed, with timestamps and result parts")
    func lifecycle() async throws {
        try await BitbybitHarness.with { h in
            let id = try await h.submit("/api/v1/models/dragon-cup", json: Self.cup)
            var task = try await h.task(id)
            #expect(task["status"]?.string == "queued")
            #expect(task["kind"]?.string == "model")
            #expect(task["label"]?.string == "Model: dragon-cup")
            #expect(task["progress"] == .null)
            #expect(task["startedAt"] == .null)
            #expect(task["resultParts"] == .null)
            #expect(task["metadata"]?["params"]?["height"]?.double == 10)
            #expect(task["metadata"]?["params"]?["radiusBottom"]?.double == 4)  // defaults filled in

            h.advance(by: .seconds(2))
            task = try await h.task(id)
            #expect(task["status"]?.string == "processing")
            #expect(task["startedAt"]?.string != nil)
            h.advance(by: .seconds(4))
            task = try await h.task(id)
            #expect(task["progress"]?.double == 50)

            h.advance(by: .seconds(4))
            task = try await h.task(id)
            #expect(task["status"]?.string == "completed")
            #expect(task["progress"]?.double == 100)
            #expect(task["error"] == .null)
            #expect(task["finishedAt"]?.string != nil)
            #expect(task["resultParts"]?.keys.sorted() == ["glb", "metadata", "stpz"])
            #expect(task["resultParts"]?["glb"]?["mime"]?.string == "model/gltf-binary")
            #expect(task["resultParts"]?["stpz"]?["mime"]?.string == "application/gzip")
        }
    }

    @Test("cancel: a queued task is cancelled; a completed one is left alone; retry re-runs the cancelled one")
    func cancelAndRetry() async throws {
        try await BitbybitHarness.with { h in
            let queued = try await h.submit("/api/v1/cad/execute", json: Self.box)
            let cancel = try await h.call(.delete, "/api/v1/tasks/{taskId}", parameters: ["taskId": queued])
            #expect(cancel.data?["previousStatus"]?.string == "queued")
            #expect(try await h.task(queued)["status"]?.string == "cancelled")
            h.finishTasks()
            #expect(try await h.task(queued)["status"]?.string == "cancelled")
            let results = try await h.call(.get, "/api/v1/tasks/{taskId}/results", parameters: ["taskId": queued])
            #expect(results.status == 409)
            #expect(results.errorCode == "TASK_NOT_COMPLETED")

            let retried = try await h.call(.post, "/api/v1/tasks/{taskId}/retry", parameters: ["taskId": queued])
            #expect(retried.status == 202)
            #expect(retried.data?["taskId"]?.string == queued)
            #expect(retried.data?["status"]?.string == "queued")
            h.finishTasks()
            #expect(try await h.task(queued)["status"]?.string == "completed")

            let again = try await h.call(.delete, "/api/v1/tasks/{taskId}", parameters: ["taskId": queued])
            #expect(again.status == 200)
            #expect(again.data?["previousStatus"]?.string == "completed")
            #expect(try await h.task(queued)["status"]?.string == "completed")

            let refused = try await h.call(.post, "/api/v1/tasks/{taskId}/retry", parameters: ["taskId": queued])
            #expect(refused.status == 409)
            #expect(refused.errorCode == "TASK_NOT_RETRYABLE")
        }
    }

    @Test("sandbox.fail fails a task with its message, also after a retry")
    func stickyFailure() async throws {
        try await BitbybitHarness.with { h in
            let id = try await h.submit("/api/v1/cad/execute", json: #"{"operation":"sandbox.fail","params":{"message":"kernel exploded"}}"#)
            h.finishTasks()
            var task = try await h.task(id)
            #expect(task["status"]?.string == "failed")
            #expect(task["error"]?.string == "kernel exploded")
            #expect(task["progress"] == .null)
            let result = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": id])
            #expect(result.status == 409)
            #expect(result.json["error"]?["message"]?.string?.contains("kernel exploded") == true)
            #expect(try await h.call(.post, "/api/v1/tasks/{taskId}/retry", parameters: ["taskId": id]).status == 202)
            #expect(try await h.task(id)["status"]?.string == "queued")
            h.finishTasks()
            task = try await h.task(id)
            #expect(task["status"]?.string == "failed")
        }
    }

    @Test("the fail-next-tasks control fails the next task of the workspace once; a retry succeeds")
    func failNextControl() async throws {
        try await BitbybitHarness.with { h in
            let control = try await h.transport.send(HTTPRequest(
                method: .post, url: try #require(URL(string: h.server.bitbybitBaseURL + "/_sandbox/fail-next-tasks")),
                headers: ["x-api-key": BitbybitHarness.defaultKey, "content-type": "application/json"],
                body: .bytes(Data(#"{"count":1,"message":"worker lost"}"#.utf8))))
            #expect(control.status == 200)
            // Another workspace is not affected.
            let other = try await h.submit("/api/v1/models/phone-nest", json: #"{"outputs":{"formats":["gltf"]}}"#,
                                           key: BitbybitHarness.otherWorkspaceKey.key)
            let failing = try await h.submit("/api/v1/models/phone-nest", json: #"{"outputs":{"formats":["gltf"]}}"#)
            let fine = try await h.submit("/api/v1/models/phone-nest", json: #"{"outputs":{"formats":["gltf"]}}"#)
            h.finishTasks()
            #expect(try await h.task(other, key: BitbybitHarness.otherWorkspaceKey.key)["status"]?.string == "completed")
            #expect(try await h.task(failing)["error"]?.string == "worker lost")
            #expect(try await h.task(fine)["status"]?.string == "completed")
            #expect(try await h.call(.post, "/api/v1/tasks/{taskId}/retry", parameters: ["taskId": failing]).status == 202)
            h.finishTasks()
            #expect(try await h.task(failing)["status"]?.string == "completed")
        }
    }

    @Test("results expire after 24 h: status expired, result endpoints 409, old download URLs refused")
    func expiry() async throws {
        try await BitbybitHarness.with { h in
            let id = try await h.submit("/api/v1/cad/execute", json: Self.box)
            h.finishTasks()
            let result = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": id])
            let url = try #require(result.data?["downloadUrl"]?.string)
            #expect(try await h.download(url).status == 200)
            h.advance(by: .seconds(3_601))
            #expect(try await h.download(url).status == 403)  // the signed URL lives one hour
            let fresh = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": id])
            #expect(try await h.download(try #require(fresh.data?["downloadUrl"]?.string)).status == 200)
            h.advance(by: .seconds(86_400))
            let task = try await h.task(id)
            #expect(task["status"]?.string == "expired")
            #expect(task["resultParts"] == .null)
            let expired = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": id])
            #expect(expired.status == 409)
            #expect(expired.json["error"]?["details"]?["status"]?.string == "expired")
            #expect(try await h.call(.post, "/api/v1/tasks/{taskId}/retry", parameters: ["taskId": id]).status == 409)
        }
    }

    @Test("compound: sub-tasks beyond four wait, the parent follows them, the manifest links every result")
    func compound() async throws {
        try await BitbybitHarness.with { h in
            let items = (1...6).map { #"{"operation":"occt.shapes.solid.createCube","params":{"size":\#($0)},"outputFormats":["gltf","step"]}"# }
            let accepted = try await h.call(.post, "/api/v1/cad/compound", json: #"{"parallel":true,"items":[\#(items.joined(separator: ","))]}"#)
            #expect(accepted.status == 202)
            let parent = try #require(accepted.data?["taskId"]?.string)
            #expect(accepted.data?["kind"]?.string == "compound")
            #expect(accepted.data?["subTaskCount"]?.int == 6)
            let statuses = accepted.data?["subTasks"]?.array?.compactMap { $0["status"]?.string }
            #expect(statuses == ["queued", "queued", "queued", "queued", "waiting", "waiting"])
            #expect(accepted.data?["subTasks"]?.array?.compactMap { $0["index"]?.int } == [0, 1, 2, 3, 4, 5])

            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": parent]).status == 409)
            h.advance(by: .seconds(10))
            var detail = try await h.task(parent)
            #expect(detail["kind"]?.string == "compound")
            #expect(detail["status"]?.string == "processing")
            #expect(detail["metadata"]?["subTasks"]?.array?.compactMap { $0["status"]?.string }
                == ["completed", "completed", "completed", "completed", "queued", "queued"])
            // Also top-level, where Bitbybit's TypeScript client reads a compound parent's sub-tasks.
            #expect(detail["subTasks"] != nil && detail["subTasks"] == detail["metadata"]?["subTasks"])
            h.advance(by: .seconds(10))
            detail = try await h.task(parent)
            #expect(detail["status"]?.string == "completed")
            let first = try #require(detail["metadata"]?["subTasks"]?[0])
            #expect(first["computeMs"]?.double == 8_000)
            #expect(first["downloadFormats"]?.array?.compactMap(\.string) == ["glb", "step", "metadata"])

            let manifest = try await h.call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": parent])
            let entries = try #require(manifest.data?["manifest"]?.array)
            #expect(entries.count == 6)
            let glb = try #require(entries[5]["downloadUrls"]?["glb"]?.string)
            let file = try await h.download(glb)
            #expect(file.body.prefix(4) == Data("glTF".utf8))
            // A sub-task is a task of its own.
            let child = try #require(entries[0]["taskId"]?.string)
            #expect(try await h.task(child)["kind"]?.string == "cad")
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}/result/{format}", parameters: ["taskId": child, "format": "step"]).status == 200)
        }
    }

    @Test("cancelling a queued compound task cancels its sub-tasks; a batch is a compound of model tasks")
    func compoundCancelAndBatch() async throws {
        try await BitbybitHarness.with { h in
            let batch = try await h.call(
                .post, "/api/v1/models/{modelName}/batch", parameters: ["modelName": "dragon-cup"],
                json: #"{"items":[{"params":{"height":5}},{"params":{"height":6}}],"outputs":{"formats":["gltf"]}}"#)
            let parent = try #require(batch.data?["taskId"]?.string)
            let children = try #require(batch.data?["subTasks"]?.array?.compactMap { $0["taskId"]?.string })
            let cancel = try await h.call(.delete, "/api/v1/tasks/{taskId}", parameters: ["taskId": parent])
            #expect(cancel.data?["previousStatus"]?.string == "queued")
            h.finishTasks()
            #expect(try await h.task(parent)["status"]?.string == "cancelled")
            for child in children {
                let task = try await h.task(child)
                #expect(task["status"]?.string == "cancelled")
                #expect(task["kind"]?.string == "model")
            }
            #expect(try await h.call(.post, "/api/v1/tasks/{taskId}/retry", parameters: ["taskId": parent]).status == 202)
            h.finishTasks()
            #expect(try await h.task(parent)["status"]?.string == "completed")
            #expect(try await h.task(children[1])["metadata"]?["params"]?["height"]?.double == 6)
        }
    }

    @Test("listing filters by status and kind, paginates newest first, and clamps the limit to 50")
    func listing() async throws {
        try await BitbybitHarness.with { h in
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try await h.submit("/api/v1/cad/execute", json: Self.box)) }
            h.finishTasks()
            ids.append(try await h.submit("/api/v1/models/dragon-cup", json: Self.cup))
            ids.append(try await h.submit("/api/v1/cad/execute", json: #"{"operation":"sandbox.fail"}"#))

            let all = try await h.call(.get, "/api/v1/tasks", query: "limit=2&page=1")
            #expect(all.data?["total"]?.int == 5)
            #expect(all.data?["limit"]?.int == 2)
            #expect(all.data?["tasks"]?.array?.compactMap { $0["taskId"]?.string } == [ids[4], ids[3]])
            let third = try await h.call(.get, "/api/v1/tasks", query: "limit=2&page=3")
            #expect(third.data?["tasks"]?.array?.compactMap { $0["taskId"]?.string } == [ids[0]])
            let beyond = try await h.call(.get, "/api/v1/tasks", query: "limit=2&page=9")
            #expect(beyond.data?["tasks"]?.array?.isEmpty == true)

            let completed = try await h.call(.get, "/api/v1/tasks", query: "status=completed")
            #expect(completed.data?["total"]?.int == 3)
            let models = try await h.call(.get, "/api/v1/tasks", query: "kind=model")
            #expect(models.data?["tasks"]?.array?.compactMap { $0["taskId"]?.string } == [ids[3]])
            let queuedCAD = try await h.call(.get, "/api/v1/tasks", query: "status=queued&kind=cad")
            #expect(queuedCAD.data?["tasks"]?.array?.compactMap { $0["taskId"]?.string } == [ids[4]])

            #expect(try await h.call(.get, "/api/v1/tasks", query: "limit=500").data?["limit"]?.int == 50)
            let bad = try await h.call(.get, "/api/v1/tasks", query: "status=done")
            #expect(bad.status == 400)
            #expect(bad.errorCode == "VALIDATION_ERROR")

            // Another workspace sees none of them.
            let other = BitbybitHarness.otherWorkspaceKey.key
            #expect(try await h.call(.get, "/api/v1/tasks", key: other).data?["total"]?.int == 0)
            #expect(try await h.call(.get, "/api/v1/tasks/{taskId}", parameters: ["taskId": ids[0]], key: other).status == 404)
            #expect(try await h.call(.delete, "/api/v1/tasks/{taskId}", parameters: ["taskId": ids[3]], key: other).status == 404)
        }
    }
}
