/// Names a file's format from its first bytes, for messages about mislabelled files.
enum FormatSniffer {
    /// "a STEP file", "a GLB (binary glTF) file", … or nil when the bytes are of no format it knows.
    static func describe(_ head: ArraySlice<UInt8>) -> String? {
        switch PartFormat.sniff(head) {
        case .step?: return "a STEP file"
        case .glb?: return "a GLB (binary glTF) file"
        case .gltf?: return "a glTF (JSON) file"
        case .threeMF?: return "a ZIP archive (3MF?)"
        case .stl?: return "an STL file"
        case nil: return nil
        }
    }
}
