import CADGeometry

/// One `--expect` check of `cadctl inspect`: `size=40x20x10` (sorted), `size-xyz=40x20x10` (in order),
/// `volume=7214.6`, `area=…`, `bodies=1`, `triangles=12`, `closed` (or `closed=false`).
struct PartExpectation: Sendable {
    enum Check: Sendable {
        case size([Double], ordered: Bool)
        case volume(Double)
        case area(Double)
        case bodies(Int)
        case triangles(Int)
        case closed(Bool)
    }

    /// The expression as the user wrote it.
    var text: String
    var check: Check

    /// The outcome of a check on one file.
    struct Outcome {
        var ok: Bool
        var expected: String
        var actual: JSONText.Value
        var actualText: String
    }

    static let forms = "size=40x20x10, size-xyz=40x20x10, volume=7214.6, area=2800, bodies=1, triangles=12, closed or closed=false"

    init(parsing text: String) throws {
        self.text = text
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        let name = parts[0].lowercased(), value = parts.count > 1 ? parts[1] : nil
        func bad(_ why: String) -> CLIError { CLIError.usage("--expect \(text): \(why); the forms are \(Self.forms)") }
        func number(_ value: String?) throws -> Double {
            guard let value, let number = Double(value.hasSuffix("mm") ? String(value.dropLast(2)) : value), number.isFinite else {
                throw bad("\(name) needs a number")
            }
            return number
        }
        func count(_ value: String?) throws -> Int {
            guard let value, let number = Int(value), number >= 0 else { throw bad("\(name) needs a whole number") }
            return number
        }
        switch name {
        case "size", "size-xyz":
            let numbers = (value ?? "").lowercased().replacingOccurrences(of: "mm", with: "")
                .split(separator: "x", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 3, let values = numbers as? [Double], values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw bad("\(name) needs three sizes in mm, like 40x20x10")
            }
            check = .size(values, ordered: name == "size-xyz")
        case "volume": check = .volume(try number(value))
        case "area": check = .area(try number(value))
        case "bodies": check = .bodies(try count(value))
        case "triangles": check = .triangles(try count(value))
        case "closed":
            switch value?.lowercased() {
            case nil, "true", "yes": check = .closed(true)
            case "false", "no": check = .closed(false)
            default: throw bad("closed takes no value, or true or false")
            }
        default:
            throw bad("unknown check \"\(name)\"")
        }
    }

    /// Evaluates the check on `report`, sizes within `tolerance` mm, volume and area within 1 %.
    func evaluate(_ report: PartReport, tolerance: Double) -> Outcome {
        switch check {
        case let .size(expected, ordered):
            let size = [report.size.x, report.size.y, report.size.z]
            let actual = ordered ? size : size.sorted(by: >)
            let wanted = ordered ? expected : expected.sorted(by: >)
            let ok = zip(actual, wanted).allSatisfy { abs($0 - $1) <= tolerance }
            let text = actual.map(NumberText.short).joined(separator: "x")
            return Outcome(ok: ok, expected: wanted.map(NumberText.short).joined(separator: "x") + " mm (±\(NumberText.short(tolerance)) mm)",
                           actual: .string(text), actualText: text + " mm")
        case let .volume(expected):
            let ok = abs(report.volume - expected) <= abs(expected) * 0.01 + 1e-9
            return Outcome(ok: ok, expected: "\(NumberText.short(expected)) mm³ (±1 %)",
                           actual: .number(NumberText.rounded(report.volume)), actualText: NumberText.short(report.volume) + " mm³")
        case let .area(expected):
            let ok = abs(report.area - expected) <= abs(expected) * 0.01 + 1e-9
            return Outcome(ok: ok, expected: "\(NumberText.short(expected)) mm² (±1 %)",
                           actual: .number(NumberText.rounded(report.area)), actualText: NumberText.short(report.area) + " mm²")
        case let .bodies(expected):
            return Outcome(ok: report.bodies == expected, expected: "\(expected)", actual: .integer(report.bodies),
                           actualText: "\(report.bodies)")
        case let .triangles(expected):
            let actual = report.triangles
            return Outcome(ok: actual == expected, expected: "\(expected)", actual: actual.map(JSONText.Value.integer) ?? .null,
                           actualText: actual.map { "\($0)" } ?? "none (STEP is not a mesh)")
        case let .closed(expected):
            let actualText = report.closed ? "closed" : "open" + (report.openReason.map { " (\($0))" } ?? "")
            return Outcome(ok: report.closed == expected, expected: expected ? "closed" : "open", actual: .bool(report.closed),
                           actualText: actualText)
        }
    }
}

/// Numbers as `inspect` prints them.
enum NumberText {
    /// Rounded to 4 decimals (removes single-precision noise such as 40.000003814697266).
    static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        let result = (value * 10_000).rounded() / 10_000
        return result == 0 ? 0 : result
    }

    /// At most 3 decimals, trailing zeros removed: `40`, `12.5`, `7214.603`.
    static func short(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
