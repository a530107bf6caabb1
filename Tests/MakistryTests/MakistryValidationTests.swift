import CADSandbox
import Foundation
import Makistry
import Testing

@Suite("Makistry requests are validated before anything is sent")
struct MakistryValidationTests {
    /// Runs `submit` against the sandbox, expects a usage error mentioning `fragment`, and checks that no
    /// request reached the server.
    func expectRefused(
        _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ submit: @escaping @Sendable (MakistryClient) async throws -> Void
    ) async throws {
        try await MakistryHarness.with { harness in
            let client = try harness.client()
            do {
                try await submit(client)
                Issue.record("expected a usage error about \(fragment)", sourceLocation: sourceLocation)
            } catch let error as InputValidationError {
                #expect(error.provider == "makistry" && CADError(error).category == .usage, sourceLocation: sourceLocation)
                #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            }
            #expect(harness.makistryRequests == 0, "nothing was sent", sourceLocation: sourceLocation)
        }
    }

    @Test("prompt: 1–5000 characters")
    func prompt() async throws {
        try await expectRefused("empty") { _ = try await $0.jobs.create(TextToCADRequest(prompt: "  ")) }
        try await expectRefused("5001 characters") {
            _ = try await $0.jobs.create(TextToCADRequest(prompt: String(repeating: "é", count: 5001)))
        }
        try await MakistryHarness.with { harness in
            _ = try await harness.client().jobs.create(TextToCADRequest(prompt: String(repeating: "é", count: 5000)))
            #expect(harness.server.inspector.jobsCreated(.makistry) == 1, "exactly 5000 is accepted")
        }
    }

    @Test("design modes per endpoint: pro is text-only")
    func modes() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png = try ImageFixtures.write(ImageFixtures.png, named: "a.png", in: directory)
        try await expectRefused("standard or assembly") {
            _ = try await $0.jobs.create(ImageToCADRequest(images: [png], designMode: .pro))
        }
    }

    @Test("images: 1–3 files, each a PNG/JPEG/WebP/GIF of at most 10 MB")
    func images() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png = try ImageFixtures.write(ImageFixtures.png, named: "a.png", in: directory)
        let text = try ImageFixtures.write(ImageFixtures.text, named: "fake.png", in: directory)
        let big = directory + "/big.png"
        var data = ImageFixtures.png
        data.append(Data(count: 10 * 1024 * 1024))
        try data.write(to: URL(fileURLWithPath: big))
        try await expectRefused("at least one image") { _ = try await $0.jobs.create(ImageToCADRequest(images: [])) }
        try await expectRefused("at most 3 images") {
            _ = try await $0.jobs.create(ImageToCADRequest(images: [png, png, png, png]))
        }
        try await expectRefused("not a PNG, JPEG, WebP or GIF") { _ = try await $0.jobs.create(ImageToCADRequest(images: [text])) }
        try await expectRefused("up to 10 MB") { _ = try await $0.jobs.create(ImageToCADRequest(images: [big])) }
        try await expectRefused("missing.png: cannot read it (No such file or directory); check the path") {
            _ = try await $0.jobs.create(ImageToCADRequest(images: [directory + "/missing.png"]))
        }
    }

    @Test("callback URL must be https; metadata must be an object")
    func callbackAndMetadata() async throws {
        try await expectRefused("https:// URLs only") {
            _ = try await $0.jobs.create(TextToCADRequest(prompt: "a box", callbackURL: "http://example.com/hook"))
        }
        try await expectRefused("no host") {
            _ = try await $0.jobs.create(TextToCADRequest(prompt: "a box", callbackURL: "https://"))
        }
        try await expectRefused("metadata must be a JSON object") {
            _ = try await $0.jobs.create(TextToCADRequest(prompt: "a box", metadata: .array([.number(1)])))
        }
        #expect(throws: CADError.self) { _ = try JSONValue.parse("{not json", what: "metadata") }
    }

    @Test("formats parse case-insensitively and recognise files by their first bytes")
    func formats() {
        #expect(MakistryOutputFormat(caseInsensitive: "stl") == .stl)
        #expect(MakistryOutputFormat(caseInsensitive: "3Mf") == .threeMF)
        #expect(MakistryOutputFormat(caseInsensitive: "obj") == nil)
        #expect(MakistryOutputFormat.threeMF.fileExtension == "3mf" && MakistryOutputFormat.threeMF.rawValue == "3MF")
        #expect(MakistryOutputFormat.sniff(Data("ISO-10303-21;\nHEADER;".utf8)) == .step)
        #expect(MakistryOutputFormat.sniff(Data("glTF".utf8) + Data(count: 20)) == .glb)
        #expect(MakistryOutputFormat.sniff(Data([0x50, 0x4B, 0x03, 0x04, 0, 0])) == .threeMF)
        var binarySTL = Data(count: 80)
        binarySTL.append(contentsOf: [1, 0, 0, 0])
        binarySTL.append(Data(count: 50))
        #expect(MakistryOutputFormat.sniff(binarySTL, totalSize: 134) == .stl)
        #expect(MakistryOutputFormat.sniff(binarySTL, totalSize: 135) == nil)
        #expect(MakistryOutputFormat.sniff(Data("hello".utf8)) == nil)
    }
}
