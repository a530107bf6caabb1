import Foundation
import Testing

/// Files that are not STEP, or are corrupt, end with exit 2 and a one-line reason; never with a crash.
@Suite("cadctl-occt corrupt inputs")
struct CorruptInputTests {
    /// Runs `measure` and `mesh` on `path` and expects exit 2 with a reason starting with `prefix`, and no STL.
    static func expectRejected(_ path: String, prefix: String, in scratch: ScratchDirectory,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let measured = try await HelperRunner.run(["measure", path])
        #expect(measured.exitCode == 2, "measure exit \(measured.exitCode): \(measured.stderr)", sourceLocation: sourceLocation)
        #expect(measured.stdout.isEmpty, sourceLocation: sourceLocation)
        expectOneLineReason(measured.stderr, prefix: prefix, sourceLocation: sourceLocation)

        let stlPath = scratch.file("rejected.stl")
        let meshed = try await HelperRunner.run(["mesh", path, stlPath])
        #expect(meshed.exitCode == 2, "mesh exit \(meshed.exitCode): \(meshed.stderr)", sourceLocation: sourceLocation)
        expectOneLineReason(meshed.stderr, prefix: prefix, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: stlPath), "no STL for a rejected file", sourceLocation: sourceLocation)
    }

    static func expectOneLineReason(_ stderr: String, prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "one line on stderr, got: \(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.hasPrefix(prefix), "stderr: \(stderr)", sourceLocation: sourceLocation)
    }

    /// A real STEP file written by OpenCASCADE (a box with two holes: planes, cylinders, p-curves).
    static func realStep(in scratch: ScratchDirectory) async throws -> String {
        let path = scratch.file("real.step")
        let written = try await HelperRunner.run(["write-reference", "box-with-holes", path, "40", "20", "10", "5"])
        try #require(written.exitCode == 0, "\(written.stderr)")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("an empty file is not STEP")
    func empty() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("empty.step")
        try Data().write(to: URL(fileURLWithPath: path))
        try await Self.expectRejected(path, prefix: "not a STEP file: ", in: scratch)
    }

    @Test("random bytes are not STEP")
    func randomBytes() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var generator = SeededGenerator(seed: 16)
        let path = scratch.file("random.step")
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: path))
        try await Self.expectRejected(path, prefix: "not a STEP file: ", in: scratch)
    }

    @Test("an STL renamed .step is not STEP", arguments: ["binary", "ascii"])
    func renamedSTL(_ encoding: String) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("part.step")
        if encoding == "ascii" {
            let text = "solid part\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid part\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            let step = try await HelperRunner.run(["write-reference", "box", scratch.file("box.step"), "1", "2", "3"])
            try #require(step.exitCode == 0)
            let meshed = try await HelperRunner.run(["mesh", scratch.file("box.step"), path])
            try #require(meshed.exitCode == 0)
        }
        try await Self.expectRejected(path, prefix: "not a STEP file: no ISO-10303-21 header", in: scratch)
    }

    @Test("a truncated STEP file is corrupt")
    func truncated() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let text = try await Self.realStep(in: scratch)
        let path = scratch.file("truncated.step")
        try String(text.prefix(text.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.expectRejected(path, prefix: "corrupt STEP file: ", in: scratch)
    }

    @Test("a STEP file cut short but closed properly (entities referenced and missing) is corrupt")
    func cutDataSection() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let lines = try await Self.realStep(in: scratch).split(separator: "\n", omittingEmptySubsequences: false)
        let endOfData = try #require(lines.lastIndex { $0.hasPrefix("ENDSEC;") })
        let kept = lines[..<(endOfData / 2)] + lines[endOfData...]
        let path = scratch.file("cut.step")
        try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.expectRejected(path, prefix: "corrupt STEP file: ", in: scratch)
    }

    @Test("a STEP file referencing an entity that does not exist is corrupt")
    func missingReference() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let text = try await Self.realStep(in: scratch)
        // The first edge curve starts at a vertex that is not in the file.
        let range = try #require(text.range(of: #"EDGE_CURVE\('',#\d+"#, options: .regularExpression))
        let broken = text.replacingCharacters(in: range, with: "EDGE_CURVE('',#987654")
        let path = scratch.file("missing.step")
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.expectRejected(path, prefix: "corrupt STEP file: ", in: scratch)
    }

    /// Found by the mutation loop: a line of length 1.E+308 in an inch file overflows to infinity in mm,
    /// and OpenCASCADE then trims a curve for ever; a length of 1.E-300 leaves a curve unbounded.
    @Test("absurd lengths are rejected, not looped on", arguments: ["1.E+308", "-1.E+95", "1.E-300"])
    func absurdLengths(_ magnitude: String) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("inch.step")
        let written = try await HelperRunner.run(["write-reference", "box-with-holes", path, "--unit", "inch", "1.6", "0.8", "0.4", "0.2"])
        try #require(written.exitCode == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let broken = text.replacingOccurrences(of: #"(VECTOR\('',#\d+,)[^)]*\)"#, with: "$1\(magnitude))", options: .regularExpression)
        #expect(broken != text)
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.expectRejected(path, prefix: "corrupt STEP file: ", in: scratch)
    }

    /// OpenCASCADE's parser recurses once per parenthesis: a million overflow its stack. The helper's signal
    /// guard (on an alternate stack) turns the SIGSEGV into exit 2 and a reason.
    @Test("a stack overflow in OpenCASCADE's parser is exit 2 with a reason, not a crash")
    func stackOverflow() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("deep.step")
        let written = try await HelperRunner.run(["write-reference", "box", path, "1", "2", "3"])
        try #require(written.exitCode == 0)
        let depth = 1_000_000
        let nested = "#999999 = CARTESIAN_POINT(''," + String(repeating: "(", count: depth) + "0." + String(repeating: ")", count: depth) + ");"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let deep = text.replacingOccurrences(of: "DATA;", with: "DATA;\n" + nested)
        #expect(deep.contains(nested))
        try deep.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try await HelperRunner.run(["measure", path])
        #expect(outcome.exitCode == 2, "exit \(outcome.exitCode): \(outcome.stderr)")
        Self.expectOneLineReason(outcome.stderr, prefix: "corrupt STEP file: ")
    }

    /// Found by the mutation loop: OpenCASCADE's reader dereferences the missing point and crashes unless
    /// the helper rejects the file first.
    @Test("a STEP file missing an entity others refer to is corrupt, named in the reason")
    func deletedEntity() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("deleted.step")
        let written = try await HelperRunner.run(["write-reference", "box", path, "--unit", "inch", "2", "1", "0.5"])
        try #require(written.exitCode == 0)
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        // Delete the last cartesian point of a vertex: the vertex then refers to nothing.
        let vertex = try #require(lines.last { $0.contains("VERTEX_POINT(") })
        let pointID = try #require(vertex.range(of: #"#\d+\s*\)"#, options: .regularExpression).map { String(vertex[$0].dropLast()).trimmingCharacters(in: .whitespaces) })
        let index = try #require(lines.firstIndex { $0.hasPrefix(pointID + " ") || $0.hasPrefix(pointID + "=") })
        lines.remove(at: index)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try await HelperRunner.run(["measure", path])
        #expect(outcome.exitCode == 2)
        Self.expectOneLineReason(outcome.stderr, prefix: "corrupt STEP file: Unresolved Reference")
        #expect(outcome.stderr.contains(pointID), "names the missing entity: \(outcome.stderr)")
    }

    @Test("a STEP file with no entities is corrupt")
    func noEntities() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("nothing.step")
        try "ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n".write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.expectRejected(path, prefix: "corrupt STEP file: ", in: scratch)
    }

    @Test("a missing file or a directory is exit 1, not a corrupt file")
    func unreadable() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for path in [scratch.file("absent.step"), scratch.path] {
            let outcome = try await HelperRunner.run(["measure", path])
            #expect(outcome.exitCode == 1, "\(path): exit \(outcome.exitCode)")
            #expect(outcome.stderr.hasPrefix("cannot read "), "\(outcome.stderr)")
        }
        let usage = try await HelperRunner.run(["measure"])
        #expect(usage.exitCode == 1)
        let unknown = try await HelperRunner.run(["explode", "x.step"])
        #expect(unknown.exitCode == 1)
    }

    /// Mutations of a real STEP file that keep its framing, so they reach the parser and the B-rep
    /// transfer: either the file still reads (exit 0, the JSON) or it is rejected (exit 2, one line);
    /// a signal (exit 128 + n) or anything else fails. `CADCTL_FUZZ_COUNT` scales the count (default 40).
    @Test("mutated STEP files are read or rejected, never crash the helper")
    func mutations() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let lines = try await Self.realStep(in: scratch).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstData = try #require(lines.firstIndex { $0.hasPrefix("DATA;") }) + 1
        let endOfData = try #require(lines.lastIndex { $0.hasPrefix("ENDSEC;") })
        let count = max(1, (ProcessInfo.processInfo.environment["CADCTL_FUZZ_COUNT"].flatMap(Int.init) ?? 300) * 40 / 300)
        var generator = SeededGenerator(seed: 1016)
        var outcomes: [Int32: Int] = [:]
        for round in 0..<count {
            var mutated = lines
            let mutation = StepMutation.allCases[round % StepMutation.allCases.count]
            mutation.apply(to: &mutated, data: firstData..<endOfData, using: &generator)
            let path = scratch.file("mutated-\(round).step")
            try mutated.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            // Alternate between measure and mesh, so both paths meet broken shapes.
            let arguments = round % 3 == 2 ? ["mesh", path, scratch.file("mutated.stl")] : ["measure", path]
            let outcome = try await HelperRunner.run(arguments)
            outcomes[outcome.exitCode, default: 0] += 1
            switch outcome.exitCode {
            case 0:
                _ = try outcome.json()
            case 2:
                Self.expectOneLineReason(outcome.stderr, prefix: outcome.stderr.hasPrefix("not") ? "not a STEP file: " : "corrupt STEP file: ")
            default:
                let saved = scratch.path + "-crash-\(round).step"
                try? FileManager.default.copyItem(atPath: path, toPath: saved)
                Issue.record("\(mutation) round \(round): exit \(outcome.exitCode) \(outcome.stderr) (file kept at \(saved))")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(outcomes.values.reduce(0, +) == count)
    }
}

