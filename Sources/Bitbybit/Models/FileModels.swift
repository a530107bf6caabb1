/// `POST /api/v1/files/upload`: ask for a pre-signed upload URL (`FileUploadBody`).
public struct FileUploadBody: Codable, Sendable, Hashable {
    /// Original file name with extension, 1–255 characters.
    public var filename: String
    /// MIME type, 1–255 characters; must match the content.
    public var contentType: String
    /// Exact size in bytes, (0, 1 GiB]; must match the PUT's Content-Length.
    public var bytes: Int
    /// SHA-256 hex digest; lets the server reuse an identical earlier upload.
    public var sha256: String?

    /// An upload request.
    public init(filename: String, contentType: String, bytes: Int, sha256: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// The answer to an upload request (`UploadResult`): PUT the bytes to `uploadURL` within `expiresIn`.
public struct UploadResult: Codable, Sendable, Hashable {
    /// The new file's id.
    public var fileID: String
    /// Pre-signed URL to PUT the raw bytes to.
    public var uploadURL: String
    /// Seconds until the URL expires.
    public var expiresIn: Int
    /// Largest allowed size for this upload (plan-dependent).
    public var maxBytes: Int
    /// `pending`.
    public var status: FileStatus

    private enum CodingKeys: String, CodingKey {
        case fileID = "fileId", uploadURL = "uploadUrl", expiresIn, maxBytes, status
    }
}

/// An uploaded file (`FileDetail`).
public struct FileDetail: Codable, Sendable, Hashable {
    /// The file's id.
    public var fileID: String
    /// Name given at upload.
    public var filename: String
    /// MIME type.
    public var contentType: String
    /// Size in bytes; `nil` while pending.
    public var bytes: Int?
    /// SHA-256 hex digest, if given at upload.
    public var sha256: String?
    /// Lifecycle state.
    public var status: FileStatus
    /// ISO 8601 time the upload was started.
    public var createdAt: String
    /// ISO 8601 time the upload was confirmed; `nil` until then.
    public var confirmedAt: String?
    /// Pre-signed download URL (confirmed files only; expires after an hour).
    public var downloadURL: String?

    private enum CodingKeys: String, CodingKey {
        case fileID = "fileId", filename, contentType, bytes, sha256, status, createdAt, confirmedAt
        case downloadURL = "downloadUrl"
    }
}

/// A page of files (`FileList`).
public struct FileList: Codable, Sendable, Hashable {
    /// The files on this page.
    public var files: [FileDetail]
    /// 1-based page number.
    public var page: Int
    /// Page size (at most 50).
    public var limit: Int
    /// Total number of files.
    public var total: Int
}

/// A confirmed upload (`ConfirmResult`).
public struct ConfirmResult: Codable, Sendable, Hashable {
    /// The file's id.
    public var fileID: String
    /// `confirmed`.
    public var status: FileStatus
    /// Size as stored.
    public var bytes: Int
    /// MIME type.
    public var contentType: String

    private enum CodingKeys: String, CodingKey {
        case fileID = "fileId", status, bytes, contentType
    }
}

/// A deletion (`DeleteResult`).
public struct DeleteResult: Codable, Sendable, Hashable {
    /// Always `true`.
    public var deleted: Bool
}
