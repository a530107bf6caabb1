/// The body of a request: nothing, bytes in memory, a file streamed from disk, or a sequence of such parts
/// (a multipart form whose file parts are read from disk as they are sent).
///
/// File parts are never loaded into memory: the transport reads them in chunks while sending, and reads
/// them again from the start if the request has to be re-sent.
public struct RequestBody: Sendable, Hashable {
    /// One piece of a body.
    public enum Part: Sendable, Hashable {
        /// Bytes held in memory.
        case bytes(Data)
        /// A whole file, read from disk while sending.
        case file(path: String)
    }

    /// The pieces sent one after another.
    public var parts: [Part]

    /// A body made of `parts`, sent in order.
    public init(parts: [Part]) { self.parts = parts }

    /// No body.
    public static let empty = RequestBody(parts: [])
    /// The given bytes.
    public static func bytes(_ data: Data) -> RequestBody { RequestBody(parts: [.bytes(data)]) }
    /// The contents of the file at `path`, streamed.
    public static func file(_ path: String) -> RequestBody { RequestBody(parts: [.file(path: path)]) }

    /// Whether there is nothing to send.
    public var isEmpty: Bool { parts.isEmpty }

    /// The total length in bytes, reading file sizes from disk.
    /// - Throws: `TransportError` (`.fileError`) when a file cannot be read.
    public func contentLength() throws -> Int64 {
        var total: Int64 = 0
        for part in parts {
            switch part {
            case .bytes(let data): total += Int64(data.count)
            case .file(let path): total += try FileBodyReader.size(ofFileAt: path)
            }
        }
        return total
    }

    /// The bytes of the body when every part is in memory; `nil` when any part is a file.
    public var inMemoryBytes: Data? {
        var result = Data()
        for part in parts {
            guard case .bytes(let data) = part else { return nil }
            result.append(data)
        }
        return result
    }
}
