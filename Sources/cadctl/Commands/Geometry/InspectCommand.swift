import ArgumentParser
import CADCLICore
import CADCore
import CADGeometry
import Foundation

/// `cadctl inspect FILE…`: size, volume, area, triangles or solids, closed, bodies; `--expect` checks.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Measure STEP, STL, glTF/GLB and 3MF parts, and check them with --expect.",
        discussion: """
            Per file: format, units, bounding box (mm), volume (mm³), surface area (mm²), triangles (meshes) \
            or solids and faces (STEP), whether it is closed, and the number of separate bodies. STEP is read \
            by the cadctl-occt helper (OpenCASCADE).
            --expect forms: size=40x20x10 (sorted, so orientation does not matter), size-xyz=40x20x10 (in \
            order), volume=7214.6, area=2800, bodies=1, triangles=12, closed (or closed=false). Sizes are \
            compared within --tolerance mm, volume and area within 1 %. A failed check exits 9; a corrupt or \
            mislabelled file exits 2.
            """)

    @Argument(help: ArgumentHelp("Part files (.step, .stp, .stl, .glb, .gltf, .3mf).", valueName: "FILE"))
    var files: [String]
    @Option(name: .long, help: ArgumentHelp("A check every file must pass (repeatable).", valueName: "EXPR"))
    var expect: [String] = []
    @Option(name: .long, help: ArgumentHelp("Tolerance of size checks in mm.", valueName: "MM"))
    var tolerance: Double = 0.5
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard tolerance >= 0, tolerance.isFinite else { throw CLIError.usage("--tolerance must be a size in mm of 0 or more, e.g. --tolerance 0.1") }
        guard !files.isEmpty else { throw CLIError.usage("name at least one part file, e.g. cadctl inspect part.step") }
    }

    func run() throws {
        let expectations = try expect.map(PartExpectation.init(parsing:))
        var entries: [JSONValue] = []
        var firstError: Int32?
        var failedChecks = false
        for (number, path) in files.enumerated() {
            let report: PartReport
            do {
                report = try PartReader.inspect(path: path)
            } catch {
                // Reported as every error is (plain or JSON on stderr); the other files are still inspected.
                let status = ErrorReporter.report(GeometryFailure.cliError(error, path: path), json: global.json)
                firstError = firstError ?? status
                continue
            }
            let outcomes = expectations.map { ($0, $0.evaluate(report, tolerance: tolerance)) }
            for (expectation, outcome) in outcomes where !outcome.ok {
                failedChecks = true
                Console.error("error: \(path): check \(expectation.text) failed: expected \(outcome.expected), actual \(outcome.actualText)")
            }
            if global.json {
                entries.append(Self.json(report, outcomes))
            } else {
                if number > 0 { Console.result("") }
                Console.result(Self.text(report, outcomes))
            }
        }
        if global.json { Console.result(JSONText.render(PartOutput.document(entries))) }
        if let firstError { throw ExitCode(firstError) }
        if failedChecks { throw ExitCode(CLIError.ExitStatus.verification.rawValue) }
    }

    /// The file's entry of `--json`, with the outcome of each `--expect`.
    static func json(_ report: PartReport, _ outcomes: [(PartExpectation, PartExpectation.Outcome)]) -> JSONValue {
        PartOutput.entry(report, checks: outcomes.map { expectation, outcome in
            .object(JSONObject([
                ("expect", .string(expectation.text)), ("ok", .bool(outcome.ok)), ("actual", outcome.actual),
            ]))
        })
    }

    static func text(_ report: PartReport, _ outcomes: [(PartExpectation, PartExpectation.Outcome)]) -> String {
        func triple(_ v: SIMD3<Double>, separator: String) -> String {
            [v.x, v.y, v.z].map(NumberText.short).joined(separator: separator)
        }
        var format = report.format.displayName
        if let encoding = report.encoding { format += " (\(encoding.rawValue))" }
        var lines = [report.path]
        func add(_ label: String, _ value: String) { lines.append("  " + label.padding(toLength: 11, withPad: " ", startingAt: 0) + value) }
        add("format", format)
        add("units", report.units + (report.units == "mm" ? "" : " (shown in mm)"))
        add("size", triple(report.size, separator: " x ") + " mm")
        add("bounds", "(" + triple(report.min, separator: ", ") + ") to (" + triple(report.max, separator: ", ") + ") mm")
        add("volume", NumberText.short(report.volume) + " mm³")
        add("area", NumberText.short(report.area) + " mm²")
        if let triangles = report.triangles { add("triangles", "\(triangles)") }
        if let solids = report.solids { add("solids", "\(solids)") }
        if let faces = report.faces { add("faces", "\(faces)") }
        add("closed", report.closed ? "yes" : "no" + (report.openReason.map { " (\($0))" } ?? ""))
        add("bodies", "\(report.bodies)")
        for (expectation, outcome) in outcomes {
            add("check", "\(expectation.text): " + (outcome.ok ? "ok" : "FAILED (actual \(outcome.actualText))"))
        }
        return lines.joined(separator: "\n")
    }
}

/// How the CLI reports a geometry failure (shared with the MCP server: `PartOutput.failure`).
enum GeometryFailure {
    static func cliError(_ error: any Error, path: String) -> CLIError { PartOutput.failure(error, path: path) }
}

