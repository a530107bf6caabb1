import Foundation

/// Workload 11: `cadctl inspect` and `cadctl preview` of a generated 1,000,000-triangle binary STL, against
/// trimesh (PyPI, in the virtual environment `make bench` creates under .build/) computing the same measures
/// (size, volume, area, closed, bodies) of the same file in the same run; and a STEP part of about 1,000
/// faces tessellated and rendered.
struct GeometryWorkloads {
    let settings: Settings

    var triangles: Int { settings.quick ? 200_000 : 1_000_000 }
    var python: String { settings.root.appendingPathComponent(".build/bench-venv/bin/python").path }
    var helper: String { settings.root.appendingPathComponent(".build/release/cadctl-occt").path }

    func run() -> [WorkloadSection] {
        let title = "11. Looking at a part: `cadctl inspect` vs trimesh, and `cadctl preview`"
        log("workload 11: inspect and preview of a \(triangles)-triangle STL")
        guard FileManager.default.isExecutableFile(atPath: settings.cadctl) else {
            return [WorkloadSection(title: title, description: "Not measured: \(settings.cadctl) is missing.", table: [])]
        }
        let directory = settings.scratch.appendingPathComponent("geometry")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stl = directory.appendingPathComponent("torus-\(triangles).stl").path
        let script = directory.appendingPathComponent("trimesh_inspect.py").path
        do {
            try Self.torusSTL(triangles: triangles).write(to: URL(fileURLWithPath: stl))
            try Data(Self.trimeshScript.utf8).write(to: URL(fileURLWithPath: script))
        } catch {
            return [WorkloadSection(title: title, description: "Could not write the test files: \(error)", table: [])]
        }
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: stl)[.size] as? Int) ?? 0
        let hasTrimesh = FileManager.default.isExecutableFile(atPath: python)
        var cadctlRuns: [ChildMeasurement] = [], trimeshRuns: [ChildMeasurement] = [], previewRuns: [ChildMeasurement] = []
        var cadctlOutput = "", trimeshOutput = ""
        for _ in 0..<settings.runs {
            if let run = try? runMeasured([settings.cadctl, "inspect", stl, "--json"]), run.exitStatus == 0 {
                cadctlRuns.append(run)
                cadctlOutput = run.stdout
            }
            if hasTrimesh, let run = try? runMeasured([python, script, stl]), run.exitStatus == 0 {
                trimeshRuns.append(run)
                trimeshOutput = run.stdout
            }
            let png = directory.appendingPathComponent("preview.png").path
            if let run = try? runMeasured([settings.cadctl, "preview", stl, "-o", png, "--size", "800x600"]), run.exitStatus == 0 {
                previewRuns.append(run)
            }
        }
        let cadctlTime = Self.median(cadctlRuns.map(\.wallSeconds)), trimeshTime = Self.median(trimeshRuns.map(\.wallSeconds))
        let cadctlRSS = Self.median(cadctlRuns.map { Double($0.peakRSSKiB) }), trimeshRSS = Self.median(trimeshRuns.map { Double($0.peakRSSKiB) })
        let previewTime = Self.median(previewRuns.map(\.wallSeconds))
        var table = [["Command", "Wall time, median (min–max)", "Peak RSS, median", "÷ file size"]]
        func row(_ name: String, _ runs: [ChildMeasurement]) {
            guard !runs.isEmpty else { table.append([name, "not measured", "–", "–"]); return }
            let times = runs.map(\.wallSeconds)
            let rss = Self.median(runs.map { Double($0.peakRSSKiB) }) ?? 0
            table.append([name, "\(Format.ms(Self.median(times) ?? 0)) (\(Format.ms(times.min() ?? 0))–\(Format.ms(times.max() ?? 0)))",
                          Format.mib(rss), fileBytes > 0 ? Format.ratio(rss * 1024 / Double(fileBytes)) : "–"])
        }
        row("`cadctl inspect FILE --json`", cadctlRuns)
        row("trimesh: load (merge vertices), bounds, volume, area, is_watertight, is_winding_consistent, body_count", trimeshRuns)
        row("`cadctl preview FILE --size 800x600` (iso, 2×2 supersampling)", previewRuns)
        var notes = ["cadctl printed: `\(cadctlOutput.trimmingCharacters(in: .whitespacesAndNewlines))`",
                     "trimesh printed: `\(trimeshOutput.trimmingCharacters(in: .whitespacesAndNewlines))`"]
        if !hasTrimesh { notes.append("trimesh was not measured: \(python) is missing (`make bench` creates it).") }
        var checks = [
            TargetCheck(workload: 11, target: "`inspect` of a \(triangles)-triangle STL faster than trimesh",
                        measured: Self.ratioText(cadctlTime, trimeshTime), met: quotient(cadctlTime, trimeshTime).map { $0 < 1 }),
            TargetCheck(workload: 11, target: "`inspect` peak RSS under 3× the file size (\(Format.mib(Double(fileBytes) / 1024)))",
                        measured: cadctlRSS.map { Format.ratio($0 * 1024 / Double(max(1, fileBytes))) } ?? "–",
                        met: cadctlRSS.map { $0 * 1024 < 3 * Double(fileBytes) }),
            TargetCheck(workload: 11, target: "`preview` 800x600 of the \(triangles)-triangle STL under 2 s",
                        measured: previewTime.map(Format.ms) ?? "–", met: previewTime.map { $0 < 2 }),
        ]
        _ = trimeshRSS
        checks.append(stepCheck(directory, notes: &notes, table: &table))
        return [WorkloadSection(
            title: title,
            description: "A closed torus of \(triangles) triangles (\(Format.mib(Double(fileBytes) / 1024)) binary STL), generated "
                + "by the harness. Whole-process wall time, \(settings.runs) runs each, alternating; trimesh's time includes "
                + "starting Python and importing trimesh, as cadctl's includes starting cadctl.",
            table: table, notes: notes, checks: checks)]
    }

    /// A STEP part of about 1,000 faces written by cadctl-occt, then `cadctl preview` of it (tessellation and render).
    private func stepCheck(_ directory: URL, notes: inout [String], table: inout [[String]]) -> TargetCheck {
        let target = "`preview` of a STEP part with ~1,000 faces (tessellation + render) under 2 s"
        let step = directory.appendingPathComponent("studs.step").path
        guard FileManager.default.isExecutableFile(atPath: helper),
              let written = try? runMeasured([helper, "write-reference", "many-faces", step, "1000"]), written.exitStatus == 0 else {
            notes.append("The STEP preview was not measured: \(helper) is missing or could not write the part.")
            return TargetCheck(workload: 11, target: target, measured: "–", met: nil)
        }
        var runs: [ChildMeasurement] = []
        for _ in 0..<settings.runs {
            if let run = try? runMeasured([settings.cadctl, "preview", step, "-o", step + ".png"]), run.exitStatus == 0 { runs.append(run) }
        }
        let times = runs.map(\.wallSeconds)
        let median = Self.median(times)
        table.append(["`cadctl preview studs.step` (1,000+ faces, through cadctl-occt)",
                      median.map { "\(Format.ms($0)) (\(Format.ms(times.min() ?? 0))–\(Format.ms(times.max() ?? 0)))" } ?? "failed",
                      Self.median(runs.map { Double($0.peakRSSKiB) }).map(Format.mib) ?? "–", "–"])
        return TargetCheck(workload: 11, target: target, measured: median.map(Format.ms) ?? "–", met: median.map { $0 < 2 })
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func quotient(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    static func ratioText(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b, b > 0 else { return "–" }
        return "\(Format.ms(a)) vs \(Format.ms(b)) (\(Format.ratio(a / b)))"
    }

    /// A closed torus (major radius 40 mm, minor 12 mm) of `triangles` triangles, as binary STL.
    static func torusSTL(triangles: Int) -> Data {
        let around = Int((Double(triangles) / 2 / 2).squareRoot() * 2)  // segments around the big circle
        let across = triangles / 2 / around                              // segments around the tube
        var data = Data(count: 84 + 50 * 2 * around * across)
        data.withUnsafeMutableBytes { raw in
            let header = Array("cadctl-bench torus".utf8)
            for (index, byte) in header.enumerated() { raw[index] = byte }
            raw.storeBytes(of: UInt32(2 * around * across).littleEndian, toByteOffset: 80, as: UInt32.self)
            func point(_ i: Int, _ j: Int) -> SIMD3<Float> {
                let u = Double(i % around) / Double(around) * 2 * .pi, v = Double(j % across) / Double(across) * 2 * .pi
                let r = 40 + 12 * cos(v)
                return SIMD3(Float(r * cos(u)), Float(r * sin(u)), Float(12 * sin(v)))
            }
            var offset = 84
            func put(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ c: SIMD3<Float>) {
                offset += 12
                for p in [a, b, c] {
                    for value in [p.x, p.y, p.z] {
                        raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
                        offset += 4
                    }
                }
                offset += 2
            }
            for i in 0..<around {
                for j in 0..<across {
                    let a = point(i, j), b = point(i + 1, j), c = point(i + 1, j + 1), d = point(i, j + 1)
                    put(a, b, c)
                    put(a, c, d)
                }
            }
        }
        return data
    }

    /// What trimesh computes: the same five measures.
    static let trimeshScript = """
        import json, sys, time
        start = time.monotonic()
        import trimesh
        imported = time.monotonic()
        mesh = trimesh.load(sys.argv[1], force="mesh")
        lo, hi = mesh.bounds
        result = {
            "size_mm": [float(v) for v in (hi - lo)],
            "volume_mm3": float(mesh.volume),
            "area_mm2": float(mesh.area),
            "triangles": int(len(mesh.faces)),
            "closed": bool(mesh.is_watertight and mesh.is_winding_consistent),
            "bodies": int(mesh.body_count),
            "seconds_after_import": round(time.monotonic() - imported, 3),
        }
        print(json.dumps(result))
        """
}
