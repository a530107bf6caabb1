#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where downloads go: the one place output directories are created and file names joined to them.
public enum OutputPaths {
    /// Creates `directory` and its parents when missing (`.` for the empty string).
    ///
    /// - Throws: `CADError.usage` when it cannot be created or something other than a directory is there.
    public static func prepareDirectory(_ directory: String) throws {
        let path = directory.isEmpty ? "." : directory
        switch FileOperations.kind(at: path, followingLinks: true) {
        case .directory: return
        case .file, .other: throw CADError.usage("\(path) is not a directory; give a directory to download into")
        case .missing: break
        }
        var current = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw CADError.usage("cannot create the directory \(current): \(FileOperations.errnoText())")
            }
        }
    }

    /// `name` inside `directory` (`./name` for an empty directory), with one `/` between them.
    public static func path(_ name: String, in directory: String) -> String {
        var base = directory
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        if base.isEmpty { base = "." }
        return base == "/" ? "/" + name : base + "/" + name
    }
}
