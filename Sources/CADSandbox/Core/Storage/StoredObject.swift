import CADCrypto
import Foundation

/// A file held by the storage listener.
struct StoredObject: Sendable {
    var id: String
    var data: Data
    var contentType: String
    /// The name offered in `Content-Disposition`.
    var filename: String?
    /// A strong validator derived from the content.
    var etag: String {
        "\"" + String(SHA256Hasher.hash(data).hex.prefix(32)) + "\""
    }
}
