import CADSandbox
import Foundation
import Testing

/// The STEP files the sandbox serves, read by OpenCASCADE: valid, closed solids of the requested size.
@Suite("cadctl-occt on the sandbox's STEP")
struct SandboxSTEPTests {
    static let prompts = [
        "a 40x20x10 mm bracket with two 5 mm holes",
        "a 100x50x3 mm plate",
        "a mounting block",
    ]

    @Test("the sandbox's STEP is one valid closed solid of the prompt's size", arguments: prompts)
    func sandboxStep(_ prompt: String) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let box = CADBox.requested(by: prompt)
        let path = scratch.file("sandbox.step")
        try CADFiles.step(box, name: "part").write(to: URL(fileURLWithPath: path))

        let measured = try await HelperRunner.run(["measure", path])
        try #require(measured.exitCode == 0, "measure failed: \(measured.stderr)")
        let json = try measured.json()
        #expect(json["units"] as? String == "mm")
        #expect(json["closed"] as? Bool == true, "the sandbox's STEP is not a valid closed B-rep: \(json)")
        #expect(number(json["solids"]) == 1)
        #expect(number(json["bodies"]) == 1)
        let low = try #require(triple(json["min_mm"])), high = try #require(triple(json["max_mm"]))
        let size = zip(low, high).map { $1 - $0 }.sorted()
        let requested = [box.width, box.depth, box.height].sorted()
        for axis in 0..<3 {
            #expect(abs(size[axis] - requested[axis]) <= 0.05, "size \(size) for \(requested)")
        }
        // Holes may make it smaller than the box, never larger.
        let volume = try #require(number(json["volume_mm3"]))
        #expect(volume > 0 && volume <= box.width * box.depth * box.height * 1.001)

        let meshed = try await HelperRunner.run(["mesh", path, scratch.file("sandbox.stl")])
        #expect(meshed.exitCode == 0, "\(meshed.stderr)")
    }
}
