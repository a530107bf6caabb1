#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reference image on disk, inspected before anything is sent: its size and its type, recognised from
/// its first bytes (``ImageKind/sniff(_:)``), never from its name.
public struct LocalImageFile: Sendable, Hashable {
    /// Why a file could not be inspected.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Nothing at the path (or it cannot be reached): `errno`'s text.
        case cannotRead(String)
        /// The path names a directory or another non-regular file.
        case notARegularFile
        /// The file exists but cannot be opened: `errno`'s text.
        case cannotOpen(String)

        /// What went wrong and what to do, without the path (callers put it in front).
        public var description: String {
            switch self {
            case .cannotRead(let reason): "cannot read it (\(reason)); check the path"
            case .notARegularFile: "not a regular file; give the path of an image file"
            case .cannotOpen(let reason): "cannot open it (\(reason)); check its permissions"
            }
        }
    }

    /// The path as given.
    public var path: String
    /// The size in bytes.
    public var size: Int64
    /// The type found in the content; `nil` when it matches none of ``ImageKind``.
    public var kind: ImageKind?

    /// The file's name without its directories.
    public var fileName: String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    /// Reads `path`'s size and first bytes.
    ///
    /// - Throws: ``Problem`` when the file is missing, not a regular file, or unreadable.
    public static func inspect(_ path: String) throws(Problem) -> LocalImageFile {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotRead(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: ImageKind.signatureLength)
        var filled = 0
        while filled < head.count {
            let count = head.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return LocalImageFile(path: path, size: Int64(info.st_size), kind: ImageKind.sniff(head.prefix(filled)))
    }
}
