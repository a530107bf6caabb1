import Bitbybit
import CADCore
import Makistry
import Orville
import CADSandbox
import Foundation
import Testing

/// The three clients are made alike: `init(apiKey:baseURL:configuration:)` never reads the environment,
/// `fromEnvironment` reads `NAME_API_KEY` and `NAME_BASE_URL`, and both refuse an empty key or a bad base URL
/// with the same typed error.
@Suite("Client setup")
struct ClientSetupTests {
    /// Each client's maker, as a service would call it.
    struct Maker: Sendable, CustomTestStringConvertible {
        var service: CADService
        var make: @Sendable (String, URL?) throws(ClientSetupError) -> URL
        var fromEnvironment: @Sendable ([String: String]) throws(ClientSetupError) -> URL
        var testDescription: String { service.name }
    }

    static let makers: [Maker] = [
        Maker(service: .orville,
              make: { key, url throws(ClientSetupError) in try OrvilleClient(apiKey: key, baseURL: url).core.baseURL },
              fromEnvironment: { env throws(ClientSetupError) in try OrvilleClient.fromEnvironment(env).core.baseURL }),
        Maker(service: .makistry,
              make: { key, url throws(ClientSetupError) in try MakistryClient(apiKey: key, baseURL: url).core.baseURL },
              fromEnvironment: { env throws(ClientSetupError) in try MakistryClient.fromEnvironment(env).core.baseURL }),
        Maker(service: .bitbybit,
              make: { key, url throws(ClientSetupError) in try BitbybitClient(apiKey: key, baseURL: url).core.baseURL },
              fromEnvironment: { env throws(ClientSetupError) in try BitbybitClient.fromEnvironment(env).core.baseURL }),
    ]

    @Test("the initializer uses the documented URL, never the environment", arguments: makers)
    func initializerDefaults(_ maker: Maker) throws {
        #expect(try maker.make("k", nil).absoluteString == maker.service.defaultBaseURL)
        let sandbox = try maker.service.baseURL("http://127.0.0.1:9/\(maker.service.name)")
        #expect(try maker.make("k", sandbox) == sandbox)
    }

    @Test("fromEnvironment reads NAME_API_KEY and NAME_BASE_URL", arguments: makers)
    func fromEnvironment(_ maker: Maker) throws {
        let name = maker.service.name.uppercased()
        let url = try maker.fromEnvironment([name + "_API_KEY": "k", name + "_BASE_URL": "http://127.0.0.1:9/x"])
        #expect(url.absoluteString == "http://127.0.0.1:9/x")
        #expect(try maker.fromEnvironment([name + "_API_KEY": "k", name + "_BASE_URL": ""]).absoluteString
            == maker.service.defaultBaseURL)
        #expect(throws: ClientSetupError.missingAPIKey(service: maker.service.name, variable: name + "_API_KEY")) {
            _ = try maker.fromEnvironment([:])
        }
        #expect(throws: ClientSetupError.invalidBaseURL(service: maker.service.name, value: "ftp://x")) {
            _ = try maker.fromEnvironment([name + "_API_KEY": "k", name + "_BASE_URL": "ftp://x"])
        }
    }

    @Test("an empty key or a bad base URL is refused alike", arguments: makers)
    func refusals(_ maker: Maker) throws {
        #expect(throws: ClientSetupError.emptyAPIKey(service: maker.service.name)) { _ = try maker.make("", nil) }
        guard let relative = URL(string: "api/v1") else {
            Issue.record("URL(string: \"api/v1\") should parse as a relative URL")
            return
        }
        #expect(throws: ClientSetupError.invalidBaseURL(service: maker.service.name, value: "api/v1")) {
            _ = try maker.make("k", relative)
        }
        let error = ClientSetupError.invalidBaseURL(service: maker.service.name, value: "ftp://x")
        #expect(error.description.contains("ftp://x"))
    }
}

/// One function, two providers: a service swaps Orville for Makistry by changing the line that makes the
/// client (`PromptToCADClient`), against the sandbox over loopback.
@Suite("Prompt to CAD, provider-neutral")
struct PromptToCADSwapTests {
    /// Submits, waits and downloads through the protocol only.
    static func model(with cad: any PromptToCADClient, into directory: String) async throws -> [DownloadResult] {
        let job = try await cad.submit(PromptToCADRequest(prompt: "A 40x20x5 mm plate with two holes"))
        #expect(job.state == .queued || job.state == .running)
        let done = try await cad.wait(job.jobID, timeout: .seconds(3600), observer: nil)
        #expect(done.state == .succeeded && done.jobID == job.jobID)
        #expect(try await cad.status(job.jobID).state == .succeeded)
        return try await cad.download(done.jobID, into: directory, overwrite: false, progress: nil)
    }

    @Test func orvilleAndMakistryServeTheSameCode() async throws {
        let clock = ManualClock(autoAdvance: true)
        let server = try await SandboxServer.start(SandboxConfiguration(speed: 1, clock: clock))
        let directory = "/tmp/prompt-to-cad-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let configuration = ClientConfiguration(transport: CurlTransport(), clock: clock, pollJitter: .constant(0))
            let environment = [
                "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key, "ORVILLE_BASE_URL": server.orvilleBaseURL,
                "MAKISTRY_API_KEY": SandboxKey.makistryDefault.key, "MAKISTRY_BASE_URL": server.makistryBaseURL,
            ]
            let orville = try OrvilleClient.fromEnvironment(environment, configuration: configuration)
            var makistry = try MakistryClient.fromEnvironment(environment, configuration: configuration)
            makistry.rateLimiter = MakistryRateLimiter(margin: .zero, clock: clock)
            // The output directories do not exist yet: the downloads create them.
            let steps = try await Self.model(with: orville, into: directory + "/orville/new")
            #expect(!steps.isEmpty && steps.allSatisfy { $0.path.hasPrefix(directory + "/orville/new/") })
            let files = try await Self.model(with: makistry, into: directory + "/makistry/new")
            #expect(files.count == 1 && files[0].size > 0)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test func aFormatIsSentWhereOfferedAndRefusedBeforeSendingWhereNot() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration(speed: 1000))
        let directory = "/tmp/prompt-to-cad-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let configuration = ClientConfiguration(transport: CurlTransport(), pollJitter: .constant(0))
            let orville = try OrvilleClient(
                apiKey: SandboxKey.orvilleDefault.key, baseURL: URL(string: server.orvilleBaseURL), configuration: configuration)
            var makistry = try MakistryClient(
                apiKey: SandboxKey.makistryDefault.key, baseURL: URL(string: server.makistryBaseURL), configuration: configuration)
            makistry.rateLimiter = MakistryRateLimiter(margin: .zero)
            #expect(orville.supportedFormats == [.step])
            #expect(makistry.supportedFormats == PromptToCADFormat.allCases)

            let refused = await #expect(throws: InputValidationError.self) {
                _ = try await orville.submit(PromptToCADRequest(prompt: "A 20 mm cube", format: .stl))
            }
            #expect(refused?.field == "format")
            #expect(server.inspector.workDone("orville.create") == 0, "nothing was sent")

            let job = try await makistry.submit(PromptToCADRequest(prompt: "A 20 mm cube", format: .stl))
            let done = try await makistry.wait(job.jobID, timeout: .seconds(600), observer: nil)
            let files = try await makistry.download(done.jobID, into: directory, overwrite: false, progress: nil)
            #expect(files.count == 1 && files[0].path.hasSuffix(".stl"))
            let head = try #require(FileHandle(forReadingAtPath: files[0].path)).readData(ofLength: 84)
            #expect(head.count == 84, "an STL file (binary header and count, or text)")
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
