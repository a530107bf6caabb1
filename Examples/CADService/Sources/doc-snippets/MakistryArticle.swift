import Foundation
import Makistry

/// `Sources/Makistry/Makistry.docc/GettingStartedWithMakistry.md`: its snippets as written, in order.
enum MakistryArticle {
    static func run() async throws {
        let makistry = try MakistryClient.fromEnvironment()
        // or: try MakistryClient(apiKey: key, configuration: ClientConfiguration(logger: logger))

        let submission = try await makistry.jobs.create(
            TextToCADRequest(prompt: "A 40x20x10 mm box with a sliding lid", outputFormat: .stl))
        let job = try await makistry.jobs.wait(submission.jobID, timeout: DesignMode.standard.defaultWaitTimeout)
        let file = try await makistry.jobs.download(job.jobID, into: "models/", format: .stl)
        print(file.path)

        try SnippetCheck.expect(FileManager.default.fileExists(atPath: file.path), "\(file.path) was not written")

        // A webhook delivery as Makistry would send it, signed with the shared secret.
        let webhookSecret = "whsec_doc_snippets"
        let rawBody = Data(#"{"job_id":"\#(job.jobID)","status":"success"}"#.utf8)
        let timestampHeader = String(Int(Date().timeIntervalSince1970))
        let signatureHeader = WebhookVerifier(secret: webhookSecret).sign(body: rawBody, timestamp: timestampHeader)
        try verifyWebhook(rawBody: rawBody, signatureHeader: signatureHeader, timestampHeader: timestampHeader,
                          webhookSecret: webhookSecret)
        let tampered = Data(rawBody.reversed())
        try SnippetCheck.expect(
            (try? verifyWebhook(rawBody: tampered, signatureHeader: signatureHeader, timestampHeader: timestampHeader,
                                webhookSecret: webhookSecret)) == nil,
            "a tampered webhook body was accepted")
    }

    /// The article's webhook snippet, with the request's parts as parameters.
    static func verifyWebhook(rawBody: Data, signatureHeader: String, timestampHeader: String, webhookSecret: String) throws {
        let verifier = WebhookVerifier(secret: webhookSecret)
        try verifier.verify(body: rawBody, signature: signatureHeader, timestamp: timestampHeader)
    }
}
