import CADCLICore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one directory the MCP server reads and writes under (`--root`, default the working directory).
///
/// A relative path is taken from the root. Every path is made canonical before the check: symbolic links
/// of the part that exists are resolved (`realpath`), `.` and `..` of the rest are applied, and the result
/// must be the root or lie below it. A path outside is refused with a usage error that names the root.
public struct RootDirectory: Sendable {
    /// The root, canonical (no symbolic links, no `..`).
    public let path: String

    /// The root at `path` (relative to the working directory), which must exist and be a directory.
    /// - Throws: `CLIError.usage` when it does not exist or is not a directory.
    public init(_ path: String) throws {
        guard let canonical = Self.realPath(path) else {
            throw CLIError.usage("--root \(path): no such directory; give an existing directory")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: canonical, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.usage("--root \(path) is not a directory; give the directory the assistant may use")
        }
        self.path = canonical
    }

    /// The canonical form of `path` (relative to the root), checked to lie under the root.
    /// - Parameters:
    ///   - path: the path a tool was given, absolute or relative to the root.
    ///   - argument: the tool argument the path came from, for the error.
    /// - Throws: `CLIError.usage` when the path leaves the root.
    public func resolve(_ path: String, argument: String) throws -> String {
        guard !path.isEmpty else { throw CLIError.usage("\(argument) is empty; give a path under \(self.path)") }
        let absolute = path.hasPrefix("/") ? path : self.path + "/" + path
        let canonical = Self.canonical(absolute)
        guard contains(canonical) else {
            throw CLIError.usage(
                "\(argument) '\(path)' is outside the root \(self.path) (resolved to \(canonical)): this server "
                    + "reads and writes only under its --root; give a path inside it")
        }
        return canonical
    }

    /// `resolve(_:argument:)` for a directory to write into, created (with its parents) when missing.
    /// - Throws: `CLIError.usage` when it leaves the root, is a file, or cannot be created.
    public func outputDirectory(_ path: String?, argument: String) throws -> String {
        let directory = try resolve(path ?? ".", argument: argument)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError.usage("\(argument) '\(path ?? ".")' is a file; give a directory for the results")
            }
            return directory
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError.usage("cannot create the directory \(directory): \(error.localizedDescription)")
        }
        // Created through links that might have appeared meanwhile: check the real result once more.
        return try resolve(directory, argument: argument)
    }

    /// Whether the canonical `path` is the root or lies below it.
    public func contains(_ canonicalPath: String) -> Bool {
        canonicalPath == path || canonicalPath.hasPrefix(path == "/" ? "/" : path + "/")
    }

    /// `absolute` with its symbolic links resolved and `.`/`..` applied. Applying `..` after a component
    /// that does not exist can bring a link into the existing part (`new/../link`), so the step repeats until
    /// the result no longer changes.
    static func canonical(_ absolute: String) -> String {
        var current = absolute
        for _ in 0..<16 {
            let next = canonicalStep(current)
            if next == current { return next }
            current = next
        }
        return current
    }

    /// One step: the symbolic links of the longest existing prefix resolved, `.`/`..` of the rest applied.
    private static func canonicalStep(_ absolute: String) -> String {
        var components = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var rest: [String] = []
        // The longest prefix that exists is resolved by the kernel (links and `..` in it included).
        while !components.isEmpty {
            if let real = realPath("/" + components.joined(separator: "/")) {
                return apply(rest, to: real)
            }
            rest.insert(components.removeLast(), at: 0)
        }
        return apply(rest, to: "/")
    }

    /// `base` followed by `components`, with `.` dropped and `..` removing the last component.
    private static func apply(_ components: [String], to base: String) -> String {
        var parts = base.split(separator: "/").map(String.init)
        for component in components {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `realpath(3)`, or `nil` when the path does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
