/// A `multipart/form-data` body for a create or follow-up: the `prompt` field, then one `images` part per
/// image. File images are streamed from disk by the transport (never loaded whole).
struct OrvilleMultipartForm: Sendable {
    let boundary: String
    let body: RequestBody

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    init(prompt: String, images: [OrvilleImage]) {
        boundary = "cadctl-" + String(UUID().uuidString.lowercased().filter { $0 != "-" })
        var parts: [RequestBody.Part] = []
        parts.append(.bytes(Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                .utf8)))
        parts.append(.bytes(Data(prompt.utf8)))
        parts.append(.bytes(Data("\r\n".utf8)))
        for image in images {
            let name = Self.quoted(image.filename)
            parts.append(.bytes(Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"images\"; filename=\"\(name)\"\r\nContent-Type: \(image.kind.mimeType)\r\n\r\n"
                    .utf8)))
            switch image.source {
            case .file(let path): parts.append(.file(path: path))
            case .bytes(let data): parts.append(.bytes(data))
            }
            parts.append(.bytes(Data("\r\n".utf8)))
        }
        parts.append(.bytes(Data("--\(boundary)--\r\n".utf8)))
        body = RequestBody(parts: parts)
    }

    /// A file name safe inside a quoted header parameter: no quotes, backslashes or control characters.
    static func quoted(_ name: String) -> String {
        let cleaned = name.unicodeScalars.map { scalar -> String in
            if scalar == "\"" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F { return "_" }
            return String(scalar)
        }.joined()
        return cleaned.isEmpty ? "image" : cleaned
    }
}
