#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads request bodies made of memory and file parts sequentially, for libcurl's read callback.
///
/// Files are opened lazily, read in the caller's buffer size and closed when done, so a 1 GiB upload
/// costs one buffer of memory. `rewind()` starts over, as libcurl asks when it must re-send.
final class FileBodyReader {
    private let parts: [RequestBody.Part]
    private var partIndex = 0
    private var offsetInPart = 0
    private var descriptor: Int32 = -1
    /// The first failure, kept so the transfer can report it instead of libcurl's generic abort.
    private(set) var failure: TransportError?
    private let url: String

    init(body: RequestBody, url: String) {
        self.parts = body.parts
        self.url = url
    }

    deinit { closeDescriptor() }

    /// Fills `buffer`; returns the byte count, 0 at the end, or nil on a read failure.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        var written = 0
        while written < buffer.count, partIndex < parts.count {
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[written...])
            switch parts[partIndex] {
            case .bytes(let data):
                let remaining = data.count - offsetInPart
                if remaining <= 0 {
                    advance()
                    continue
                }
                let count = min(remaining, target.count)
                data.withUnsafeBytes { source in
                    let start = source.baseAddress!.advanced(by: offsetInPart)
                    target.baseAddress!.copyMemory(from: start, byteCount: count)
                }
                offsetInPart += count
                written += count
            case .file(let path):
                if descriptor < 0 {
                    descriptor = open(path, O_RDONLY | O_CLOEXEC)
                    if descriptor < 0 {
                        failure = Self.fileError("cannot open request body file \(path): \(errnoText())", url: url)
                        return nil
                    }
                }
                let count = Glibc.read(descriptor, target.baseAddress, target.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = Self.fileError("cannot read request body file \(path): \(errnoText())", url: url)
                    return nil
                }
                if count == 0 {
                    closeDescriptor()
                    advance()
                    continue
                }
                written += count
            }
        }
        return written
    }

    /// Starts again from the first byte.
    func rewind() {
        closeDescriptor()
        partIndex = 0
        offsetInPart = 0
    }

    private func advance() {
        partIndex += 1
        offsetInPart = 0
    }

    private func closeDescriptor() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    static func size(ofFileAt path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fileError("cannot read request body file \(path): \(errnoText())", url: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw fileError("request body \(path) is not a regular file", url: path)
        }
        return Int64(info.st_size)
    }

    private static func fileError(_ message: String, url: String) -> TransportError {
        TransportError(kind: .fileError, message: message, url: url, requestMayHaveBeenSent: false)
    }
}

/// The text of the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }
