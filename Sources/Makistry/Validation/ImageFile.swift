#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An image file to upload, inspected locally: its size and its type, recognised from its first bytes.
struct ImageFile: Sendable, Hashable {
    /// The image types Makistry accepts.
    enum Kind: String, Sendable, Hashable {
        case png, jpeg, webp, gif

        var mimeType: String { "image/\(rawValue)" }

        /// The type whose signature `head` starts with.
        static func sniff(_ head: [UInt8]) -> Kind? {
            func at(_ offset: Int, _ signature: [UInt8]) -> Bool {
                head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
            }
            if at(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            if at(0, [0xFF, 0xD8, 0xFF]) { return .jpeg }
            if at(0, Array("GIF87a".utf8)) || at(0, Array("GIF89a".utf8)) { return .gif }
            if at(0, Array("RIFF".utf8)) && at(8, Array("WEBP".utf8)) { return .webp }
            return nil
        }
    }

    var path: String
    var size: Int64
    /// `nil` when the first bytes match none of the accepted types.
    var kind: Kind?

    /// The file's name without its directories.
    var fileName: String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    /// Reads `path`'s size and first bytes.
    ///
    /// - Throws: `CADError.usage` when the file is missing, a directory, or unreadable.
    static func inspect(_ path: String) throws -> ImageFile {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image \(path): no such file (check the path)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image \(path) is not a regular file; give the path of a PNG, JPEG, WebP or GIF")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw InputValidationError(provider: "makistry", field: "images", problem: .invalid, message: "image \(path) cannot be read (\(String(cString: strerror(errno)))); check its permissions")
        }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 16)
        let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 16) }
        let bytes = count > 0 ? Array(head.prefix(count)) : []
        return ImageFile(path: path, size: Int64(info.st_size), kind: Kind.sniff(bytes))
    }
}
