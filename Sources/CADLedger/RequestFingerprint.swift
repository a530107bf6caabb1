import CADCore

/// The fingerprints the ledger recognises a request and a key by.
public enum RequestFingerprint {
    /// The first 16 hex digits of the SHA-256 of `apiKey`: enough to tell keys apart, useless to recover one.
    public static func key(_ apiKey: String) -> String {
        String(SHA256Hex.digest(of: Array(apiKey.utf8)).prefix(16))
    }

    /// The SHA-256 (hex) over the method, the path, the JSON body with sorted keys, and the SHA-256 of every
    /// uploaded file in order, each on a line of its own (then the request's `scope`, when it has one).
    ///
    /// - Throws: `CADError.usage` when an uploaded file cannot be read.
    public static func request(_ request: SubmissionRequest) throws -> String {
        var text = request.method.uppercased() + "\n" + request.path + "\n"
            + request.body.serialized(sortedKeys: true) + "\n"
        for path in request.uploadedFiles {
            text += try SHA256Hex.digest(ofFileAt: path).sha256 + "\n"
        }
        if let scope = request.scope { text += "scope " + scope + "\n" }
        return SHA256Hex.digest(of: Array(text.utf8))
    }
}
