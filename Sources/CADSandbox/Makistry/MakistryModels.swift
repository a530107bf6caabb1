import Foundation

/// An error answered as `{"error_code","message"}` (or, for 404, an empty body).
struct MakistryError: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    var retryAfter: Int?

    init(_ status: Int, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static func invalidInput(_ message: String) -> MakistryError { MakistryError(422, "invalid_input", message) }

    /// Unknown job or another key's job: 404 with an empty body.
    static let notFound = MakistryError(404, "", "")
}

/// A validated job request (text or image).
struct MakistryRequest: Sendable {
    var prompt: String
    var designMode: String
    var outputFormat: CADFileFormat
    var callbackURL: String?
    var metadata: JSONValue?
    /// Number of images (image-to-CAD only).
    var imageCount: Int
}

/// A generation job, advancing `queued → processing → success | failed` on the simulated clock.
struct MakistryJob: Sendable {
    enum Status: String, Sendable {
        case queued, processing, success, failed
    }

    var id: String
    var ownerKey: String
    var request: MakistryRequest
    var sequence: Int
    var createdAt: Duration
    var processingAt: Duration
    var finishesAt: Duration
    var fails: Bool
    /// The stored output (set when the job succeeds).
    var objectID: String?
    var settled = false

    func status(at now: Duration) -> Status {
        if now < processingAt { return .queued }
        if now < finishesAt { return .processing }
        return fails ? .failed : .success
    }

    var tokensUsed: Int { 800 + request.prompt.unicodeScalars.count / 4 + request.imageCount * 1_500 }
    var latencyMilliseconds: Int { Int(((finishesAt - createdAt).seconds * 1000).rounded()) }
}
