import Foundation
import Synchronization

/// The files behind pre-signed URLs, and the URLs themselves. Thread-safe (`Mutex`).
///
/// Download URLs: `GET {storageBaseURL}/objects/{id}?expires=UNIX&signature=HEX` (Range supported).
/// Upload URLs: `PUT {storageBaseURL}/uploads/{id}?expires=UNIX&signature=HEX` (the body becomes the object).
/// Expiry is in clock time (not scaled by the speed factor).
final class StorageService: Sendable {
    private let signer: URLSigner
    private let time: SandboxTime
    private let objects = Mutex<[String: StoredObject]>([:])
    private let base = Mutex<String>("http://127.0.0.1:0")

    init(secret: String, time: SandboxTime) {
        signer = URLSigner(secret: secret)
        self.time = time
    }

    /// `http://HOST:PORT` of the storage listener (set once it is bound).
    var baseURL: String {
        get { base.withLock { $0 } }
        set { base.withLock { $0 = newValue } }
    }

    /// Stores (or replaces) an object.
    func put(_ object: StoredObject) { objects.withLock { $0[object.id] = object } }

    /// Stores `data` under a new id and returns the id.
    @discardableResult
    func store(_ data: Data, contentType: String, filename: String?, id: String = "obj_" + SandboxIDs.base64url(22)) -> String {
        put(StoredObject(id: id, data: data, contentType: contentType, filename: filename))
        return id
    }

    func object(_ id: String) -> StoredObject? { objects.withLock { $0[id] } }

    func remove(_ id: String) { _ = objects.withLock { $0.removeValue(forKey: id) } }

    /// A signed download URL for object `id`, valid for `lifetime` seconds of clock time.
    func downloadURL(for id: String, lifetime: Int) -> String {
        signedURL(method: "GET", path: "/objects/\(id)", lifetime: lifetime)
    }

    /// A signed upload URL: a `PUT` of the file's bytes to it stores object `id`.
    func uploadURL(for id: String, lifetime: Int) -> String {
        signedURL(method: "PUT", path: "/uploads/\(id)", lifetime: lifetime)
    }

    private func signedURL(method: String, path: String, lifetime: Int) -> String {
        let expires = time.unixSeconds + lifetime
        let signature = signer.signature(method: method, path: path, expires: expires)
        return "\(baseURL)\(path)?expires=\(expires)&signature=\(signature)"
    }

    /// Verifies a storage request's signature for `method path`.
    func verify(method: String, path: String, request: SandboxRequest) -> URLSigner.Refusal? {
        signer.verify(
            method: method, path: path, expires: request.queryValue("expires"),
            signature: request.queryValue("signature"), now: time.unixSeconds)
    }
}