/// How `mutations` breaks a STEP file: within the DATA section, so the framing stays valid.
enum StepMutation: CaseIterable {
    case deleteLine, duplicateLine, rewireReference, corruptByte, hugeNumber, deepNesting, swapLines

    func apply(to lines: inout [String], data: Range<Int>, using generator: inout SeededGenerator) {
        let index = Int.random(in: data, using: &generator)
        switch self {
        case .deleteLine:
            lines[index] = ""
        case .duplicateLine:
            lines.insert(lines[index], at: index)
        case .rewireReference:
            // Point one reference at another entity of the file (usually of the wrong type).
            guard let range = lines[index].range(of: #"#\d+"#, options: [.regularExpression, .backwards]) else { return }
            lines[index].replaceSubrange(range, with: "#\(Int.random(in: 1...(data.count), using: &generator))")
        case .corruptByte:
            var bytes = Array(lines[index].utf8)
            guard !bytes.isEmpty else { return }
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = Array("(),;'#$*.=0-9EX".utf8).randomElement(using: &generator) ?? 0x23
            lines[index] = String(decoding: bytes, as: UTF8.self)
        case .hugeNumber:
            guard let range = lines[index].range(of: #"-?\d+\.\d*(E[-+]?\d+)?"#, options: .regularExpression) else { return }
            lines[index].replaceSubrange(range, with: ["1.E+308", "-1.E+308", "0.", "1.E-308", "99999999999999999999."]
                .randomElement(using: &generator) ?? "0.")
        case .deepNesting:
            let depth = Int.random(in: 100...5000, using: &generator)
            lines.insert("#999999 = CARTESIAN_POINT(''," + String(repeating: "(", count: depth) + "0." + String(repeating: ")", count: depth) + ");", at: index)
        case .swapLines:
            let other = Int.random(in: data, using: &generator)
            lines.swapAt(index, other)
        }
    }
}

/// SplitMix64: a reproducible generator, so a failing mutation can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
