import CADSandbox
import CADTestSupport
import CADTransport
import Foundation
import Synchronization
import Testing

/// One exchange with the Bitbybit sandbox: status, headers, raw body and the body parsed as JSON.
struct BitbybitExchange {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var json: TestJSON

    var data: TestJSON? { json["data"] }
    var errorCode: String? { json["error"]?["code"]?.string }
}

/// A running sandbox on a manual clock, driven through the real `CurlTransport`. Every response of a
/// Bitbybit endpoint is validated against the OpenAPI response schema for its path, method and status
/// (statuses the document does not list for the operation, such as 401, are checked against
/// `ErrorResponse`); each violation is recorded as a test issue.
final class BitbybitHarness: Sendable {
    /// A key granting `models` only.
    static let modelsKey = SandboxKey(provider: .bitbybit, key: "bbk_test_models_only", scopes: ["models"], name: "bb-models")
    /// A key granting `files` only.
    static let filesKey = SandboxKey(provider: .bitbybit, key: "bbk_test_files_only", scopes: ["files"], name: "bb-files")
    /// A key granting `tasks` only.
    static let tasksKey = SandboxKey(provider: .bitbybit, key: "bbk_test_tasks_only", scopes: ["tasks"], name: "bb-tasks")
    /// A key granting `cad` and `convert`.
    static let cadConvertKey = SandboxKey(
        provider: .bitbybit, key: "bbk_test_cad_convert", scopes: ["cad", "convert"], name: "bb-cad-convert")
    /// A full key in another workspace: it must not see the default workspace's tasks and files.
    static let otherWorkspaceKey = SandboxKey(
        provider: .bitbybit, key: "bbk_test_other_workspace", scopes: ["*"], name: "bb-other", workspace: "bitbybit-other")
    static let defaultKey = SandboxKey.bitbybitDefault.key

    static let validator: BitbybitSchemaValidator = {
        do { return try BitbybitSchemaValidator.loadFromSourceTree() } catch {
            fatalError("bitbybit-openapi.json could not be read from the source tree: \(error)")
        }
    }()

    let server: SandboxServer
    let clock: ManualClock
    let transport: CurlTransport
    /// `METHOD template STATUS` of every validated exchange.
    private let seen = Mutex<Set<String>>([])

    private init(server: SandboxServer, clock: ManualClock, transport: CurlTransport) {
        self.server = server
        self.clock = clock
        self.transport = transport
    }

    /// Starts a sandbox at speed 1 on a manual clock: tasks stay `queued` 2 s and `processing` 8 s of
    /// clock time, so tests move them with `advance(by:)`.
    static func start() async throws -> BitbybitHarness {
        let clock = ManualClock()
        let keys = SandboxKey.defaults + [modelsKey, filesKey, tasksKey, cadConvertKey, otherWorkspaceKey]
        let server = try await SandboxServer.start(SandboxConfiguration(speed: 1, clock: clock, keys: keys))
        return BitbybitHarness(server: server, clock: clock, transport: CurlTransport())
    }

    /// Runs `body` with a fresh harness and always shuts the server down.
    static func with<T: Sendable>(_ body: (BitbybitHarness) async throws -> T) async throws -> T {
        let harness = try await start()
        do {
            let result = try await body(harness)
            try await harness.server.shutdown()
            return result
        } catch {
            try? await harness.server.shutdown()
            throw error
        }
    }

    /// Moves the sandbox clock forward (tasks advance, URLs and results expire).
    func advance(by duration: Duration) { clock.advance(by: duration) }

    /// Moves the clock past a task's whole run (2 s queued + 8 s processing).
    func finishTasks() { advance(by: .seconds(11)) }

    var covered: Set<String> { seen.withLock { $0 } }

