import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `inspect` reports about one part file.
public struct PartReport: Sendable {
    /// The file's path as given.
    public var path: String
    /// Its format.
    public var format: PartFormat
    /// STL's encoding (binary or ASCII); nil for other formats.
    public var encoding: STLReader.Encoding?
    /// The length unit the file is written in (`mm`, `m`, `inch`, …); every measure is in mm.
    public var units: String
    /// The bounding box's smallest corner in mm.
    public var min: SIMD3<Double>
    /// The bounding box's largest corner in mm.
    public var max: SIMD3<Double>
    /// Volume in mm³.
    public var volume: Double
    /// Surface area in mm².
    public var area: Double
    /// Triangles (meshes); nil for STEP.
    public var triangles: Int?
    /// Solids (STEP); nil for meshes.
    public var solids: Int?
    /// Faces (STEP); nil for meshes.
    public var faces: Int?
    /// Separate bodies.
    public var bodies: Int
    /// Watertight (meshes: every edge shared by two triangles in opposite directions; STEP: valid closed shells).
    public var closed: Bool
    /// Why it is not closed, when it is not and that is known (`3 open edges`, …).
    public var openReason: String?

    /// The bounding box's size in mm.
    public var size: SIMD3<Double> { max - min }
}

/// Reads any supported part file: measures for `inspect`, a mesh for `preview`.
public enum PartReader {
    /// Reads and measures the part at `path`.
    public static func inspect(path: String) throws -> PartReport {
        let format = try PartFormat.of(path: path)
        if format == .step {
            try checkStepHeader(path)
            let measured = try OCCTHelper.locate().measure(path)
            return PartReport(
                path: path, format: .step, encoding: nil, units: measured.units,
                min: SIMD3(measured.minMM[0], measured.minMM[1], measured.minMM[2]),
                max: SIMD3(measured.maxMM[0], measured.maxMM[1], measured.maxMM[2]),
                volume: measured.volumeMM3, area: measured.areaMM2, triangles: nil, solids: measured.solids,
                faces: measured.faces, bodies: measured.bodies, closed: measured.closed,
                openReason: measured.closed ? nil : "a shell is open or invalid")
        }
        let loaded = try mesh(path: path, format: format)
        let measures = MeshMeasures(loaded.mesh)
        var reasons: [String] = []
        if measures.triangles == 0 { reasons.append("no triangles") }
        if measures.openEdges > 0 { reasons.append("\(measures.openEdges) open edges") }
        if measures.misorientedEdges > 0 { reasons.append("\(measures.misorientedEdges) edges not consistently oriented") }
        if measures.nonManifoldEdges > 0 { reasons.append("\(measures.nonManifoldEdges) edges shared by more than two triangles") }
        return PartReport(
            path: path, format: format, encoding: loaded.encoding, units: loaded.units, min: measures.min,
            max: measures.max, volume: measures.volume, area: measures.area, triangles: measures.triangles,
            solids: nil, faces: nil, bodies: measures.bodies, closed: measures.isClosed,
            openReason: reasons.isEmpty ? nil : reasons.joined(separator: ", "))
    }

    /// The part at `path` as a triangle mesh in mm (STEP tessellated by the helper), with its format.
    public static func mesh(path: String) throws -> (mesh: IndexedMesh, format: PartFormat) {
        let format = try PartFormat.of(path: path)
        if format == .step {
            try checkStepHeader(path)
            let helper = try OCCTHelper.locate()
            let stl = FileManager.default.temporaryDirectory.appendingPathComponent("cadctl-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).stl").path
            defer { unlink(stl) }
            try helper.mesh(path, to: stl)
            return (try STLReader.read(path: stl).mesh, .step)
        }
        return (try mesh(path: path, format: format).mesh, format)
    }

    static func mesh(path: String, format: PartFormat) throws -> (mesh: IndexedMesh, encoding: STLReader.Encoding?, units: String) {
        switch format {
        case .stl:
            let read = try STLReader.read(path: path)
            return (read.mesh, read.encoding, "mm")
        case .glb, .gltf:
            return (try GLTFReader.read(path: path), nil, "m")
        case .threeMF:
            let read = try ThreeMFReader.read(path: path)
            return (read.mesh, nil, read.unit)
        case .step:
            return (try self.mesh(path: path).mesh, nil, "mm")
        }
    }

    /// Refuses a `.step` file without the ISO-10303-21 header before the helper is looked for.
    static func checkStepHeader(_ path: String) throws {
        let head = try InputFile.head(path, count: 256)
        guard PartFormat.sniff(head) == .step else {
            let what = FormatSniffer.describe(head).map { " (it looks like \($0))" } ?? ""
            throw GeometryError.invalid("not a STEP file: no ISO-10303-21 header\(what)")
        }
    }
}
