import Foundation
import Testing

/// Reference solids written by OpenCASCADE (`write-reference`, which also prints their analytic measures)
/// read back by `measure` and `mesh`, in millimetres and in inches.
@Suite("cadctl-occt reference solids")
struct ReferenceSolidTests {
    struct Reference: CustomTestStringConvertible, Sendable {
        var kind: String
        var unit: String
        var parameters: [String]

        var testDescription: String { "\(kind) \(parameters.joined(separator: " ")) (\(unit))" }
    }

    /// Every kind in both units; inch parameters are inch lengths (a 2 x 1 x 0.5 inch box is 50.8 x 25.4 x 12.7 mm).
    static let references: [Reference] = [
        Reference(kind: "box", unit: "mm", parameters: ["40", "20", "10"]),
        Reference(kind: "box", unit: "inch", parameters: ["2", "1", "0.5"]),
        Reference(kind: "box-with-holes", unit: "mm", parameters: ["40", "20", "10", "5"]),
        Reference(kind: "box-with-holes", unit: "inch", parameters: ["1.6", "0.8", "0.4", "0.2"]),
        Reference(kind: "cylinder", unit: "mm", parameters: ["10", "20"]),
        Reference(kind: "cylinder", unit: "inch", parameters: ["0.4", "0.8"]),
        Reference(kind: "two-boxes", unit: "mm", parameters: []),
        Reference(kind: "two-boxes", unit: "inch", parameters: ["1", "0.5", "0.25"]),
        Reference(kind: "open-shell", unit: "mm", parameters: []),
        Reference(kind: "open-shell", unit: "inch", parameters: ["1", "2", "3"]),
        Reference(kind: "many-faces", unit: "mm", parameters: ["60"]),
        Reference(kind: "many-faces", unit: "inch", parameters: ["60"]),
    ]

    /// Writes `reference` and returns the STEP path and the analytic measures the writer printed.
    static func write(_ reference: Reference, in scratch: ScratchDirectory) async throws -> (path: String, expected: [String: Any]) {
        let path = scratch.file("\(reference.kind)-\(reference.unit).step")
        let written = try await HelperRunner.run(["write-reference", reference.kind, path, "--unit", reference.unit] + reference.parameters)
        try #require(written.exitCode == 0, "write-reference failed: \(written.stderr)")
        return (path, try written.json())
    }

    @Test("measure reads the sizes, volume, area, counts and closedness OpenCASCADE wrote", arguments: references)
    func measure(_ reference: Reference) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (path, expected) = try await Self.write(reference, in: scratch)
        let measured = try await HelperRunner.run(["measure", path])
        try #require(measured.exitCode == 0, "measure failed: \(measured.stderr)")
        let actual = try measured.json()

