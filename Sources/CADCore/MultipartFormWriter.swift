/// A streaming `multipart/form-data` body (RFC 7578): text fields in memory, file parts read from disk by
/// the transport while sending (never loaded whole). The one multipart writer of the clients.
///
/// Field names and file names go into quoted `Content-Disposition` parameters; as RFC 7578 §4.2 and the
/// HTML form encoding it refers to prescribe, `"` is sent as `%22`, CR as `%0D` and LF as `%0A`, so a
/// name can never end the parameter or the header.
public struct MultipartFormWriter: Sendable {
    /// The boundary between parts.
    public let boundary: String
    private var parts: [RequestBody.Part] = []

    /// A form with a fresh random boundary starting with `prefix`.
    public init(boundaryPrefix prefix: String = "cadctl-") {
        boundary = prefix + UUID().uuidString.lowercased().filter { $0 != "-" }
    }

    /// The request's `Content-Type`.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// A text field; `contentType` adds a `Content-Type` header to the part (none by default).
    public mutating func field(_ name: String, _ value: String, contentType: String? = nil) {
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        append(head + "\r\n")
        append(value)
        append("\r\n")
    }

    /// A file part whose bytes are read from `path` while sending.
    public mutating func file(_ name: String, path: String, fileName: String, contentType: String) {
        fileHead(name, fileName: fileName, contentType: contentType)
        parts.append(.file(path: path))
        append("\r\n")
    }

    /// A file part with the given bytes.
    public mutating func file(_ name: String, data: Data, fileName: String, contentType: String) {
        fileHead(name, fileName: fileName, contentType: contentType)
        append(data)
        append("\r\n")
    }

    /// The finished body (the closing boundary added).
    public func body() -> RequestBody {
        var copy = self
        copy.append("--\(boundary)--\r\n")
        return RequestBody(parts: copy.parts)
    }

    /// `text` for a quoted header parameter: `"` → `%22`, CR → `%0D`, LF → `%0A` (RFC 7578 §4.2).
    public static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private mutating func fileHead(_ name: String, fileName: String, contentType: String) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; "
            + "filename=\"\(Self.quoted(fileName))\"\r\nContent-Type: \(contentType)\r\n\r\n")
    }

    private mutating func append(_ text: String) {
        append(Data(text.utf8))
    }

    private mutating func append(_ data: Data) {
        if case .bytes(let previous)? = parts.last {
            parts[parts.count - 1] = .bytes(previous + data)
        } else {
            parts.append(.bytes(data))
        }
    }
}
