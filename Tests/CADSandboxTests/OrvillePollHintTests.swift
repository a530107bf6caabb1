@testable import CADSandbox
import CADTransport
import Foundation
import Testing

/// `OrvilleSettings.pollAfterHint`: what `poll_after_seconds` says while a job is active.
@Suite("Orville sandbox poll hints")
struct OrvillePollHintTests {
    @Test func untilFinishedFixedAndAbsent() async throws {
        try await SandboxHarness.with { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("A plate")
            sandbox.advance(seconds: 100)
            let job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.json["poll_after_seconds"].int == 170)
        }
        try await SandboxHarness.with({ $0.orville.pollAfterHint = .fixed(7) }) { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("A plate")
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)").json["poll_after_seconds"].int == 7)
            sandbox.advance(seconds: 271)
            #expect(try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)").json["poll_after_seconds"].isNull)
        }
        try await SandboxHarness.with({ $0.orville.pollAfterHint = .absent }) { (sandbox) async throws in
            let id = try await sandbox.createOrvilleJob("A plate")
            let job = try await sandbox.orville(.get, "/api/v1/cad/jobs/\(id)")
            #expect(job.json["status"].string == "queued" && job.json["poll_after_seconds"].isNull)
        }
    }
}
