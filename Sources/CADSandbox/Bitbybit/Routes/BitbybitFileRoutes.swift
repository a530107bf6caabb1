import Foundation

/// `/api/v1/files…`: announce an upload, confirm it, list, get and delete files.
extension BitbybitSandbox {
    func registerFiles(in routes: inout ProviderRoutes) {
        routes.post("/api/v1/files/upload", handler: endpoint(.files) { call in try upload(call) })
        routes.get("/api/v1/files", handler: endpoint(.files) { call in try listFiles(call) })
        routes.get("/api/v1/files/{fileId}", handler: endpoint(.files) { call in
            let id = call.request.parameter("fileId")
            guard let file = files.file(id, owner: call.owner) else { throw fileNotFound(id) }
            return BitbybitEnvelope.success(200, fileJSON(file), requestID: call.requestID)
        })
        routes.delete("/api/v1/files/{fileId}", handler: endpoint(.files) { call in
            let id = call.request.parameter("fileId")
            guard files.delete(id, owner: call.owner) else { throw fileNotFound(id) }
            return BitbybitEnvelope.success(200, .object(["deleted": .bool(true)]), requestID: call.requestID)
        })
        routes.post("/api/v1/files/{fileId}/confirm", handler: endpoint(.files) { call in try confirm(call) })
    }

    private func fileNotFound(_ id: String) -> BitbybitFailure {
        BitbybitFailure.notFound("No file \(id) belongs to this API key")
    }

    private func upload(_ call: BitbybitCall) throws -> SandboxResponse {
        let body = try call.validatedBody("FileUploadBody", validator: validator)
        let bytes = Int(body["bytes"]?.numberValue ?? 0)
        guard bytes <= settings.maxUploadBytes else {
            throw BitbybitFailure(
                400, "FILE_TOO_LARGE", "The file is \(bytes) bytes; this plan accepts uploads up to \(settings.maxUploadBytes) bytes",
                details: .object(["bytes": .int(bytes), "maxBytes": .int(settings.maxUploadBytes)]))
        }
        let sha256 = body["sha256"]?.stringValue
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw BitbybitFailure.invalid("sha256", "must be the 64 hex digits of the file's SHA-256 digest")
        }
        let (file, uploadURL) = files.announce(
            filename: body["filename"]?.stringValue ?? "file", contentType: body["contentType"]?.stringValue ?? "application/octet-stream",
            bytes: bytes, sha256: sha256, owner: call.owner)
        return BitbybitEnvelope.success(
            201,
            .object([
                "fileId": .string(file.id),
                "uploadUrl": .string(uploadURL),
                "expiresIn": .int(settings.uploadURLLifetimeSeconds),
                "maxBytes": .int(settings.maxUploadBytes),
                "status": .string("pending"),
            ]), requestID: call.requestID)
    }

    private func confirm(_ call: BitbybitCall) throws -> SandboxResponse {
        let id = call.request.parameter("fileId")
        switch files.confirm(id, owner: call.owner) {
        case .success(let file):
            return BitbybitEnvelope.success(
                200,
                .object([
                    "fileId": .string(file.id),
                    "status": .string("confirmed"),
                    "bytes": .int(file.storedBytes ?? file.declaredBytes),
                    "contentType": .string(file.contentType),
                ]), requestID: call.requestID)
        case .failure(.notFound):
            throw fileNotFound(id)
        case .failure(.expired):
            throw BitbybitFailure.notFound("The upload URL of file \(id) expired before the upload was confirmed; upload the file again")
        case .failure(.nothingUploaded):
            throw BitbybitFailure.notFound("No uploaded bytes were found for file \(id); PUT the file to its uploadUrl, then confirm")
        case .failure(.sizeMismatch(let declared, let stored)):
            throw BitbybitFailure(
                400, "UPLOAD_SIZE_MISMATCH",
                "The uploaded file is \(stored) bytes but \(declared) bytes were announced; upload it again with the right size",
                details: .object(["declaredBytes": .int(declared), "storedBytes": .int(stored)]))
        case .failure(.digestMismatch(let declared, let stored)):
            throw BitbybitFailure(
                400, "CHECKSUM_MISMATCH",
                "The uploaded bytes do not match the announced SHA-256; upload the file again",
                details: .object(["declaredSha256": .string(declared), "storedSha256": .string(stored)]))
        }
    }

    private func listFiles(_ call: BitbybitCall) throws -> SandboxResponse {
        let page = try call.integerQuery("page", default: 1, range: 1...1000)
        let limit = try call.integerQuery("limit", default: 20, range: 1...50)
        let status = try call.enumQuery("status", allowed: ["pending", "confirmed", "expired"]).flatMap(BitbybitFileStatus.init)
        let (pageFiles, total) = files.list(owner: call.owner, status: status, page: page, limit: limit)
        return BitbybitEnvelope.success(
            200,
            .object([
                "files": .array(pageFiles.map(fileJSON)),
                "page": .int(page),
                "limit": .int(limit),
                "total": .int(total),
            ]), requestID: call.requestID)
    }

    /// `FileDetail`.
    func fileJSON(_ file: BitbybitFile) -> JSONValue {
        var object: JSONObject = [
            "fileId": .string(file.id),
            "filename": .string(file.filename),
            "contentType": .string(file.contentType),
            "bytes": file.status == .confirmed ? .int(file.storedBytes ?? file.declaredBytes) : .null,
            "sha256": file.sha256.map(JSONValue.string) ?? .null,
            "status": .string(file.status.rawValue),
            "createdAt": .string(Timestamp.iso8601(file.createdAt)),
            "confirmedAt": file.confirmedAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
        ]
        if let url = files.downloadURL(for: file) { object["downloadUrl"] = .string(url) }
        return .object(object)
    }
}
