import CADCrypto
import Foundation
import Synchronization

/// Uploaded files: announced with `POST /files/upload`, written by a `PUT` to the signed upload URL on the
/// storage listener, checked and made usable by `POST /files/{id}/confirm`. Thread-safe (`Mutex`).
///
/// The announced size and SHA-256 are enforced at confirmation: the stored bytes must have exactly the
/// announced length (the `Content-Length` of the PUT) and, when a digest was given, that digest.
/// Unconfirmed files expire with their upload URL (clock time).
final class BitbybitFileRegistry: Sendable {
    private struct State {
        var files: [String: BitbybitFile] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    private let environment: SandboxEnvironment
    private let settings: BitbybitSettings

    init(environment: SandboxEnvironment, settings: BitbybitSettings) {
        self.environment = environment
        self.settings = settings
    }

    private var storage: StorageService { environment.storage }

    /// Registers an upload and returns the file with a fresh upload URL. With a `sha256` that matches a
    /// confirmed file of the same workspace and size, that file is reused (deduplication): its id comes
    /// back and no upload is needed.
    func announce(filename: String, contentType: String, bytes: Int, sha256: String?, owner: String)
        -> (file: BitbybitFile, uploadURL: String)
    {
        let digest = sha256?.lowercased()
        let lifetime = settings.uploadURLLifetimeSeconds
        return state.withLock { state in
            for id in state.order {
                refresh(id, state: &state)
            }
            let files = state.files
            if let digest, let existing = state.order.compactMap({ files[$0] }).first(where: {
                $0.owner == owner && $0.status == .confirmed && $0.sha256 == digest && $0.declaredBytes == bytes
            }) {
                return (existing, storage.uploadURL(for: existing.objectID, lifetime: lifetime))
            }
            let now = environment.time.date
            let id = SandboxIDs.uuid()
            let file = BitbybitFile(
                id: id, owner: owner, filename: filename, contentType: contentType, declaredBytes: bytes, sha256: digest,
                objectID: "bbf_" + id, createdAt: now, uploadExpiresAt: now.addingTimeInterval(TimeInterval(lifetime)))
            // An empty placeholder keeps the file name and type for the object the PUT fills in.
            storage.put(StoredObject(id: file.objectID, data: Data(), contentType: contentType, filename: filename))
            state.files[id] = file
            state.order.append(id)
            return (file, storage.uploadURL(for: file.objectID, lifetime: lifetime))
        }
    }

    /// Why a confirmation was refused.
    enum ConfirmRefusal: Error {
        case notFound
        case expired
        case nothingUploaded
        case sizeMismatch(declared: Int, stored: Int)
        case digestMismatch(declared: String, stored: String)
    }

    /// Checks the uploaded bytes and marks the file `confirmed` (again confirming a confirmed file is fine).
    func confirm(_ id: String, owner: String) -> Result<BitbybitFile, ConfirmRefusal> {
        state.withLock { state in
            refresh(id, state: &state)
            guard var file = state.files[id], file.owner == owner else { return .failure(.notFound) }
            if file.status == .confirmed { return .success(file) }
            guard file.status == .pending else { return .failure(.expired) }
            guard let object = storage.object(file.objectID), !object.data.isEmpty else {
                return .failure(.nothingUploaded)
            }
            guard object.data.count == file.declaredBytes else {
                return .failure(.sizeMismatch(declared: file.declaredBytes, stored: object.data.count))
            }
            if let declared = file.sha256 {
                let stored = SHA256Hasher.hash(object.data).hex
                guard stored == declared else { return .failure(.digestMismatch(declared: declared, stored: stored)) }
            }
            file.status = .confirmed
            file.confirmedAt = environment.time.date
            file.storedBytes = object.data.count
            if !object.contentType.isEmpty { file.contentType = object.contentType }
            state.files[id] = file
            return .success(file)
        }
    }

    /// The file `id` of `owner`, with its status brought up to date.
    func file(_ id: String, owner: String) -> BitbybitFile? {
        state.withLock { state in
            refresh(id, state: &state)
            guard let file = state.files[id], file.owner == owner else { return nil }
            return file
        }
    }

    /// The stored bytes of a confirmed file of `owner`.
    func contents(_ id: String, owner: String) -> Data? {
        guard let file = file(id, owner: owner), file.status == .confirmed else { return nil }
        return storage.object(file.objectID)?.data
    }

    /// One page of `owner`'s files, newest first, and the filtered total.
    func list(owner: String, status: BitbybitFileStatus?, page: Int, limit: Int) -> (files: [BitbybitFile], total: Int) {
        state.withLock { state in
            var matching: [BitbybitFile] = []
            for id in state.order.reversed() {
                refresh(id, state: &state)
                guard let file = state.files[id], file.owner == owner else { continue }
                if let status, file.status != status { continue }
                matching.append(file)
            }
            let start = (page - 1) * limit
            let slice = start < matching.count ? Array(matching[start..<min(start + limit, matching.count)]) : []
            return (slice, matching.count)
        }
    }

    /// Removes the file and its stored bytes; `false` when unknown.
    func delete(_ id: String, owner: String) -> Bool {
        state.withLock { state in
            guard let file = state.files[id], file.owner == owner else { return false }
            storage.remove(file.objectID)
            state.files[id] = nil
            state.order.removeAll { $0 == id }
            return true
        }
    }

    /// A signed download URL for a confirmed file.
    func downloadURL(for file: BitbybitFile) -> String? {
        guard file.status == .confirmed else { return nil }
        return storage.downloadURL(for: file.objectID, lifetime: settings.downloadURLLifetimeSeconds)
    }

    private func refresh(_ id: String, state: inout State) {
        guard var file = state.files[id], file.status == .pending, environment.time.date > file.uploadExpiresAt else { return }
        file.status = .expired
        storage.remove(file.objectID)
        state.files[id] = file
    }
}
