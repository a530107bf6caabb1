/// The CAD file formats `inspect` and `preview` read.
public enum PartFormat: String, Sendable, CaseIterable {
    /// ISO 10303-21 (AP203, AP214, AP242), read through the `cadctl-occt` helper.
    case step
    /// STL, binary or ASCII.
    case stl
    /// Binary glTF 2.0.
    case glb
    /// glTF 2.0 JSON with embedded or adjacent buffers.
    case gltf
    /// 3D Manufacturing Format (core specification).
    case threeMF = "3mf"

    /// The format a file's extension names, or nil.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "step", "stp": self = .step
        case "stl": self = .stl
        case "glb": self = .glb
        case "gltf": self = .gltf
        case "3mf": self = .threeMF
        default: return nil
        }
    }

    /// The format of `path`: its extension's, else the one its first bytes show.
    public static func of(path: String) throws -> PartFormat {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), let format = PartFormat(pathExtension: String(name[name.index(after: dot)...])) {
            return format
        }
        let file = try InputFile(path: path)
        defer { file.close() }
        var head = [UInt8](repeating: 0, count: 256)
        let count = try file.read(into: &head, count: 256)
        if let format = sniff(head.prefix(count)) { return format }
        throw GeometryError.invalid(
            "\(path): unknown format: name it .step, .stp, .stl, .glb, .gltf or .3mf (its content is none of these)")
    }

    /// The format the first bytes of a file show, or nil.
    static func sniff(_ head: ArraySlice<UInt8>) -> PartFormat? {
        let text = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        if text.starts(with: Array("ISO-10303-21".utf8)) { return .step }
        if head.starts(with: Array("glTF".utf8)) { return .glb }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .threeMF }
        if text.starts(with: Array("solid".utf8)) { return .stl }
        if text.first == UInt8(ascii: "{"), text.count > 1 { return .gltf }
        return nil
    }

    /// How the format is named in `inspect`'s text output.
    public var displayName: String {
        switch self {
        case .step: return "STEP"
        case .stl: return "STL"
        case .glb: return "glTF (binary, .glb)"
        case .gltf: return "glTF"
        case .threeMF: return "3MF"
        }
    }

    /// The axis that points up in the format's convention: Y for glTF, Z for the others.
    public var upAxis: UpAxis { self == .glb || self == .gltf ? .y : .z }
}

/// Which axis of a file points up.
public enum UpAxis: Sendable {
    /// Y up (glTF).
    case y
    /// Z up (STEP, STL, 3MF).
    case z
}
