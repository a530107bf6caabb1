/// A `multipart/form-data` body for a create or follow-up: the `prompt` field, then one `images` part per
/// image, written by CADCore's `MultipartFormWriter` (file images streamed from disk).
struct OrvilleMultipartForm: Sendable {
    let contentType: String
    let body: RequestBody

    init(prompt: String, images: [OrvilleImage]) {
        var form = MultipartFormWriter(boundaryPrefix: "cadctl-")
        form.field("prompt", prompt, contentType: "text/plain; charset=utf-8")
        for image in images {
            let name = image.filename.isEmpty ? "image" : image.filename
            switch image.source {
            case .file(let path): form.file("images", path: path, fileName: name, contentType: image.kind.mimeType)
            case .bytes(let data): form.file("images", data: data, fileName: name, contentType: image.kind.mimeType)
            }
        }
        contentType = form.contentType
        body = form.body()
    }
}
