import CADSandbox
import Foundation
import Makistry
import Testing

@Suite("Makistry idempotent submissions")
struct MakistryIdempotencyTests {
    @Test("a connection dropped after the job was queued is retried with the same key: one job, not two")
    func retryAfterDroppedConnection() async throws {
        try await MakistryHarness.with { harness in
            harness.server.faults.inject(.closeAfterProcessing, on: "POST /makistry/v1/text-to-cad")
            let client = try harness.client()
            let submission = try await client.jobs.create(TextToCADRequest(prompt: "a box"))
            #expect(harness.count("POST", "/makistry/v1/text-to-cad") == 2)
            #expect(harness.server.inspector.jobsCreated(.makistry) == 1)
            #expect(submission.replayed)
            _ = try await client.jobs.get(submission.jobID)
        }
    }

    @Test("reusing a key returns the original job; a malformed key is refused before sending")
    func explicitKey() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png = try ImageFixtures.write(ImageFixtures.png, named: "a.png", in: directory)
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            let key = try MakistryValidator.idempotencyKey("3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f")
            let first = try await client.jobs.create(TextToCADRequest(prompt: "a box"), idempotencyKey: key)
            let again = try await client.jobs.create(TextToCADRequest(prompt: "a box"), idempotencyKey: key)
            #expect(first.jobID == again.jobID)
            #expect(!first.replayed && again.replayed)
            let imageKey = IdempotencyKey()
            let image = try await client.jobs.create(ImageToCADRequest(images: [png]), idempotencyKey: imageKey)
            let imageAgain = try await client.jobs.create(ImageToCADRequest(images: [png]), idempotencyKey: imageKey)
            #expect(image.jobID == imageAgain.jobID)
            #expect(harness.server.inspector.jobsCreated(.makistry) == 2)

            for bad in ["not-a-uuid", "3f1c2a9e-7b4d-1c1a-9e2f-0a1b2c3d4e5f", "3f1c2a9e7b4d4c1a9e2f0a1b2c3d4e5f"] {
                #expect(throws: InputValidationError.self) { _ = try MakistryValidator.idempotencyKey(bad) }
            }
        }
    }
}
