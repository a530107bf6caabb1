/// The file Makistry produces: sent uppercase (`STEP`, `STL`, `GLB`, `3MF`), saved with a lowercase
/// extension (`.step`, `.stl`, `.glb`, `.3mf`). The default is STEP.
public enum MakistryOutputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// ISO 10303-21 (STEP AP214), exact B-rep geometry.
    case step = "STEP"
    /// Stereolithography mesh.
    case stl = "STL"
    /// Binary glTF 2.0.
    case glb = "GLB"
    /// 3D Manufacturing Format (a zip package).
    case threeMF = "3MF"

    /// Parses a format case-insensitively (`stl`, `Step`, `3mf`); also accepts `stp`.
    public init?(caseInsensitive text: String) {
        let upper = text.uppercased()
        if upper == "STP" { self = .step; return }
        self.init(rawValue: upper)
    }

    /// The provider-neutral format's Makistry spelling.
    public init(_ format: PromptToCADFormat) {
        switch format {
        case .step: self = .step
        case .stl: self = .stl
        case .glb: self = .glb
        case .threeMF: self = .threeMF
        }
    }

    /// The file extension, without the dot: `step`, `stl`, `glb`, `3mf`.
    public var fileExtension: String { rawValue.lowercased() }

    /// The format a file extension names (`.STEP`, `stp`, `glb`), if any.
    public init?(fileExtension: String) {
        var text = fileExtension
        if text.hasPrefix(".") { text.removeFirst() }
        self.init(caseInsensitive: text)
    }

    /// Recognises a format from the first bytes of a file (at least 84 help for binary STL): STEP
    /// (`ISO-10303-21`), GLB (`glTF`), 3MF (a zip, `PK\u{3}\u{4}`), STL (`solid` text or an 80-byte header
    /// followed by a triangle count). `nil` when nothing matches.
    public static func sniff(_ head: Data, totalSize: Int64? = nil) -> MakistryOutputFormat? {
        let bytes = [UInt8](head.prefix(512))
        func starts(with prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes[0..<prefix.count]) == prefix }
        if starts(with: Array("ISO-10303-21".utf8)) { return .step }
        if starts(with: Array("glTF".utf8)) { return .glb }
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .threeMF }
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        if text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).hasPrefix("solid") { return .stl }
        if bytes.count >= 84 {
            let count = UInt32(bytes[80]) | UInt32(bytes[81]) << 8 | UInt32(bytes[82]) << 16 | UInt32(bytes[83]) << 24
            if let totalSize { return totalSize == 84 + 50 * Int64(count) ? .stl : nil }
            return count > 0 ? .stl : nil
        }
        return nil
    }
}
