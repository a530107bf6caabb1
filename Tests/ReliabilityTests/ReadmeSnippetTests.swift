// The README's "The SDK in a Swift service" snippet, copied as written (keep the two in step), compiled here
// and run against the sandbox below.
import CADSandbox
import Testing

import Bitbybit
import Logging
import Makistry
import Orville

struct PartGenerator {
    let orville: OrvilleClient
    let makistry: MakistryClient
    let bitbybit: BitbybitClient

    init(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) throws {
        var configuration = ClientConfiguration()  // shared transport, documented retries and poll schedules
        configuration.logger = logger              // one redacted debug line per HTTP exchange
        orville = try OrvilleClient.fromEnvironment(environment, configuration: configuration)
        makistry = try MakistryClient.fromEnvironment(environment, configuration: configuration)
        bitbybit = try BitbybitClient.fromEnvironment(environment, configuration: configuration)
    }

    /// Orville: a prompt to STEP files.
    func plate(into directory: String) async throws -> [String] {
        let accepted = try await orville.jobs.create(prompt: "A 40x20x5 mm plate with two holes")
        let job = try await orville.jobs.wait(accepted, timeout: .seconds(1800))
        return try await orville.jobs.download(job.id, into: directory).map(\.path)
    }

    /// Makistry: a prompt to one STL file.
    func box(into directory: String) async throws -> String {
        let request = TextToCADRequest(prompt: "A 40x20x10 mm box", outputFormat: .stl)
        let submission = try await makistry.jobs.create(request)
        let job = try await makistry.jobs.wait(submission.jobID, timeout: .seconds(600))
        return try await makistry.jobs.download(job.jobID, into: directory, format: .stl).path
    }

    /// Bitbybit: a parametric model to glTF.
    func cup(into directory: String) async throws -> [String] {
        let accepted = try await bitbybit.models.run("dragon-cup", params: ["height": 10], formats: [.gltf])
        let task = try await bitbybit.tasks.wait(accepted.taskId, timeout: .seconds(600))
        return try await bitbybit.tasks.download(task.taskId, into: directory).map(\.path)
    }
}

// MARK: - The test


@Suite("README snippet")
struct ReadmeSnippetTests {
    @Test("the README's PartGenerator runs against the sandbox with the three clients concurrently")
    func partGenerator() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration(speed: 1000))
        let directory = "/tmp/readme-snippet-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let environment = [
                "ORVILLE_API_KEY": SandboxKey.orvilleDefault.key, "ORVILLE_BASE_URL": server.orvilleBaseURL,
                "MAKISTRY_API_KEY": SandboxKey.makistryDefault.key, "MAKISTRY_BASE_URL": server.makistryBaseURL,
                "BITBYBIT_API_KEY": SandboxKey.bitbybitDefault.key, "BITBYBIT_BASE_URL": server.bitbybitBaseURL,
            ]
            let generator = try PartGenerator(environment: environment, logger: Logger(label: "readme"))
            async let plate = generator.plate(into: directory + "/orville")
            async let box = generator.box(into: directory + "/makistry")
            async let cup = generator.cup(into: directory + "/bitbybit")
            let (steps, stl, gltf) = try await (plate, box, cup)
            #expect(!steps.isEmpty && steps.allSatisfy { $0.hasSuffix(".step") })
            #expect(stl.hasSuffix(".stl") && FileManager.default.fileExists(atPath: stl))
            #expect(!gltf.isEmpty && gltf.allSatisfy { FileManager.default.fileExists(atPath: $0) })
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
