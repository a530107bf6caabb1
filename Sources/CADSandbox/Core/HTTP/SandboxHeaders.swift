/// An ordered list of header fields with case-insensitive lookup (names are stored lowercased).
struct SandboxHeaders: Sendable, Sequence {
    private(set) var fields: [(name: String, value: String)] = []

    init() {}
    init(_ pairs: [(String, String)]) { fields = pairs.map { (name: $0.0.lowercased(), value: $0.1) } }

    /// The first value of `name`, if any.
    subscript(name: String) -> String? {
        get {
            let lowered = name.lowercased()
            return fields.first { $0.name == lowered }?.value
        }
        set {
            remove(name)
            if let newValue { add(name, newValue) }
        }
    }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return fields.filter { $0.name == lowered }.map(\.value)
    }

    mutating func add(_ name: String, _ value: String) { fields.append((name: name.lowercased(), value: value)) }
    mutating func remove(_ name: String) {
        let lowered = name.lowercased()
        fields.removeAll { $0.name == lowered }
    }

    func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}
