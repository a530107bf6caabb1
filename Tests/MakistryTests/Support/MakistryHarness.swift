import CADSandbox
import Foundation
import Makistry
import Testing

/// The sandbox's default Makistry key (never a real-looking key).
let sandboxKey = SandboxKey.makistryDefault.key

/// A sandbox and a client sharing one `ManualClock` (CADCore's), talking over loopback through the real
/// `CurlTransport`.
struct MakistryHarness: Sendable {
    let server: SandboxServer
    let clock: CADCore.ManualClock
    let transport: CurlTransport

    /// A client on the shared clock, with its own rate limiter (so tests do not share one), no jitter.
    func client(
        key: String = sandboxKey,
        limiter: MakistryRateLimiter? = nil,
        retryPolicy: RetryPolicy = .makistry
    ) throws -> MakistryClient {
        var policy = retryPolicy
        policy.jitter = .constant(0)
        var client = try MakistryClient(
            apiKey: key, baseURL: try #require(URL(string: server.makistryBaseURL)) as URL,
            configuration: ClientConfiguration(transport: transport, retryPolicy: policy, clock: clock,
                                               pollJitter: .constant(0)))
        client.rateLimiter = limiter ?? MakistryRateLimiter(margin: .zero, clock: clock)
        return client
    }

    /// Starts a sandbox at speed 1 on a `ManualClock` (auto-advancing unless told otherwise: every sleep of
    /// the client moves the sandbox's time too), runs `body`, and always shuts the sandbox down.
    static func with<T>(
        autoAdvance: Bool = true,
        _ configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (MakistryHarness) async throws -> T
    ) async throws -> T {
        let clock = CADCore.ManualClock(autoAdvance: autoAdvance)
        var configuration = SandboxConfiguration(speed: 1, clock: clock)
        configure(&configuration)
        let server = try await SandboxServer.start(configuration)
        let harness = MakistryHarness(server: server, clock: clock, transport: CurlTransport())
        do {
            let result = try await body(harness)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Requests the sandbox saw on a route (`POST /makistry/v1/text-to-cad`).
    func count(_ method: String, _ route: String) -> Int {
        server.inspector.requests.filter { $0.method == method && ($0.route == route || $0.path == route) }.count
    }

    /// `GET /jobs/{job_id}` requests the sandbox saw.
    var jobReads: Int {
        server.inspector.requests.filter { $0.method == "GET" && $0.path.hasPrefix("/makistry/v1/jobs/") }.count
    }

    /// Every Makistry request the sandbox saw.
    var makistryRequests: Int { server.inspector.requests.filter { $0.path.hasPrefix("/makistry/") }.count }
}

/// A temporary directory removed by the caller.
func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("makistry-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Small image files with the right first bytes.
enum ImageFixtures {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 120)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 60)
    static let text = Data("just some text, not an image".utf8)

    static func write(_ data: Data, named name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Independent reading of a binary STL (nothing shared with the sandbox's writer).
enum STLCheck {
    struct Summary {
        var triangles: Int
        var minimum: [Float]
        var maximum: [Float]
        var size: [Float] { zip(maximum, minimum).map { $0 - $1 } }
    }

    /// Parses a binary STL: 80-byte header, triangle count, 50 bytes per triangle; every number finite.
    static func parse(_ data: Data) throws -> Summary {
        let bytes = [UInt8](data)
        try #require(bytes.count >= 84, "an STL has at least an 80-byte header and a count")
        #expect(!String(decoding: bytes.prefix(5), as: UTF8.self).lowercased().hasPrefix("solid"))
        func uint32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        func float(_ offset: Int) -> Float { Float(bitPattern: UInt32(uint32(offset))) }
        let triangles = uint32(80)
        try #require(triangles > 0)
        try #require(bytes.count == 84 + 50 * triangles, "length must be 84 + 50 × \(triangles)")
        var minimum = [Float](repeating: .greatestFiniteMagnitude, count: 3)
        var maximum = [Float](repeating: -.greatestFiniteMagnitude, count: 3)
        for triangle in 0..<triangles {
            let base = 84 + 50 * triangle
            for value in 0..<12 { #expect(float(base + 4 * value).isFinite) }
            for vertex in 0..<3 {
                for axis in 0..<3 {
                    let value = float(base + 12 + 12 * vertex + 4 * axis)
                    minimum[axis] = min(minimum[axis], value)
                    maximum[axis] = max(maximum[axis], value)
                }
            }
        }
        return Summary(triangles: triangles, minimum: minimum, maximum: maximum)
    }
}
