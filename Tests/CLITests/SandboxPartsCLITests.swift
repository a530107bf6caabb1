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

@Suite("--preview on a downloading command")
struct DownloadPreviewCLITests {
    @Test("jobs create --download DIR --preview writes FILE.png beside the model and lists it")
    func jobsCreatePreview() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSandbox { server in
            let cli = CLIRunner(configPath: directory.appendingPathComponent("c.toml").path,
                                extra: DoctorCommandTests.environment(server))
            let out = directory.appendingPathComponent("out").path
            let outcome = try await cli.run(["jobs", "create", "--provider", "makistry", "--format", "stl",
                                             "--prompt", "A 30x30x8 mm spacer", "--wait", "--download", out, "--preview"])
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2 && lines[0].hasSuffix(".stl") && lines[1] == lines[0] + ".png", "\(outcome.stdout)")
            let png = try Data(contentsOf: URL(fileURLWithPath: lines.last ?? ""))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }
}
