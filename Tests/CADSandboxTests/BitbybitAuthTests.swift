import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("Bitbybit sandbox: keys and scopes")
struct BitbybitAuthTests {
    @Test("a missing, unknown or revoked key gets 401 with the error envelope; /health needs none")
    func unauthenticated() async throws {
        try await BitbybitHarness.with { h in
            #expect(try await h.call(.get, "/health", key: nil).data?["status"]?.string == "ok")
            let missing = try await h.call(.get, "/api/v1/tasks", key: nil)
            #expect(missing.status == 401)
            #expect(missing.errorCode == "UNAUTHORIZED")
            #expect(missing.json["error"]?["message"]?.string?.contains("x-api-key") == true)
            // The error's requestId is the response's x-request-id.
            #expect(missing.json["error"]?["requestId"]?.string == missing.headers["x-request-id"])
            #expect(try await h.call(.get, "/api/v1/models", key: "bbk_not_a_key").status == 401)
            #expect(try await h.call(.post, "/api/v1/models/dragon-cup", json: "{}", key: "").status == 401)
            // Keys of other providers are not Bitbybit keys.
            #expect(try await h.call(.get, "/api/v1/models", key: SandboxKey.orvilleDefault.key).status == 401)

            h.server.revokeKey(BitbybitHarness.tasksKey.key)
            #expect(try await h.call(.get, "/api/v1/tasks", key: BitbybitHarness.tasksKey.key).status == 401)
        }
    }

    @Test("the x-api-key header name is case-insensitive")
    func headerCase() async throws {
        try await BitbybitHarness.with { h in
            for name in ["X-API-Key", "X-API-KEY", "x-Api-kEy"] {
                let response = try await h.call(.get, "/api/v1/models", key: nil, headers: [(name, BitbybitHarness.defaultKey)])
                #expect(response.status == 200, "\(name)")
            }
        }
    }

    @Test("scopes: work endpoints need their own scope; files and tasks open to the scopes that use them")
    func scopes() async throws {
        try await BitbybitHarness.with { h in
            let models = BitbybitHarness.modelsKey.key
            let files = BitbybitHarness.filesKey.key
            let tasks = BitbybitHarness.tasksKey.key
            let cadConvert = BitbybitHarness.cadConvertKey.key
            let none = SandboxKey.bitbybitNoScopes.key
            let execute = #"{"operation":"math.add","params":{}}"#
            let upload = #"{"filename":"a.step","contentType":"application/step","bytes":3}"#

            func status(_ method: HTTPMethod, _ path: String, json: String? = nil, key: String) async throws -> (Int, String?) {
                let response = try await h.call(method, path, json: json, key: key)
                return (response.status, response.errorCode)
            }
            let forbidden = (403, "INSUFFICIENT_SCOPE" as String?)

            // models
            #expect(try await status(.get, "/api/v1/models", key: models).0 == 200)
            #expect(try await status(.post, "/api/v1/cad/execute", json: execute, key: models) == forbidden)
            #expect(try await status(.post, "/api/v1/files/upload", json: upload, key: models) == forbidden)
            #expect(try await status(.get, "/api/v1/tasks", key: models).0 == 200)
            // files
            #expect(try await status(.post, "/api/v1/files/upload", json: upload, key: files).0 == 201)
            #expect(try await status(.get, "/api/v1/files", key: files).0 == 200)
            #expect(try await status(.get, "/api/v1/models", key: files) == forbidden)
            #expect(try await status(.get, "/api/v1/tasks", key: files) == forbidden)
            // tasks
            #expect(try await status(.get, "/api/v1/tasks", key: tasks).0 == 200)
            #expect(try await status(.post, "/api/v1/cad/execute", json: execute, key: tasks) == forbidden)
            #expect(try await status(.get, "/api/v1/files", key: tasks) == forbidden)
            // cad + convert
            #expect(try await status(.post, "/api/v1/cad/execute", json: execute, key: cadConvert).0 == 202)
            #expect(try await status(.get, "/api/v1/files", key: cadConvert).0 == 200)
            #expect(try await status(.get, "/api/v1/tasks", key: cadConvert).0 == 200)
            #expect(try await status(.get, "/api/v1/models", key: cadConvert) == forbidden)
            // no scope at all
            for (method, path) in [(HTTPMethod.get, "/api/v1/models"), (.get, "/api/v1/tasks"), (.get, "/api/v1/files")] {
                #expect(try await status(method, path, key: none) == forbidden)
            }
            let refusal = try await h.call(.post, "/api/v1/convert/step-to-gltf", json: #"{"stepFileId":"x"}"#, key: models)
            #expect(refusal.json["error"]?["details"]?["requiredScope"]?.string == "convert")
            // No secret is echoed back.
            #expect(!String(decoding: refusal.body, as: UTF8.self).contains(models))
        }
    }

    @Test("unknown paths and wrong methods under /bitbybit answer with the Bitbybit envelope")
    func unknownRoutes() async throws {
        try await BitbybitHarness.with { h in
            let url = try #require(URL(string: h.server.bitbybitBaseURL + "/api/v1/nothing-here"))
            let notFound = try await h.transport.send(HTTPRequest(url: url, headers: ["x-api-key": BitbybitHarness.defaultKey]))
            #expect(notFound.status == 404)
            let body = try TestJSON.parse(notFound.body)
            #expect(body["ok"]?.bool == false)
            #expect(body["error"]?["code"]?.string == "NOT_FOUND")
            let wrong = try await h.call(.get, "/api/v1/cad/execute")
            #expect(wrong.status == 405)
            #expect(wrong.errorCode == "METHOD_NOT_ALLOWED")
        }
    }
}
