/// A request path built from the provider's documented template: `{name}` placeholders filled in order with
/// percent-encoded values. `template` is the bounded label errors, logs and metrics use
/// (`/api/v1/tasks/{taskID}`); `path` is what is requested (`/api/v1/tasks/task_1`).
public struct EndpointPath: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The path as documented, with placeholders.
    public var template: String
    /// The concrete path, each placeholder replaced by its value as one percent-encoded segment.
    public var path: String

    /// `template` with its placeholders replaced, in order, by `values` (extra values are ignored; a
    /// placeholder without a value stays as written).
    public init(_ template: String, _ values: String...) {
        self.template = template
        var path = ""
        var remaining = values[...]
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            if let value = remaining.popFirst() {
                path += URLEncoding.pathSegment(value)
            } else {
                path += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        self.path = path + rest
    }

    /// A path without placeholders.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The concrete path.
    public var description: String { path }
}
