#if canImport(Glibc)
import Glibc
#endif

/// Small file-system helpers for downloads.
enum OrvilleFiles {
    /// Whether anything exists at `path` (a dangling symlink counts).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates `directory` and its parents when missing.
    ///
    /// - Throws: `CADError.usage` when it cannot be created or is not a directory.
    static func prepareDirectory(_ directory: String) throws {
        let path = directory.isEmpty ? "." : directory
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CADError.usage("\(path) is not a directory; give a directory to download into")
            }
            return
        }
        var current = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw CADError.usage("cannot create the directory \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// `("part", ".step")` for `part.step`; no extension for dot files.
    static func splitExtension(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}
