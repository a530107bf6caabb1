import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Puts the bytes of one file at a new path, as cheaply as the file system allows.
///
/// ``copy(_:to:)`` makes an independent file: a reflink (`ioctl FICLONE`, sharing blocks copy-on-write) where
/// the file system supports it (Btrfs, XFS, bcachefs), else `copy_file_range` (an in-kernel copy), else reads
/// and writes. It never shares its inode with the source, so editing one never changes the other.
/// ``share(_:to:reflinks:)`` prefers a reflink too, but where there are none it makes a hard link: a second
/// name of the same inode, with no new inode and no bytes copied.
enum FileClone {
    /// How the bytes got there, for tests and the benchmark notes.
    enum Method: Sendable, Equatable { case reflink, hardLink, copyFileRange, readWrite }

    /// Whether reflinks are known to fail here, so ``share(_:to:reflinks:)`` links without trying one (a reflink
    /// is tried on a new file, and on a file system without them that file is an inode made for nothing): known
    /// from the file system's type (ext2/3/4 and tmpfs have none), else after the first one failed.
    final class ReflinkMemory: Sendable {
        private let failed: Atomic<Bool>

        /// Memory for files on the file system of `path` (or of its nearest existing parent).
        init(fileSystemOf path: String) {
            failed = Atomic(Self.lacksReflinks(path))
        }

        var hasFailed: Bool { failed.load(ordering: .relaxed) }
        func recordFailure() { failed.store(true, ordering: .relaxed) }

        /// `statfs` magic numbers of file systems that never reflink: ext2/3/4 share one, then tmpfs.
        private static let withoutReflinks: Set<Int> = [0xEF53, 0x0102_1994]

        /// glibc's `statfs`, looked up at run time: Glibc's module map leaves out `<sys/vfs.h>`. Only the first
        /// field of the result is read: `f_type`, a `long` on every Linux architecture Swift supports.
        private typealias StatFS = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
        private static let statFS: StatFS? = dlsym(nil, "statfs").map { unsafeBitCast($0, to: StatFS.self) }

        private static func lacksReflinks(_ path: String) -> Bool {
            guard let statFS else { return false }
            // `struct statfs` is 120 bytes on 64-bit Linux; the buffer leaves room to spare.
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 8)
            defer { buffer.deallocate() }
            var candidate = path.isEmpty ? "." : path
            while statFS(candidate, buffer) != 0 {
                guard errno == ENOENT, candidate != "/", candidate != "." else { return false }
                candidate = ArtifactCache.split(candidate).folder
            }
            return withoutReflinks.contains(buffer.load(as: Int.self))
        }
    }

    /// Creates `destination` (which must not exist) with the bytes of `source`: a reflink until one fails in this
    /// run (see `reflinks`), else a hard link, else a copy (another file system, a file system without hard links,
    /// too many links). On failure nothing is left at `destination`.
    @discardableResult
    static func share(_ source: String, to destination: String, reflinks: ReflinkMemory) throws -> Method {
        if !reflinks.hasFailed {
            let method = try copy(source, to: destination)
            if method != .reflink { reflinks.recordFailure() }
            return method
        }
        if link(source, destination) == 0 { return .hardLink }
        return try copy(source, to: destination)
    }

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