        #expect(actual["units"] as? String == reference.unit)
        let expectedMin = try #require(triple(expected["min_mm"])), expectedMax = try #require(triple(expected["max_mm"]))
        let actualMin = try #require(triple(actual["min_mm"])), actualMax = try #require(triple(actual["max_mm"]))
        for axis in 0..<3 {
            #expect(abs(actualMin[axis] - expectedMin[axis]) <= 0.05, "min[\(axis)]: \(actualMin[axis]) vs \(expectedMin[axis])")
            #expect(abs(actualMax[axis] - expectedMax[axis]) <= 0.05, "max[\(axis)]: \(actualMax[axis]) vs \(expectedMax[axis])")
        }
        let expectedArea = try #require(number(expected["area_mm2"]))
        let actualArea = try #require(number(actual["area_mm2"]))
        #expect(abs(actualArea - expectedArea) <= expectedArea * 0.001, "area \(actualArea) vs \(expectedArea)")
        // The open shell encloses nothing: the writer expects no volume, and `closed` says not to trust one.
        if let expectedVolume = number(expected["volume_mm3"]) {
            let actualVolume = try #require(number(actual["volume_mm3"]))
            #expect(abs(actualVolume - expectedVolume) <= expectedVolume * 0.001, "volume \(actualVolume) vs \(expectedVolume)")
        } else {
            #expect(number(actual["volume_mm3"]) != nil, "volume_mm3 is always a number")
        }
        for key in ["solids", "faces", "shells", "bodies"] {
            #expect(number(actual[key]) == number(expected[key]), "\(key): \(actual[key] ?? "nil") vs \(expected[key] ?? "nil")")
        }
        #expect(actual["closed"] as? Bool == expected["closed"] as? Bool)
    }

    @Test("mesh writes a binary STL whose count, bounds and volume match the solid", arguments: references)
    func mesh(_ reference: Reference) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (path, expected) = try await Self.write(reference, in: scratch)
        let stlPath = scratch.file("out.stl")
        let meshed = try await HelperRunner.run(["mesh", path, stlPath])
        try #require(meshed.exitCode == 0, "mesh failed: \(meshed.stderr)")
        let answer = try meshed.json()
        #expect(answer.keys.sorted() == ["triangles"])
        let stl = try #require(STLFile(try Data(contentsOf: URL(fileURLWithPath: stlPath))), "not a well-formed binary STL")
        #expect(number(answer["triangles"]) == Double(stl.declaredCount))
        #expect(stl.declaredCount > 0)
        // No temporary file is left beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == [URL(fileURLWithPath: path).lastPathComponent, "out.stl"].sorted())

        // Millimetres, in the file's axes: the mesh fills the exact bounding box (within the chord deflection).
        let expectedMin = try #require(triple(expected["min_mm"])), expectedMax = try #require(triple(expected["max_mm"]))
        let diagonal = sqrt(zip(expectedMin, expectedMax).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) })
        let bounds = stl.bounds
        for axis in 0..<3 {
            #expect(abs(bounds.min[axis] - expectedMin[axis]) <= max(0.05, diagonal * 0.005), "mesh min[\(axis)] \(bounds.min[axis])")
            #expect(abs(bounds.max[axis] - expectedMax[axis]) <= max(0.05, diagonal * 0.005), "mesh max[\(axis)] \(bounds.max[axis])")
        }
        if expected["closed"] as? Bool == true {
            let exactVolume = try #require(number(expected["volume_mm3"]))
            // Positive: every face's triangles wind outwards, reversed faces included.
            #expect(abs(stl.signedVolume - exactVolume) <= exactVolume * 0.01, "mesh volume \(stl.signedVolume) vs \(exactVolume)")
            #expect(stl.unmatchedEdges() == 0, "a closed solid meshes to a closed, consistently oriented mesh")
        } else {
            #expect(stl.unmatchedEdges() > 0, "an open shell meshes to an open mesh")
        }
    }

    @Test("measure reads every application protocol", arguments: [
        ("AP203", "CONFIG_CONTROL_DESIGN"), ("AP214", "AUTOMOTIVE_DESIGN"), ("AP242", "AP242_MANAGED_MODEL_BASED_3D_ENGINEERING"),
    ])
    func schemas(_ schema: String, _ schemaName: String) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("\(schema).step")
        let written = try await HelperRunner.run(
            ["write-reference", "box-with-holes", path, "--unit", "inch", "--schema", schema, "1.6", "0.8", "0.4", "0.2"])
        try #require(written.exitCode == 0, "\(written.stderr)")
        let expected = try written.json()
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(schemaName))
        let measured = try await HelperRunner.run(["measure", path])
        let actual = try measured.json()
        #expect(actual["units"] as? String == "inch")
        let expectedVolume = try #require(number(expected["volume_mm3"])), actualVolume = try #require(number(actual["volume_mm3"]))
        #expect(abs(actualVolume - expectedVolume) <= expectedVolume * 0.001)
        #expect(triple(actual["max_mm"]).map { zip($0, [40.64, 20.32, 10.16]).allSatisfy { abs($0 - $1) <= 0.05 } } == true)
        #expect(actual["closed"] as? Bool == true)
    }

    @Test("the tessellation honours --linear-deflection and --angular-deflection")
    func deflection() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (path, _) = try await Self.write(Reference(kind: "cylinder", unit: "mm", parameters: ["10", "20"]), in: scratch)
        let coarse = try await HelperRunner.run(["mesh", path, scratch.file("coarse.stl"), "--linear-deflection", "1", "--angular-deflection", "1"])
        let fine = try await HelperRunner.run(["mesh", path, scratch.file("fine.stl"), "--linear-deflection=0.01", "--angular-deflection=0.1"])
        try #require(coarse.exitCode == 0 && fine.exitCode == 0, "\(coarse.stderr) \(fine.stderr)")
        let coarseCount = try #require(number(try coarse.json()["triangles"]))
        let fineCount = try #require(number(try fine.json()["triangles"]))
        #expect(fineCount > coarseCount * 4, "fine \(fineCount) vs coarse \(coarseCount)")

        let bad = try await HelperRunner.run(["mesh", path, scratch.file("bad.stl"), "--linear-deflection", "-1"])
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.contains("--linear-deflection"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("bad.stl")))
    }

    @Test("write-reference many-faces 1000 makes a solid of at least 1,000 faces")
    func thousandFaces() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (path, expected) = try await Self.write(Reference(kind: "many-faces", unit: "mm", parameters: ["1000"]), in: scratch)
        let faces = try #require(number(expected["faces"]))
        #expect(faces >= 1000 && faces < 1100)
        let measured = try await HelperRunner.run(["measure", path])
        #expect(number(try measured.json()["faces"]) == faces)
    }

    @Test("--version names the helper and OpenCASCADE")
    func version() async throws {
        let outcome = try await HelperRunner.run(["--version"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.hasPrefix("cadctl-occt "))
        #expect(outcome.stdout.contains("OpenCASCADE 7."))
    }
}
