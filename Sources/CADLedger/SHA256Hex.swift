import CADCore
import CADCrypto
#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 digests as lowercase hex: the one place this package's ledger, lock and cache compute them.
public enum SHA256Hex {
    /// The digest of `data`.
    public static func digest(of data: some DataProtocol) -> String {
        SHA256Hasher.hash(Data(data)).hex
    }

    /// The digest of the file at `path`, read in 64 KiB blocks.
    ///
    /// The block is uninitialised and below malloc's mmap threshold: a 1 MiB zeroed buffer cost every call an
    /// mmap, 256 page faults and an munmap, which dominated hashing the many small files of a `sync`.
    ///
    /// - Throws: `CADError.usage` naming the file when it cannot be read.
    public static func digest(ofFileAt path: String) throws -> (sha256: String, bytes: Int64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        return try withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer in
            var hasher = SHA256Hasher()
            var total: Int64 = 0
            while true {
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
                }
                if count == 0 { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                total += Int64(count)
            }
            return (hasher.finalize().hex, total)
        }
    }
}
