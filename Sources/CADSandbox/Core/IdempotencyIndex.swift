import CADCrypto
import Foundation

/// Remembers which result an `Idempotency-Key` produced, per scope (key or workspace).
///
/// A value type: a provider keeps it inside its own locked state so check-and-create is atomic.
struct IdempotencyIndex<Value: Sendable>: Sendable {
    enum Lookup {
        /// First use of the key.
        case new
        /// Same key, same request: the original result.
        case replay(Value)
        /// Same key, different request.
        case conflict
    }

    private var entries: [String: (fingerprint: String, value: Value)] = [:]

    func lookup(scope: String, key: String, fingerprint: String) -> Lookup {
        guard let entry = entries[scope + "\u{0}" + key] else { return .new }
        return entry.fingerprint == fingerprint ? .replay(entry.value) : .conflict
    }

    mutating func record(scope: String, key: String, fingerprint: String, value: Value) {
        entries[scope + "\u{0}" + key] = (fingerprint, value)
    }
}

/// A digest identifying a request's meaning: method, path and body, where JSON bodies are compared
/// by value (key order and whitespace ignored) and multipart bodies by their parts (the boundary ignored).
enum RequestFingerprint {
    static func of(_ request: SandboxRequest) -> String {
        var hasher = SHA256Hasher()
        hasher.update(Data("\(request.method) \(request.path)\n".utf8))
        if let parts = try? MultipartFormData.parse(request) {
            for part in parts {
                hasher.update(Data("part:\(part.name):\(part.filename ?? ""):\(part.contentType ?? ""):".utf8))
                hasher.update(SHA256Hasher.hash(part.data).bytes)
            }
        } else if let json = JSONValue.parse(request.body) {
            hasher.update(canonical(json).serialized())
        } else {
            hasher.update(request.body)
        }
        return hasher.finalize().hex
    }

    private static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var sorted = JSONObject()
            for key in object.keys.sorted() {
                if let member = object[key] { sorted[key] = canonical(member) }
            }
            return .object(sorted)
        case .array(let values): return .array(values.map(canonical))
        default: return value
        }
    }
}
