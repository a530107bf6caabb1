#if canImport(Glibc)
import Glibc
#endif

/// A file opened for reading with POSIX calls (no Foundation), confined to one thread.
final class InputFile {
    private let descriptor: Int32
    let path: String
    /// The file's size in bytes when it was opened.
    let size: Int

    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw GeometryError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw GeometryError(.unreadable, "cannot read \(path): \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(descriptor)
            throw GeometryError(.unreadable, "cannot read \(path): not a regular file")
        }
        self.descriptor = descriptor
        self.path = path
        self.size = Int(info.st_size)
    }

    /// Reads up to `count` bytes into the start of `buffer`; fewer only at the end of the file.
    func read(into buffer: inout [UInt8], count: Int) throws -> Int {
        var done = 0
        try buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < count {
                let got = Glibc.read(descriptor, base + done, count - done)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw GeometryError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
                }
                if got == 0 { break }
                done += got
            }
        }
        return done
    }

    func seek(to offset: Int) throws {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw GeometryError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The rest of the file.
    func readAll() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        let got = try read(into: &bytes, count: size)
        if got < size { bytes.removeLast(size - got) }
        return bytes
    }

    /// The whole file at `path`.
    static func bytes(_ path: String) throws -> [UInt8] {
        let file = try InputFile(path: path)
        defer { file.close() }
        return try file.readAll()
    }

    /// The first `count` bytes of the file at `path` (fewer when it is shorter).
    static func head(_ path: String, count: Int) throws -> ArraySlice<UInt8> {
        let file = try InputFile(path: path)
        defer { file.close() }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try file.read(into: &bytes, count: count)
        return bytes.prefix(got)
    }

    func close() { Glibc.close(descriptor) }
}
