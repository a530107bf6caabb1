#if canImport(Glibc)
import Glibc
#endif

/// The process environment, read once; injectable for tests of precedence.
public struct Environment: Sendable {
    /// Every variable, by name.
    public var values: [String: String]

    /// An environment of exactly `values`.
    public init(values: [String: String]) {
        self.values = values
    }

    /// This process's environment.
    public static var current: Environment {
        var values: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer = pointer.advanced(by: 1)
        }
        return Environment(values: values)
    }

    /// The value of `name` when set and not empty.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }
}
