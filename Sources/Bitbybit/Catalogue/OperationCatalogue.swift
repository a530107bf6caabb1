/// Every operation a pipeline, execute or compound request may name, with its parameter names,
/// types and required parameters.
///
/// **Why a bundled JSON resource rather than generated Swift.** The catalogue (903 operations,
/// reduced from the official SDK's `pipeline-operations.ts`) is data the validator looks names up
/// in; it is not an API anyone calls operation by operation. As Swift it would be ~900 types or a
/// 5,000-line literal that slows every build of the module on a shared 2-core machine, and it
/// would have to be regenerated and re-reviewed whenever the provider's catalogue changes. As the
/// provider's own JSON, copied unchanged into `Resources/`, it stays the source of truth:
/// refreshing it is a file copy, and it is parsed once, lazily, on first use (~140 KB, a few ms).
/// Typed convenience for the common operations lives in ``BitbybitOperation``'s constants.
public struct OperationCatalogue: Sendable {
    /// One operation.
    public struct Operation: Sendable, Hashable {
        /// The dotted path.
        public let path: BitbybitOperation
        /// Its parameters, in the catalogue's order.
        public let parameters: [Parameter]

        /// The parameter with this exact name.
        public func parameter(named name: String) -> Parameter? {
            parameters.first { $0.name == name }
        }

        /// The names of the required parameters.
        public var requiredParameterNames: [String] { parameters.filter(\.isRequired).map(\.name) }
    }

    /// One parameter of an operation.
    public struct Parameter: Sendable, Hashable {
        /// Its name in `params`.
        public let name: String
        /// Its type.
        public let type: ParameterType
        /// Whether the operation requires it.
        public let isRequired: Bool
    }

    /// Where the catalogue was derived from (the resource's `source`).
    public let source: String
    /// Every operation path, sorted.
    public let operationPaths: [BitbybitOperation]
    /// The root namespaces, sorted.
    public let namespaces: [String]
    private let operations: [String: Operation]

    /// Reads a catalogue shaped like the bundled one:
    /// `{"operations": {"a.b": {"params": {"name": "type"}, "required": ["name"]}}, "source": "…"}`.
    public init(json: JSONValue) throws(CatalogueError) {
        guard let entries = json["operations"]?.objectValue else {
            throw CatalogueError(message: "the operation catalogue has no 'operations' object")
        }
        var operations: [String: Operation] = [:]
        for (path, entry) in entries {
            guard let params = entry["params"]?.objectValue else {
                throw CatalogueError(message: "operation '\(path)' in the catalogue has no 'params' object")
            }
            let required = Set(entry["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let parameters = params.map { name, type in
                Parameter(
                    name: name, type: ParameterType(typeScript: type.stringValue ?? "unknown"),
                    isRequired: required.contains(name))
            }
            operations[path] = Operation(path: BitbybitOperation(rawValue: path), parameters: parameters)
        }
        self.operations = operations
        operationPaths = operations.keys.sorted().map(BitbybitOperation.init(rawValue:))
        namespaces = Set(operations.keys.compactMap { $0.split(separator: ".").first.map(String.init) }).sorted()
        source = json["source"]?.stringValue ?? ""
    }

    /// The operation at `path`, if the catalogue has it.
    public subscript(path: BitbybitOperation) -> Operation? { operations[path.rawValue] }

    /// Whether the catalogue has `path`.
    public func contains(_ path: BitbybitOperation) -> Bool { operations[path.rawValue] != nil }

    /// The number of operations.
    public var count: Int { operations.count }

    /// Catalogue paths close to `path`, best first: by edit distance over the whole path, else those
    /// ending in the same operation name (`occt.createBox` → `occt.shapes.solid.createBox`).
    public func suggestions(for path: String, limit: Int = 3) -> [BitbybitOperation] {
        let close = NameSuggester.nearest(to: path, among: operationPaths.map(\.rawValue), limit: limit)
        if !close.isEmpty { return close.map(BitbybitOperation.init(rawValue:)) }
        guard let last = path.split(separator: ".").last?.lowercased(), !last.isEmpty else { return [] }
        let root = path.split(separator: ".").first.map(String.init) ?? ""
        let sameName = operationPaths.filter { $0.rawValue.split(separator: ".").last?.lowercased() == last }
        let preferred = sameName.filter { $0.namespace == root } + sameName.filter { $0.namespace != root }
        return Array(preferred.prefix(limit))
    }
}

/// The operation catalogue could not be read.
public struct CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
