#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX file operations the downloader needs, with errors said in words.
enum FileOperations {
    /// The text of the current `errno`.
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// What is at `path`: nothing, a regular file, a directory, or something else.
    enum Kind { case missing, file, directory, other }

    /// What is at `path`; with `followingLinks`, what a symbolic link there points to.
    static func kind(at path: String, followingLinks: Bool = false) -> Kind {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The size of the file at `path`, or 0 when it cannot be read.
    static func size(at path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }

    /// The directory part of `path` (`.` when it has none) and its last component.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Creates a new, empty file named `.NAME.cadctl-partial-XXXXXXXX` in `directory`, never reusing an
    /// existing name, and returns its path.
    static func createTemporaryFile(in directory: String, for name: String) throws -> String {
        let stem = FileNameSanitizer.truncate(name, toBytes: FileNameSanitizer.maximumBytes)
        for _ in 0..<16 {
            let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let padded = String(repeating: "0", count: 8 - suffix.count) + suffix
            let path = (directory == "/" ? "" : directory) + "/.\(stem).cadctl-partial-\(padded)"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                close(descriptor)
                return path
            }
            if errno != EEXIST {
                throw CADError.other("cannot create a temporary file in \(directory): \(errnoText())")
            }
        }
        throw CADError.other("cannot create a temporary file in \(directory): too many name collisions")
    }

    /// Removes the temporary files (`.NAME.cadctl-partial-XXXXXXXX`) an interrupted download of `name` left in
    /// `directory` (a process killed mid-download cannot remove its own); called once `name` is in place.
    static func removeLeftoverTemporaries(in directory: String, for name: String) {
        let stem = FileNameSanitizer.truncate(name, toBytes: FileNameSanitizer.maximumBytes)
        let prefix = ".\(stem).cadctl-partial-"
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        var leftovers: [String] = []
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if entryName.hasPrefix(prefix) && entryName.count == prefix.count + 8 { leftovers.append(entryName) }
        }
        for leftover in leftovers { unlink((directory == "/" ? "" : directory) + "/" + leftover) }
    }

    /// Cuts the file at `path` to `length` bytes.
    static func truncateFile(_ path: String, to length: Int64) throws {
        guard truncate(path, off_t(length)) == 0 else {
            throw CADError.other("cannot truncate \(path): \(errnoText())")
        }
    }

    /// Moves the bytes from `offset` to the end of the file to its start and cuts it there, in place.
    /// Returns the new length. Used when a server ignored `Range` and its full body landed after the
    /// bytes already downloaded.
    static func dropPrefix(of path: String, length offset: Int64) throws -> Int64 {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw CADError.other("cannot open \(path): \(errnoText())") }
        defer { close(descriptor) }
        let total = size(at: path)
        guard offset > 0 else { return total }
        guard offset < total else {
            try truncateFile(path, to: 0)
            return 0
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var readPosition = offset
        var writePosition: Int64 = 0
        while readPosition < total {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress, raw.count, off_t(readPosition))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw CADError.other("cannot read \(path): \(errnoText())")
            }
            if count == 0 { break }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { raw in
                    pwrite(descriptor, raw.baseAddress?.advanced(by: written), count - written,
                           off_t(writePosition + Int64(written)))
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw CADError.other("cannot write \(path): \(errnoText())")
                }
                written += result
            }
            readPosition += Int64(count)
            writePosition += Int64(count)
        }
        guard ftruncate(descriptor, off_t(writePosition)) == 0 else {
            throw CADError.other("cannot truncate \(path): \(errnoText())")
        }
        return writePosition
    }

    /// Flushes the file (or directory) at `path` to stable storage.
    static func sync(_ path: String, directory: Bool = false) throws {
        let descriptor = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC)
        guard descriptor >= 0 else { throw CADError.other("cannot open \(path) to sync it: \(errnoText())") }
        defer { close(descriptor) }
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            // Some file systems (and directories on some) cannot fsync; that is not worth failing over.
            if errno == EINVAL || errno == EROFS { return }
            throw CADError.other("cannot sync \(path) to disk: \(errnoText())")
        }
    }

    /// Gives the file at `source` the name `destination`. Without `replace`, fails when `destination`
    /// exists, even if it appeared a moment ago (hard link then unlink, so there is no check-then-act gap).
    static func move(_ source: String, to destination: String, replace: Bool) throws {
        if replace {
            guard rename(source, destination) == 0 else {
                throw CADError.other("cannot rename \(source) to \(destination): \(errnoText())")
            }
            return
        }
        if link(source, destination) == 0 {
            unlink(source)
            return
        }
        let code = errno
        if code == EEXIST { throw existsError(destination) }
        // File systems without hard links: check, then rename (a small race, but the best available).
        guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV || code == EMLINK else {
            throw CADError.other("cannot create \(destination): \(errnoText(code))")
        }
        if kind(at: destination) != .missing { throw existsError(destination) }
        guard rename(source, destination) == 0 else {
            throw CADError.other("cannot rename \(source) to \(destination): \(errnoText())")
        }
    }

    static func existsError(_ path: String) -> OutputFileExistsError {
        OutputFileExistsError(path: path)
    }

    /// Deletes the file at `path`, ignoring a missing file.
    static func remove(_ path: String) {
        unlink(path)
    }
}
