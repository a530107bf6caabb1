import Foundation

/// Output file formats the sandbox produces.
public enum CADFileFormat: String, Sendable, CaseIterable, Codable {
    /// ISO 10303-21 (AP214).
    case step
    /// Binary glTF 2.0.
    case glb
    /// Binary STL.
    case stl
    /// 3D Manufacturing Format package.
    case threeMF = "3mf"

    /// File extension without the dot.
    public var fileExtension: String { rawValue }

    /// MIME type served with the file.
    public var mimeType: String {
        switch self {
        case .step: "model/step"
        case .glb: "model/gltf-binary"
        case .stl: "model/stl"
        case .threeMF: "model/3mf"
        }
    }
}

/// Generates small, valid CAD files of a box, shared by every provider imitation.
public enum CADFiles {
    /// A STEP AP214 file (ISO-10303-21 header, DATA section, `END-ISO-10303-21;`) with the box as a
    /// manifold solid B-rep in millimetres.
    public static func step(
        _ box: CADBox = .standard, name: String = "box", description: String = "cad-sandbox model",
        timestamp: Date = Date(timeIntervalSince1970: 1_780_000_000)
    ) -> Data {
        STEPWriter.part21(box, name: name, description: description, timestamp: timestamp)
    }

    /// A binary glTF 2.0 (GLB) with one mesh: POSITION and NORMAL accessors and 16-bit indices.
    public static func glb(_ box: CADBox = .standard, name: String = "box") -> Data {
        GLBWriter.binary(box, name: name)
    }

    /// A binary STL of 12 triangles (84 + 12 × 50 bytes).
    public static func stl(_ box: CADBox = .standard, name: String = "box") -> Data {
        STLWriter.binary(box, name: name)
    }

    /// A 3MF package: a stored ZIP with `[Content_Types].xml`, `_rels/.rels` and `3D/3dmodel.model`.
    public static func threeMF(_ box: CADBox = .standard, name: String = "box") -> Data {
        ThreeMFWriter.package(box, name: name)
    }

    /// The file of `format`.
    public static func file(_ format: CADFileFormat, box: CADBox = .standard, name: String = "box") -> Data {
        switch format {
        case .step: step(box, name: name)
        case .glb: glb(box, name: name)
        case .stl: stl(box, name: name)
        case .threeMF: threeMF(box, name: name)
        }
    }
}
