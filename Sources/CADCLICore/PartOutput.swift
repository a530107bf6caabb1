import CADCore
import CADGeometry

/// What `cadctl inspect --json` prints for a part, and how a part becomes a preview PNG: shared by the CLI
/// and its MCP server, so both answer alike.
public enum PartOutput {
    /// One file's entry of `{"files":[…]}`: path, format, units, sizes in mm, volume, area, triangles or
    /// solids, bodies, closed, and the `--expect` outcomes given as `checks`.
    public static func entry(_ report: PartReport, checks: [JSONValue] = []) -> JSONValue {
        func vector(_ v: SIMD3<Double>) -> JSONValue { .array([v.x, v.y, v.z].map { .number(rounded($0)) }) }
        return .object(JSONObject([
            ("path", .string(report.path)),
            ("format", .string(report.format.rawValue)),
            ("units", .string(report.units)),
            ("size_mm", vector(report.size)),
            ("min_mm", vector(report.min)),
            ("max_mm", vector(report.max)),
            ("volume_mm3", .number(rounded(report.volume))),
            ("area_mm2", .number(rounded(report.area))),
            ("triangles", report.triangles.map { .number(Double($0)) } ?? .null),
            ("solids", report.solids.map { .number(Double($0)) } ?? .null),
            ("bodies", .number(Double(report.bodies))),
            ("closed", .bool(report.closed)),
            ("checks", .array(checks)),
        ]))
    }

    /// The whole `cadctl inspect --json` document for `entries`.
    public static func document(_ entries: [JSONValue]) -> JSONValue {
        .object(["files": .array(entries)])
    }

    /// Rounded to 4 decimals (removes single-precision noise such as 40.000003814697266).
    public static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        let result = (value * 10_000).rounded() / 10_000
        return result == 0 ? 0 : result
    }

    /// Renders `file` to a PNG at `destination`, fitted to the frame, in the file's own axes.
    public static func writePreview(
        _ file: String, to destination: String, width: Int = 800, height: Int = 600, view: PreviewView = .iso,
        supersampling: Int = 2
    ) throws {
        let (mesh, format) = try PartReader.mesh(path: file)
        let image = PreviewRenderer(width: width, height: height, supersampling: supersampling)
            .render(mesh, up: format.upAxis, view: view)
        try PNGWriter.write(image, to: destination)
    }

    /// How a geometry failure is reported: corrupt or mislabelled files and unreadable input are usage
    /// errors (exit 2), a missing or failing helper a failure (exit 1).
    public static func failure(_ error: any Error, path: String) -> CLIError {
        guard let error = error as? GeometryError else { return CLIError(status: .failure, message: "\(path): \(error)") }
        let message = error.message.hasPrefix(path) ? error.message : "\(path): \(error.message)"
        switch error.kind {
        case .invalidFile, .unreadable: return CLIError(status: .usage, message: message)
        case .toolUnavailable: return CLIError(status: .failure, message: message)
        }
    }
}
