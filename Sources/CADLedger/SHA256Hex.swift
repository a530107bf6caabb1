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

    /// The digest of the file at `path`, read in 1 MiB blocks.
    ///
    /// - Throws: `CADError.usage` naming the file when it cannot be read.
    public static func digest(ofFileAt path: String) throws -> (sha256: String, bytes: Int64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CADError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            total += Int64(count)
        }
        return (hasher.finalize().hex, total)
    }
}
