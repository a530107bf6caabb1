import Foundation

/// The lifecycle `FileStatus` documents.
enum BitbybitFileStatus: String, Sendable {
    case pending, confirmed, expired
}

/// An uploaded (or announced) file.
struct BitbybitFile: Sendable {
    let id: String
    /// The workspace of the key that announced it; other workspaces get 404.
    let owner: String
    var filename: String
    var contentType: String
    /// The size announced at upload time; the PUT must carry exactly this many bytes.
    var declaredBytes: Int
    /// The SHA-256 hex digest announced at upload time, if any (lowercased).
    var sha256: String?
    /// The storage object the upload URL writes.
    let objectID: String
    var status: BitbybitFileStatus = .pending
    let createdAt: Date
    /// Clock date after which an unconfirmed upload expires.
    var uploadExpiresAt: Date
    var confirmedAt: Date?
    /// Bytes stored once confirmed.
    var storedBytes: Int?

    /// The file name without its last extension (`part` for `part.step`), for result names.
    var stem: String {
        let name = filename.split(separator: "/").last.map(String.init) ?? filename
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
