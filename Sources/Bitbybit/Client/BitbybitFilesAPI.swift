/// A local file uploaded and confirmed.
public struct BitbybitUploadedFile: Sendable, Hashable {
    /// The file's id, for conversions, unfolding and pipeline `inputFiles`.
    public var fileID: String
    /// The name it was uploaded under.
    public var filename: String
    /// Its MIME type.
    public var contentType: String
    /// Its size in bytes.
    public var bytes: Int
    /// Its SHA-256, hex.
    public var sha256: String
    /// Whether the server already had these bytes (deduplicated by SHA-256), so nothing was sent.
    public var reused: Bool
}

/// `client.files`: uploads (pre-signed PUT, streamed from disk) and the file list.
public struct BitbybitFilesAPI: Sendable {
    let client: BitbybitClient

    /// Uploads the file at `path` in three steps: ask for a pre-signed URL with the name, content type, byte
    /// count and SHA-256; stream the file to the URL (`Content-Length` equal to the announced count, no key
    /// sent to storage); confirm. A file the server already holds (same SHA-256) is not sent again.
    ///
    /// - Parameters:
    ///   - path: the local file to upload (streamed from disk).
    ///   - filename: the name to record; defaults to the file's own name.
    ///   - contentType: defaults from the extension (`application/step` for `.step`/`.stp`).
    ///   - progress: told of the upload's progress.
    /// - Throws: `CADError.usage` when the file cannot be read, is empty, or changes while being uploaded.
    public func upload(
        path: String, filename: String? = nil, contentType: String? = nil,
        progress: TransferProgressObserver? = nil
    ) async throws -> BitbybitUploadedFile {
        let digest = try LocalFileDigest.compute(path: path)
        let name = filename ?? LocalFileDigest.fileName(of: path)
        let type = contentType ?? Self.contentType(forFileNamed: name)
        let announced = try await client.post(
            "/api/v1/files/upload",
            body: FileUploadBody(filename: name, contentType: type, bytes: Int(digest.size), sha256: digest.sha256),
            as: UploadResult.self)

        let existing = try await get(announced.fileID)
        if existing.status == .confirmed, existing.sha256?.lowercased() == digest.sha256 {
            return BitbybitUploadedFile(fileID: existing.fileID, filename: existing.filename,
                                        contentType: existing.contentType, bytes: existing.bytes ?? Int(digest.size),
                                        sha256: digest.sha256, reused: true)
        }
        guard let uploadURL = URL(string: announced.uploadURL) else {
            throw APIError.decoding(provider: BitbybitModule.provider, endpoint: "POST /api/v1/files/upload",
                                    status: 201, requestID: nil, problem: "uploadUrl is not a URL",
                                    bodyExcerpt: client.core.redactor.redact(announced.uploadURL))
        }
        // The file must still be what was announced: the server checks both at confirmation.
        guard try LocalFileDigest.size(path: path) == digest.size else {
            throw CADError.usage("\(path) changed while it was being uploaded; upload it again once it is stable")
        }
        // The transport announces the file's size as Content-Length and streams it; `send` gives the key only
        // to the API's origin, never to the storage host.
        let put = HTTPRequest(method: .put, url: uploadURL, headers: ["Content-Type": type], body: .file(path),
                              progress: progress)
        _ = try await client.core.send(put, endpoint: "PUT upload URL")
        let confirmed = try await confirm(announced.fileID)
        return BitbybitUploadedFile(fileID: confirmed.fileID, filename: name, contentType: confirmed.contentType,
                                    bytes: confirmed.bytes, sha256: digest.sha256, reused: false)
    }

    /// `POST /api/v1/files/{id}/confirm`: marks an uploaded file usable after checking its size and digest.
    public func confirm(_ fileID: String) async throws -> ConfirmResult {
        try await client.postEmpty(EndpointPath("/api/v1/files/{fileID}/confirm", fileID), as: ConfirmResult.self)
    }

    /// `GET /api/v1/files/{id}`.
    public func get(_ fileID: String) async throws -> FileDetail {
        try await client.get(EndpointPath("/api/v1/files/{fileID}", fileID), as: FileDetail.self)
    }

    /// `DELETE /api/v1/files/{id}`.
    @discardableResult
    public func delete(_ fileID: String) async throws -> DeleteResult {
        try await client.delete(EndpointPath("/api/v1/files/{fileID}", fileID), as: DeleteResult.self)
    }

    /// `GET /api/v1/files?page&limit&status`: one page.
    public func page(_ page: Int = 1, limit: Int = 50, status: FileStatus? = nil) async throws -> FileList {
        var query = [("page", String(page)), ("limit", String(limit))]
        if let status { query.append(("status", status.rawValue)) }
        return try await client.get("/api/v1/files", query: query, as: FileList.self)
    }

    /// Every file, page by page, as an `AsyncSequence` (`.pages` for whole pages).
    public func list(status: FileStatus? = nil, pageSize: Int = 50) -> NumberedPages<FileDetail> {
        let files = self
        return NumberedPages(limit: min(50, max(1, pageSize))) { page, limit in
            let list = try await files.page(page, limit: limit, status: status)
            return NumberedPage(items: list.files, page: list.page, limit: list.limit, total: list.total)
        }
    }

    /// The file id for `source`, uploading a local file first.
    func resolve(_ source: BitbybitFileSource) async throws -> String {
        switch source {
        case .fileID(let id): return id
        case .localFile(let path): return try await upload(path: path).fileID
        }
    }

    /// The MIME type for a file name's extension: STEP, glTF/GLB, STL, 3MF, OBJ, IGES, BREP, JSON, else
    /// `application/octet-stream`.
    public static func contentType(forFileNamed name: String) -> String {
        let lower = name.lowercased()
        let ext = lower.split(separator: ".").last.map(String.init) ?? ""
        switch ext {
        case "step", "stp": return "application/step"
        case "stpz": return "application/gzip"
        case "glb": return "model/gltf-binary"
        case "gltf": return "model/gltf+json"
        case "stl": return "model/stl"
        case "3mf": return "model/3mf"
        case "obj": return "model/obj"
        case "iges", "igs": return "model/iges"
        case "brep": return "application/octet-stream"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }
}
