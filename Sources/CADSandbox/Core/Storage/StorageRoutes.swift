import Foundation

/// The storage listener's endpoints: signed downloads (with `Range`) and signed uploads.
struct StorageRoutes: Sendable {
    let storage: StorageService

    func register(in table: inout RouteTable) {
        table.add("GET", "/objects/{object_id}", provider: nil) { request in self.download(request) }
        table.add("PUT", "/uploads/{object_id}", provider: nil) { request in self.upload(request) }
    }

    /// An S3-like XML error.
    static func error(_ status: Int, code: String, message: String) -> SandboxResponse {
        var response = SandboxResponse(
            status: status,
            body: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message></Error>\n".utf8))
        response.headers["content-type"] = "application/xml"
        return response
    }

    private func refusal(_ refusal: URLSigner.Refusal) -> SandboxResponse {
        switch refusal {
        case .missing: Self.error(403, code: "AccessDenied", message: "Query-string authentication requires expires and signature")
        case .expired: Self.error(403, code: "AccessDenied", message: "Request has expired")
        case .badSignature: Self.error(403, code: "SignatureDoesNotMatch", message: "The request signature does not match")
        }
    }

    private func download(_ request: SandboxRequest) -> SandboxResponse {
        let id = request.parameter("object_id")
        if let refused = storage.verify(method: "GET", path: "/objects/\(id)", request: request) { return refusal(refused) }
        guard let object = storage.object(id) else {
            return Self.error(404, code: "NoSuchKey", message: "The specified key does not exist")
        }
        var headers = SandboxHeaders()
        headers["content-type"] = object.contentType
        headers["etag"] = object.etag
        headers["accept-ranges"] = "bytes"
        headers["cache-control"] = "private, max-age=0"
        if let filename = object.filename {
            headers["content-disposition"] = "attachment; filename=\"\(filename.replacingOccurrences(of: "\"", with: ""))\""
        }
        let whole = SandboxResponse(status: 200, headers: headers, body: object.data)
        guard !request.faultFlags.contains(.ignoreRange), let rangeHeader = request.headers["range"] else { return whole }
        if let ifRange = request.headers["if-range"], ifRange != object.etag { return whole }
        switch ByteRange.parse(rangeHeader, length: object.data.count) {
        case .none: return whole
        case .unsatisfiable:
            var response = Self.error(416, code: "InvalidRange", message: "The requested range is not satisfiable")
            response.headers["content-range"] = "bytes */\(object.data.count)"
            return response
        case .range(let range):
            var response = SandboxResponse(status: 206, headers: headers, body: object.data.subdata(in: range))
            response.headers["content-range"] = "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(object.data.count)"
            return response
        }
    }

    private func upload(_ request: SandboxRequest) -> SandboxResponse {
        let id = request.parameter("object_id")
        if let refused = storage.verify(method: "PUT", path: "/uploads/\(id)", request: request) { return refusal(refused) }
        let existing = storage.object(id)
        let object = StoredObject(
            id: id, data: request.body,
            contentType: request.headers["content-type"] ?? existing?.contentType ?? "application/octet-stream",
            filename: existing?.filename)
        storage.put(object)
        var response = SandboxResponse.empty(200)
        response.headers["etag"] = object.etag
        return response
    }
}

/// A single `Range: bytes=...` request.
enum ByteRange {
    case none
    case unsatisfiable
    case range(Range<Int>)

    /// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against a body of `length` bytes. Multiple ranges
    /// and other units are answered with the whole body (`.none`), as RFC 9110 allows.
    static func parse(_ header: String, length: Int) -> ByteRange {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.lowercased().hasPrefix("bytes="), !value.contains(",") else { return .none }
        let spec = value.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard let dash = spec.firstIndex(of: "-") else { return .none }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if first.isEmpty {
            guard let suffix = Int(last) else { return .none }
            guard suffix > 0 else { return .unsatisfiable }
            guard length > 0 else { return .unsatisfiable }
            return .range(max(0, length - suffix)..<length)
        }
        guard let start = Int(first), start >= 0 else { return .none }
        guard start < length else { return .unsatisfiable }
        if last.isEmpty { return .range(start..<length) }
        guard let end = Int(last), end >= start else { return .none }
        return .range(start..<min(end + 1, length))
    }
}
