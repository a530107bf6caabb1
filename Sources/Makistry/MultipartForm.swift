/// A `multipart/form-data` body whose file parts are streamed from disk by the transport.
struct MultipartForm: Sendable {
    let boundary: String
    private(set) var parts: [RequestBody.Part] = []

    init(boundary: String = "cadctl-makistry-" + UUID().uuidString.lowercased()) {
        self.boundary = boundary
    }

    /// The request's `Content-Type`.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// A text field.
    mutating func field(_ name: String, _ value: String) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n")
        append(value)
        append("\r\n")
    }

    /// A file field, read from `path` while sending.
    mutating func file(_ name: String, path: String, fileName: String, contentType: String) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; "
            + "filename=\"\(Self.quoted(fileName))\"\r\nContent-Type: \(contentType)\r\n\r\n")
        parts.append(.file(path: path))
        append("\r\n")
    }

    /// The finished body (closing boundary added).
    func body() -> RequestBody {
        var copy = self
        copy.append("--\(boundary)--\r\n")
        return RequestBody(parts: copy.parts)
    }

    private mutating func append(_ text: String) {
        if case .bytes(let data)? = parts.last {
            parts[parts.count - 1] = .bytes(data + Data(text.utf8))
        } else {
            parts.append(.bytes(Data(text.utf8)))
        }
    }

    /// A header parameter value without quotes, CR or LF.
    private static func quoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }.map(Character.init))
    }
}
