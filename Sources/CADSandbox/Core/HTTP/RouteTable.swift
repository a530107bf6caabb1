import Foundation

/// Identifies a route: method plus pattern, e.g. `GET /orville/api/v1/cad/jobs/{job_id}`.
///
/// The same text names routes in the fault plan and the inspector.
public struct RouteID: Sendable, Hashable, CustomStringConvertible {
    /// Upper-case method.
    public var method: String
    /// Full path pattern including the provider prefix; `{name}` marks a parameter segment.
    public var pattern: String

    /// Creates a route id.
    public init(method: String, pattern: String) {
        self.method = method.uppercased()
        self.pattern = pattern
    }

    /// `METHOD pattern`.
    public var description: String { "\(method) \(pattern)" }
}

/// Handles a matched request.
typealias RouteHandler = @Sendable (SandboxRequest) async throws -> SandboxResponse

/// A table of routes matched segment by segment; `{name}` segments match any one non-empty segment.
struct RouteTable: Sendable {
    struct Entry: Sendable {
        let id: RouteID
        let provider: SandboxProvider?
        let segments: [String]
        let handler: RouteHandler
    }

    enum Match {
        case found(Entry, parameters: [String: String])
        /// The path exists under other methods.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private(set) var entries: [Entry] = []

    mutating func add(_ method: String, _ pattern: String, provider: SandboxProvider?, handler: @escaping RouteHandler) {
        let id = RouteID(method: method, pattern: pattern)
        entries.append(Entry(id: id, provider: provider, segments: Self.segments(of: pattern), handler: handler))
    }

    func match(method: String, path: String) -> Match {
        let segments = Self.segments(of: path)
        var allowed: [String] = []
        for entry in entries {
            guard let parameters = Self.bind(entry.segments, to: segments) else { continue }
            if entry.id.method == method || (method == "HEAD" && entry.id.method == "GET") {
                return .found(entry, parameters: parameters)
            }
            allowed.append(entry.id.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    static func segments(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    private static func bind(_ pattern: [String], to path: [String]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix("{"), expected.hasSuffix("}") {
                let name = String(expected.dropFirst().dropLast())
                parameters[name] = actual.removingPercentEncoding ?? actual
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}

/// The routes of one provider, registered relative to its path prefix.
struct ProviderRoutes {
    let provider: SandboxProvider
    fileprivate(set) var table: RouteTable

    init(provider: SandboxProvider, table: RouteTable = RouteTable()) {
        self.provider = provider
        self.table = table
    }

    /// Adds `method path` (path relative to the provider prefix, e.g. `/api/v1/cad/jobs/{job_id}`).
    mutating func add(_ method: String, _ path: String, handler: @escaping RouteHandler) {
        table.add(method, provider.pathPrefix + path, provider: provider, handler: handler)
    }

    mutating func get(_ path: String, handler: @escaping RouteHandler) { add("GET", path, handler: handler) }
    mutating func post(_ path: String, handler: @escaping RouteHandler) { add("POST", path, handler: handler) }
    mutating func put(_ path: String, handler: @escaping RouteHandler) { add("PUT", path, handler: handler) }
    mutating func delete(_ path: String, handler: @escaping RouteHandler) { add("DELETE", path, handler: handler) }
}
