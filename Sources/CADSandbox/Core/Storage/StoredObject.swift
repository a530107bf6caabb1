import Crypto
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
        "\"" + SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }
}
