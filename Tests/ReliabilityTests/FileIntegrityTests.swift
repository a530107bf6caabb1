import Bitbybit
import CADSandbox
import Foundation
import Orville
import Testing

/// Downloads and uploads under storage faults injected by the sandbox's fault plan, through the real
/// transport: the final file is exact or absent, never partial; no temporary file is left; an upload that
/// must be re-sent is read again from the file.
@Suite("File integrity under storage faults", .serialized)
struct FileIntegrityTests {
    static let storageRoute = "GET /objects/{object_id}"

    /// Files in `directory` other than the expected ones (temporary `.…cadctl-partial…` files included).
    static func strayFiles(in directory: String, besides expected: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !expected.contains($0) }
    }

    static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("integrity-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("Orville artifact downloads survive truncation, resets, a server ignoring Range and a 500; or leave nothing")
    func downloads() async throws {
        try await KeyedProviderFaultTests.withSandbox { server, clock in
            // No fault here holds a response: a timeout would only be the machine's load.
            let client = try KeyedProviderFaultTests.orville(server, clock, requestTimeout: FaultMatrix.patientTimeout)
            let job = try await client.jobs.create(prompt: "A 40x20x10 mm box with a 5 mm through-hole")
            _ = try await client.jobs.wait(job.jobID, timeout: .seconds(3600))
            let artifact = try #require(try await client.artifacts.list(jobID: job.jobID).artifacts.first)
            let directory = try Self.scratchDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let reference = try Data(contentsOf: URL(fileURLWithPath: try await client.artifacts.download(
                artifact, to: directory + "/reference.step").path))
            #expect(reference.count > 1_000)

            let survivable: [(String, [FaultAction])] = [
                ("truncated body (full Content-Length, fewer bytes)", [.truncateBody(keepBytes: 700)]),
                ("connection dropped without a response", [.closeAfterProcessing]),
                ("truncated, then the server ignores Range", [.truncateBody(keepBytes: 500), .ignoreRange]),
                ("500 from storage", [.status(500)]),
            ]
            for (index, (name, actions)) in survivable.enumerated() {
                for action in actions { server.faults.inject(action, on: Self.storageRoute, count: 1) }
                let path = directory + "/copy-\(index).step"
                let result = try await client.artifacts.download(artifact, to: path)
                #expect(try Data(contentsOf: URL(fileURLWithPath: result.path)) == reference, "\(name): the file is exact")
                #expect(try Self.strayFiles(in: directory, besides: Set(["reference.step"] + (0...index).map { "copy-\($0).step" })).isEmpty,
                        "\(name): no temporary file left")
            }

            // A body that always ends early: the download fails, and nothing is left under the final name.
            server.faults.inject(.truncateBody(keepBytes: 300), on: Self.storageRoute, count: 50)
            let doomed = directory + "/never.step"
            await #expect(throws: (any Error).self) { _ = try await client.artifacts.download(artifact, to: doomed) }
            #expect(!FileManager.default.fileExists(atPath: doomed))
            #expect(try Self.strayFiles(in: directory, besides: Set(["reference.step"] + (0..<survivable.count).map { "copy-\($0).step" })).isEmpty)
            server.faults.clear()
            #expect(server.inspector.storageCredentialSightings.isEmpty, "no key ever reached storage")
        }
    }

    @Test("a Bitbybit upload dropped on the way is re-sent from the file, and the stored bytes match its SHA-256")
    func uploadResentFromFile() async throws {
        try await KeyedProviderFaultTests.withSandbox { server, clock in
            var policy = RetryPolicy.standard
            policy.jitter = .constant(0)
            let client = try BitbybitClient(
                apiKey: SandboxKey.bitbybitDefault.key, baseURL: try #require(URL(string: server.bitbybitBaseURL)) as URL,
                configuration: ClientConfiguration(transport: CurlTransport(), retryPolicy: policy, clock: clock))
            let directory = try Self.scratchDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/big.step"
            var text = "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nENDSEC;\nDATA;\n"
            for index in 0..<40_000 { text += "#\(index + 1)=CARTESIAN_POINT('',(\(index).,0.,0.));\n" }
            text += "ENDSEC;\nEND-ISO-10303-21;\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))

            server.faults.inject(.closeBeforeProcessing, on: "PUT /uploads/{object_id}", count: 1)
            let uploaded = try await client.files.upload(path: path)
            let puts = server.inspector.requests.filter { $0.method == "PUT" && $0.path.hasPrefix("/uploads/") }
            #expect(puts.count == 2, "the dropped PUT was sent again")
            #expect(puts.last?.status == 200 || puts.last?.status == 201 || puts.last?.status == 204)
            let detail = try await client.files.get(uploaded.fileID)
            #expect(detail.status == .confirmed, "the server confirmed the bytes against the declared size and SHA-256")
            #expect(detail.bytes == text.utf8.count)
            #expect(server.inspector.storageCredentialSightings.isEmpty)
        }
    }
}
