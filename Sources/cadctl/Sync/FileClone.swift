#if canImport(Glibc)
import Glibc
#endif

/// Copies a file into a new, independent file: a reflink (`ioctl FICLONE`, sharing blocks copy-on-write) where
/// the file system supports it (Btrfs, XFS, bcachefs), else `copy_file_range` (an in-kernel copy), else reads
/// and writes. The copy never shares its inode with the source, so editing one never changes the other (a hard
/// link would).
enum FileClone {
    /// How the last bytes were copied, for tests and the benchmark notes.
    enum Method: Sendable, Equatable { case reflink, copyFileRange, readWrite }

    /// `FICLONE`, `_IOW(0x94, 9, int)`.
    private static let ficlone: UInt = 0x4004_9409

    /// Creates `destination` (which must not exist) with the bytes of `source`, mode 0644 less the umask.
    /// On failure nothing is left at `destination`.
    @discardableResult
    static func copy(_ source: String, to destination: String) throws -> Method {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot open \(source)") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw failure("cannot create \(destination)") }
        do {
            let method = try copy(from: input, to: output, source: source, destination: destination)
            close(output)
            return method
        } catch {
            close(output)
            unlink(destination)
            throw error
        }
    }

    /// glibc's `copy_file_range` (2.27 and later), looked up at run time: Glibc's module map leaves it out (it is
    /// declared only under `_GNU_SOURCE`).
    private typealias CopyFileRange = @convention(c) (
        Int32, UnsafeMutablePointer<Int>?, Int32, UnsafeMutablePointer<Int>?, Int, UInt32) -> Int
    private static let copyFileRange: CopyFileRange? = dlsym(nil, "copy_file_range")
        .map { unsafeBitCast($0, to: CopyFileRange.self) }

    private static func copy(from input: Int32, to output: Int32, source: String, destination: String) throws -> Method {
        if ioctl(output, ficlone, input) == 0 { return .reflink }
        var copiedInKernel = false
        while let copyFileRange {
            let count = copyFileRange(input, nil, output, nil, 1 << 30, 0)
            if count > 0 { copiedInKernel = true; continue }
            if count == 0 { return .copyFileRange }
            if errno == EINTR { continue }
            // Not supported here (another file system, an old kernel): copy by hand from where it stopped.
            guard !copiedInKernel, errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL else {
                throw failure("cannot copy \(source) to \(destination)")
            }
            break
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(source)")
            }
            if count == 0 { return .readWrite }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { write(output, $0.baseAddress?.advanced(by: written), count - written) }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write \(destination)")
                }
                written += result
            }
        }
    }

    private static func failure(_ text: String) -> CLIError {
        CLIError(status: .failure, message: "\(text): \(String(cString: strerror(errno)))")
    }
}
