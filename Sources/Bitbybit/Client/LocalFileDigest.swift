import CADCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Size and SHA-256 of a local file, read in chunks (memory stays flat for large files).
enum LocalFileDigest {
    struct Digest: Sendable, Hashable {
        var size: Int64
        var sha256: String
    }

    /// Reads `path` once, hashing it.
    ///
    /// - Throws: `CADError.usage` when it is not a readable regular file or is empty.
    static func compute(path: String) throws -> Digest {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno))); give a readable file")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CADError.usage("\(path) is not a regular file; give a file to upload")
        }
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            hasher.update(buffer[0..<count])
            size += Int64(count)
        }
        guard size > 0 else { throw CADError.usage("\(path) is empty; Bitbybit accepts files of 1 byte to 1 GB") }
        return Digest(size: size, sha256: hasher.finalize().hex)
    }

    /// The size of the file at `path` now.
    static func size(path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return Int64(info.st_size)
    }

    /// The last path component.
    static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
