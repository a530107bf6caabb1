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

    /// `("part", ".step")` for `part.step`; no extension for dot files.
    static func splitExtension(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}
