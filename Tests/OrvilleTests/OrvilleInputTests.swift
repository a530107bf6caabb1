import CADSandbox
import Foundation
import Orville
import Testing

/// Bad input is refused with a usage error before anything is sent.
@Suite("Orville input checks")
struct OrvilleInputTests {
    static func usageMessage(_ body: () async throws -> Void) async -> String? {
        guard let error = await caught(InputValidationError.self, body) else { return nil }
        #expect(error.provider == "orville" && CADError(error).category == .usage)
        return error.message
    }

    @Test func badPromptsAndImagesAreRefusedLocally() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            #expect(await Self.usageMessage { _ = try await orville.jobs.create(prompt: "  ") }?.contains("prompt") == true)
            let long = String(repeating: "x", count: 60_001)
            #expect(await Self.usageMessage { _ = try await orville.jobs.create(prompt: long) }?.contains("60,000") == true)
            // 60,000 characters exactly is fine.
            _ = try await orville.jobs.create(prompt: String(repeating: "x", count: 60_000))
            let created = sandbox.inspector.requests.count

            let png = try OrvilleImage(data: OrvilleFixtures.png, filename: "a.png")
            let six = Array(repeating: png, count: 6)
            #expect(await Self.usageMessage { _ = try await orville.jobs.create(prompt: "p", images: six) }?.contains("at most 5") == true)
            #expect(await Self.usageMessage { _ = try await orville.jobs.sendMessage("cadjob_x", prompt: "") } != nil)
            #expect(await Self.usageMessage { _ = try await orville.jobs.review("cadjob_x", prompt: "p", viewerState: .array([])) } != nil)
            #expect(await Self.usageMessage { _ = try await orville.jobs.page(limit: 101) }?.contains("1 to 100") == true)
            #expect(sandbox.inspector.requests.count == created)
        }
    }

    @Test func imagesAreJudgedByContentAndSize() throws {
        let disguised = try OrvilleFixtures.file("photo.png", OrvilleFixtures.text)
        #expect(throws: InputValidationError.self) { try OrvilleImage(path: disguised) }
        #expect(throws: InputValidationError.self) { try OrvilleImage(path: "/nonexistent/sketch.png") }
        let tooLarge = try OrvilleFixtures.file("big.png", OrvilleFixtures.png + Data(count: 10 * 1024 * 1024))
        #expect(throws: InputValidationError.self) { try OrvilleImage(path: tooLarge) }
        let limit = try OrvilleFixtures.file("limit.png", OrvilleFixtures.png + Data(count: 10 * 1024 * 1024 - 128))
        #expect(try OrvilleImage(path: limit).size == 10 * 1024 * 1024)
        let renamed = try OrvilleFixtures.file("sketch.txt", OrvilleFixtures.gif)
        #expect(try OrvilleImage(path: renamed).kind == .gif)
    }

    @Test func downloadNamesAreSanitisedAndDistinct() {
        let names = OrvilleArtifactsAPI.fileNames(for: [
            OrvilleArtifact(id: "art_1", filename: "../../etc/passwd.step"),
            OrvilleArtifact(id: "art_2", filename: "part.step"),
            OrvilleArtifact(id: "art_3", filename: "part.step"),
            OrvilleArtifact(id: "art_4", filename: nil),
        ])
        #expect(names.allSatisfy { !$0.contains("/") && $0 != ".." && !$0.hasPrefix("..") })
        #expect(names[1] == "part.step" && names[2] == "part-2.step" && names[3] == "art_4.step")
        #expect(Set(names).count == 4)
    }
}
