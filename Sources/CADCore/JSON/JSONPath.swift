/// A place in a JSON document, written the way problems name it: `steps[4].steps[0].params.shape`.
///
/// The document itself is the empty path (written `""`). Keys that are not plain identifiers are
/// written in brackets: `params["my key"]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step down into a document.
    public enum Component: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// An object member.
        case key(String)
        /// An array element.
        case index(Int)

        /// A key from a literal.
        public init(stringLiteral value: String) { self = .key(value) }
        /// An index from a literal.
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    /// The steps from the document root.
    public var components: [Component]

    /// A path from its components.
    public init(_ components: [Component] = []) { self.components = components }

    /// A path from a literal list of components.
    public init(arrayLiteral elements: Component...) { components = elements }

    /// The document root.
    public static let root = JSONPath()

    /// This path extended by an object key.
    public func appending(_ key: String) -> JSONPath { JSONPath(components + [.key(key)]) }

    /// This path extended by an array index.
    public func appending(_ index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

    /// The last key of the path, if it ends in one.
    public var lastKey: String? {
        if case .key(let key)? = components.last { return key }
        return nil
    }

    /// The path as text, e.g. `steps[3].items`; the root is the empty string.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if JSONPath.isIdentifier(key) {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "[" + JSONValue.string(key).serialized() + "]"
                }
            }
        }
        return text
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first,
              first == "_" || first == "$" || first.properties.isAlphabetic
        else { return false }
        return key.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "$" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
        }
    }
}
