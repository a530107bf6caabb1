import Bitbybit
import CADSandbox
import CADTransport
import Foundation
import Synchronization
import Testing

/// A Bitbybit client talking to an in-process sandbox over loopback through the real `CurlTransport`.
///
/// Client and sandbox share one auto-advancing `ManualClock` at speed 1: when the client sleeps 2 s between
/// polls, 2 s pass for the sandbox's tasks too (queued 2 s, processing 8 s), so waits run in virtual time.
struct ClientFixture: Sendable {
    let server: SandboxServer
    let clock: CADCore.ManualClock
    let client: BitbybitClient
    let transport: CurlTransport

    /// The same client with another key.
    func client(key: String) throws -> BitbybitClient {
        try BitbybitClient(apiKey: key, baseURL: try #require(URL(string: server.bitbybitBaseURL)) as URL,
                           configuration: ClientConfiguration(transport: transport, clock: clock))
    }

    /// Requests the sandbox saw for `method path` (a route pattern such as `/bitbybit/api/v1/models/{modelName}`).
    func count(_ method: String, _ route: String) -> Int {
        server.inspector.requests.filter { $0.method == method && ($0.route == route || $0.path == route) }.count
    }
}

/// A key with only the `models` scope.
let modelsOnlyKey = SandboxKey(provider: .bitbybit, key: "bbk_client_models_only", scopes: ["models"], name: "models-only")

/// Runs `body` against a fresh sandbox and always shuts it down.
func withClient<T: Sendable>(
    _ body: (ClientFixture) async throws -> T
) async throws -> T {
    let clock = CADCore.ManualClock(autoAdvance: true)
    let keys = SandboxKey.defaults + [modelsOnlyKey]
    let server = try await SandboxServer.start(SandboxConfiguration(speed: 1, clock: clock, keys: keys))
    do {
        let transport = CurlTransport()
        let client = try BitbybitClient(
            apiKey: SandboxKey.bitbybitDefault.key, baseURL: try #require(URL(string: server.bitbybitBaseURL)) as URL,
            configuration: ClientConfiguration(transport: transport, clock: clock))
        let result = try await body(ClientFixture(server: server, clock: clock, client: client, transport: transport))
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// A fresh temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bitbybit-client-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// What a file's first bytes say it is.
enum FileMagic {
    /// A binary glTF: `glTF`, version 2, and the header's length equal to the file's.
    static func isGLB(_ data: Data) -> Bool {
        guard data.count >= 20, data.prefix(4) == Data("glTF".utf8) else { return false }
        let version = data[4..<8].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        let length = data[8..<12].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        return version == 2 && Int(length) == data.count
    }

    /// A STEP file: `ISO-10303-21;` first, `END-ISO-10303-21;` last.
    static func isSTEP(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.hasPrefix("ISO-10303-21;") && text.hasSuffix("END-ISO-10303-21;")
    }

    /// A gzip stream (`1f 8b`).
    static func isGzip(_ data: Data) -> Bool { data.count > 18 && data[0] == 0x1F && data[1] == 0x8B }
}

/// Collects values handed to a `@Sendable` callback.
final class Collector<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func add(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

extension ClientFixture {
    /// Whether every request the sandbox answered passed its OpenAPI request-schema check (no 400s).
    var noRequestRefusedAsInvalid: Bool { server.inspector.requests.allSatisfy { $0.status != 400 } }
}