    /// Calls `method template` (path parameters substituted from `parameters`) with an optional JSON body,
    /// validates the response against the OpenAPI document and returns it.
    @discardableResult
    func call(
        _ method: HTTPMethod, _ template: String, parameters: [String: String] = [:], query: String = "",
        json: String? = nil, body: Data? = nil, key: String? = BitbybitHarness.defaultKey,
        headers extra: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> BitbybitExchange {
        var path = template
        for (name, value) in parameters { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        guard let url = URL(string: server.bitbybitBaseURL + path + (query.isEmpty ? "" : "?" + query)) else {
            throw HarnessError(message: "bad URL for \(path)")
        }
        var headers = HTTPHeaders()
        if let key { headers.add("x-api-key", key) }
        var payload = body
        if let json {
            headers.add("content-type", "application/json")
            payload = Data(json.utf8)
        }
        for (name, value) in extra { headers.add(name, value) }
        let response = try await transport.send(
            HTTPRequest(method: method, url: url, headers: headers, body: payload.map(RequestBody.bytes) ?? .empty))
        let parsed: TestJSON
        do {
            parsed = try TestJSON.parse(response.body)
        } catch {
            Issue.record("\(method) \(path) → \(response.status): body is not JSON (\(error)): \(String(decoding: response.body, as: UTF8.self))",
                         sourceLocation: sourceLocation)
            return BitbybitExchange(status: response.status, headers: response.headers, body: response.body, json: .null)
        }
        validate(parsed, method: method.rawValue, template: template, status: response.status, sourceLocation: sourceLocation)
        return BitbybitExchange(status: response.status, headers: response.headers, body: response.body, json: parsed)
    }

    private func validate(_ json: TestJSON, method: String, template: String, status: Int, sourceLocation: SourceLocation) {
        let validator = Self.validator
        // Unlisted statuses and requests outside the document (wrong method, unknown path) must still
        // answer with the error envelope.
        let listed = validator.responseSchema(method: method, path: template, status: status)
        let schema = listed ?? .object([("$ref", .string("#/components/schemas/ErrorResponse"))])
        let errors = validator.errors(Self.withoutCompoundSubTasks(json, sourceLocation: sourceLocation), schema)
        if !errors.isEmpty {
            let list = errors.joined(separator: "\n  ")
            Issue.record(
                "\(method) \(template) → \(status) violates the OpenAPI response schema:\n  \(list)\nbody: \(json)",
                sourceLocation: sourceLocation)
        }
        if listed != nil { _ = seen.withLock { $0.insert("\(method) \(template) \(status)") } }
    }

    /// A compound task's detail carries its sub-tasks twice: in `metadata.subTasks` (where the OpenAPI document's
    /// `TaskDetail` has room for them) and in a top-level `subTasks` (where Bitbybit's own TypeScript client
    /// reads a `CompoundTaskDetail`'s, a member the document's `TaskDetail` does not list). Wherever a task
    /// detail (an object with `taskId` and `metadata`) has the top-level copy, it must equal the metadata one;
    /// it is then set aside so the rest is checked against the document as is.
    static func withoutCompoundSubTasks(_ json: TestJSON, sourceLocation: SourceLocation) -> TestJSON {
        switch json {
        case .array(let items):
            return .array(items.map { withoutCompoundSubTasks($0, sourceLocation: sourceLocation) })
        case .object(let members):
            var kept = members
            if json["taskId"] != nil, let metadata = json["metadata"], let subTasks = json["subTasks"] {
                if subTasks != metadata["subTasks"] {
                    Issue.record("top-level subTasks differ from metadata.subTasks: \(json)", sourceLocation: sourceLocation)
                }
                kept = members.filter { $0.0 != "subTasks" }
            }
            return .object(kept.map { ($0.0, withoutCompoundSubTasks($0.1, sourceLocation: sourceLocation)) })
        default:
            return json
        }
    }

    /// GETs a pre-signed URL without credentials.
    func download(_ url: String) async throws -> HTTPResponse {
        guard let target = URL(string: url) else { throw HarnessError(message: "bad download URL \(url)") }
        return try await transport.send(HTTPRequest(url: target, followRedirects: true))
    }

    /// PUTs bytes to a pre-signed upload URL.
    func put(_ data: Data, to url: String, contentType: String = "application/step") async throws -> HTTPResponse {
        guard let target = URL(string: url) else { throw HarnessError(message: "bad upload URL \(url)") }
        return try await transport.send(
            HTTPRequest(method: .put, url: target, headers: ["content-type": contentType], body: .bytes(data)))
    }

    /// Announces, PUTs and confirms a file; returns its id.
    func uploadFile(
        _ data: Data, filename: String = "part.step", contentType: String = "application/step", sha256: String? = nil,
        key: String = BitbybitHarness.defaultKey, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        var announce = #"{"filename":"\#(filename)","contentType":"\#(contentType)","bytes":\#(data.count)"#
        if let sha256 { announce += #","sha256":"\#(sha256)""# }
        announce += "}"
        let upload = try await call(.post, "/api/v1/files/upload", json: announce, key: key, sourceLocation: sourceLocation)
        guard upload.status == 201, let id = upload.data?["fileId"]?.string, let url = upload.data?["uploadUrl"]?.string else {
            throw HarnessError(message: "upload announcement failed: \(upload.json)")
        }
        let put = try await put(data, to: url, contentType: contentType)
        guard put.status == 200 else { throw HarnessError(message: "PUT to the upload URL answered \(put.status)") }
        let confirm = try await call(.post, "/api/v1/files/{fileId}/confirm", parameters: ["fileId": id], key: key,
                                     sourceLocation: sourceLocation)
        guard confirm.status == 200 else { throw HarnessError(message: "confirm failed: \(confirm.json)") }
        return id
    }

    /// Submits and returns the task id of a 202 answer.
    func submit(
        _ template: String, parameters: [String: String] = [:], json: String, key: String = BitbybitHarness.defaultKey,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let response = try await call(.post, template, parameters: parameters, json: json, key: key, sourceLocation: sourceLocation)
        guard response.status == 202, let id = response.data?["taskId"]?.string else {
            throw HarnessError(message: "POST \(template) answered \(response.status): \(response.json)")
        }
        return id
    }

    /// The task's `TaskDetail`.
    func task(_ id: String, key: String = BitbybitHarness.defaultKey) async throws -> TestJSON {
        let response = try await call(.get, "/api/v1/tasks/{taskId}", parameters: ["taskId": id], key: key)
        guard response.status == 200, let data = response.data else {
            throw HarnessError(message: "GET task \(id) answered \(response.status)")
        }
        return data
    }

    /// A STEP file: the one the sandbox itself produces for a cube, fetched through the API.
    func sampleSTEP() async throws -> Data {
        let id = try await submit(
            "/api/v1/cad/compound",
            json: #"{"parallel":true,"items":[{"operation":"occt.shapes.solid.createBox","params":{"width":10,"length":10,"height":10},"outputFormats":["step"]}]}"#)
        finishTasks()
        let manifest = try await call(.get, "/api/v1/tasks/{taskId}/result", parameters: ["taskId": id])
        guard let url = manifest.data?["manifest"]?[0]?["downloadUrls"]?["step"]?.string else {
            throw HarnessError(message: "no STEP in \(manifest.json)")
        }
        return try await download(url).body
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The lowercase hex SHA-256 of `data`, computed with the `sha256sum` tool (independent of the sandbox).
func sha256Hex(_ data: Data) throws -> String {
    let output = try runTool("/usr/bin/sha256sum", input: data)
    return String(String(decoding: output, as: UTF8.self).prefix(64))
}

/// `data` gunzipped by the system's `gzip -dc` (a real inflater, independent of the sandbox).
func gunzip(_ data: Data) throws -> Data {
    try runTool("/bin/gzip", arguments: ["-dc"], input: data)
}

private func runTool(_ path: String, arguments: [String] = [], input: Data) throws -> Data {
    let outcome = try ChildProcess.runBlocking(path, arguments, stdin: input)
    guard outcome.exitCode == 0 else {
        throw HarnessError(message: "\(path) exited with \(outcome.exitCode)")
    }
    return outcome.stdout
}
