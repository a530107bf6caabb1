import CADSandbox
import Foundation
import Testing

@Suite("The sandbox's parts, inspected by cadctl: closed solids of the prompt's size")
struct SandboxPartsCLITests {
    @Test("STL, GLB and 3MF (and STEP when cadctl-occt is built) of \"a 42x17x9 mm block\"")
    func sandboxParts() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let box = CADBox.requested(by: "A 42x17x9 mm block")
        var formats: [CADFileFormat] = [.stl, .glb, .threeMF]
        if InspectPreviewCLITests.helper != nil { formats.append(.step) }
        var paths: [String] = []
        for format in formats {
            let url = directory.appendingPathComponent("block.\(format.fileExtension)")
            try CADFiles.file(format, box: box, name: "block").write(to: url)
            paths.append(url.path)
        }
        let cli = CLIRunner(configPath: directory.appendingPathComponent("c.toml").path)
        let outcome = try await cli.run(["inspect"] + paths + ["--expect", "size=42x17x9", "--expect", "closed",
                                                               "--expect", "bodies=1", "--expect", "volume=6426", "--tolerance", "0.05"])
        #expect(outcome.exitCode == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        // The GLB is upright in glTF's Y-up axes: its height (9 mm) is along Y.
        let glb = try await cli.run(["inspect", directory.appendingPathComponent("block.glb").path, "--expect", "size-xyz=42x9x17"])
        #expect(glb.exitCode == 0, "\(glb.stderr)")
    }
}
