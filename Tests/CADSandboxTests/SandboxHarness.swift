@testable import CADSandbox
import CADTransport
import Foundation
import Testing

/// A parsed JSON document for assertions (`JSONSerialization`, so no decoding code is shared with the
/// sandbox or the client modules).
struct Doc: CustomStringConvertible {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    static func parse(_ data: Data) -> Doc {
        Doc(try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    subscript(key: String) -> Doc { Doc((value as? [String: Any])?[key]) }
    subscript(index: Int) -> Doc {
        guard let array = value as? [Any], array.indices.contains(index) else { return Doc(nil) }
        return Doc(array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var bool: Bool? { (value as? NSNumber)?.boolValue }
    var array: [Doc] { (value as? [Any])?.map(Doc.init) ?? [] }
    var keys: Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
    /// Present and JSON `null`.
    var isNull: Bool { value is NSNull }
    var exists: Bool { value != nil }
    var description: String { value.map { "\($0)" } ?? "<absent>" }
}

/// One exchange as the transport returned it.
struct Reply {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var json: Doc { Doc.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Orville's `error.code` or Makistry's `error_code`.
    var errorCode: String? { json["error"]["code"].string ?? json["error_code"].string }
}

struct SandboxTestError: Error, CustomStringConvertible {
    var description: String
}

/// A multipart/form-data body built by hand.
struct MultipartBody {
    let boundary = "----cadsandbox" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    var data = Data()

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func field(_ name: String, _ value: String) {
        data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func file(_ name: String, filename: String, contentType: String = "application/octet-stream", _ bytes: Data) {
        data.append(Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        data.append(bytes)
        data.append(Data("\r\n".utf8))
    }

    func finished() -> Data { data + Data("--\(boundary)--\r\n".utf8) }
}

/// Small files with the right magic bytes.
enum Fixtures {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 120)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 60)
    static let gif = Data("GIF89a".utf8) + Data(repeating: 2, count: 30)
    static let webp = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WEBPVP8 ".utf8) + Data(repeating: 3, count: 30)
    static let heic = Data([0, 0, 0, 24]) + Data("ftypheic".utf8) + Data(repeating: 4, count: 30)
    static let text = Data("just some text, not an image".utf8)
}

/// A sandbox on a `ManualClock` at speed 1 (nothing moves unless a test advances the clock), driven
/// through the real `CurlTransport`.
final class SandboxHarness: Sendable {
    static let orvilleKey = SandboxKey.orvilleDefault.key
    static let makistryKey = SandboxKey.makistryDefault.key

    let server: SandboxServer
    let clock: ManualClock
    let transport: CurlTransport

    private init(server: SandboxServer, clock: ManualClock) {
        self.server = server
        self.clock = clock
        transport = CurlTransport()
    }

    /// Starts a sandbox (speed 1, manual clock; `configure` may change anything), runs `body`, and
    /// always shuts the sandbox down.
    static func with<T>(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in }, _ body: (SandboxHarness) async throws -> T
    ) async throws -> T {
        let clock = ManualClock()
        var configuration = SandboxConfiguration(speed: 1, clock: clock)
        configure(&configuration)
        let harness = SandboxHarness(server: try await SandboxServer.start(configuration), clock: clock)
        do {
            let result = try await body(harness)
            try await harness.server.shutdown()
            return result
        } catch {
            try? await harness.server.shutdown()
            throw error
        }
    }

    func advance(seconds: Double) { clock.advance(by: .seconds(fractional: seconds)) }

    /// Any request to an absolute URL.
    func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: Data? = nil, follow: Bool = false
    ) async throws -> Reply {
        guard let target = URL(string: url) else { throw SandboxTestError(description: "bad URL \(url)") }
        let response = try await transport.send(
            HTTPRequest(
                method: method, url: target, headers: HTTPHeaders(headers), body: body.map(RequestBody.bytes) ?? .empty,
                followRedirects: follow))
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// An Orville call: Bearer key, optional Idempotency-Key, JSON or multipart body.
    func orville(
        _ method: HTTPMethod, _ path: String, key: String? = SandboxHarness.orvilleKey, idempotencyKey: String? = nil,
        json: String? = nil, form: MultipartBody? = nil, follow: Bool = false
    ) async throws -> Reply {
        var headers: [(String, String)] = []
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        var body: Data?
        if let json {
            headers.append(("Content-Type", "application/json"))
            body = Data(json.utf8)
        } else if let form {
            headers.append(("Content-Type", form.contentType))
            body = form.finished()
        }
        return try await send(method, server.orvilleBaseURL + path, headers: headers, body: body, follow: follow)
    }

    /// Creates an Orville job from JSON and returns its id.
    func createOrvilleJob(_ prompt: String, key: String = SandboxHarness.orvilleKey) async throws -> String {
        let reply = try await orville(
            .post, "/api/v1/cad/jobs", key: key, idempotencyKey: UUID().uuidString, json: Self.jsonObject(["prompt": prompt]))
        guard reply.status == 202, let id = reply.json["id"].string else {
            throw SandboxTestError(description: "create failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// A Makistry call with a Bearer key.
    func makistry(
        _ method: HTTPMethod, _ path: String, key: String? = SandboxHarness.makistryKey, idempotencyKey: String? = nil,
        json: String? = nil, form: MultipartBody? = nil
    ) async throws -> Reply {
        var headers: [(String, String)] = []
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        var body: Data?
        if let json {
            headers.append(("Content-Type", "application/json"))
            body = Data(json.utf8)
        } else if let form {
            headers.append(("Content-Type", form.contentType))
            body = form.finished()
        }
        return try await send(method, server.makistryBaseURL + path, headers: headers, body: body)
    }

    /// Submits a Makistry text job and returns its id.
    func createMakistryJob(_ fields: [String: Any], key: String = SandboxHarness.makistryKey) async throws -> String {
        let reply = try await makistry(.post, "/text-to-cad", key: key, json: Self.jsonObject(fields))
        guard reply.status == 202, let id = reply.json["job_id"].string else {
            throw SandboxTestError(description: "create failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    static func jsonObject(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
