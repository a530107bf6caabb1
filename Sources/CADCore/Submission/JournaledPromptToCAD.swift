/// Any `PromptToCADClient` behind a `SubmissionJournal`: a service that submits the same prompt again (after a
/// crash, a retried request of its own) resumes the unfinished job instead of paying for a second one.
///
/// ```swift
/// let cad = JournaledPromptToCAD(client: try OrvilleClient.fromEnvironment(), journal: try Ledger(environment: env),
///                                provider: "orville", baseURL: baseURL, apiKey: apiKey)
/// let job = try await cad.submit(PromptToCADRequest(prompt: "A 40x20x5 mm plate"))   // new or resumed
/// let done = try await cad.wait(job.jobID, timeout: .seconds(1800))                   // finishes the record
/// ```
public struct JournaledPromptToCAD<Client: PromptToCADClient>: Sendable {
    /// The provider client.
    public var client: Client
    /// The journal (a `CADLedger.Ledger`).
    public var journal: any SubmissionJournal
    /// The provider's name, as the journal records it.
    public var provider: String
    /// The base URL the client talks to, as the journal records it.
    public var baseURL: String
    /// The key, only ever handed to the journal to be fingerprinted (never stored, never shown).
    private let apiKey: String

    /// A journaled client.
    public init(client: Client, journal: any SubmissionJournal, provider: String, baseURL: String, apiKey: String) {
        self.client = client
        self.journal = journal
        self.provider = provider
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    /// Submits `request`, or resumes the unfinished job an earlier identical submission made (less than 24 h
    /// ago); `forceNew` submits anyway. A resumed job is returned with its last recorded status.
    public func submit(_ request: PromptToCADRequest, forceNew: Bool = false) async throws -> PromptToCADJob {
        var body = JSONObject()
        if let prompt = request.prompt { body["prompt"] = .string(prompt) }
        if let format = request.format { body["format"] = .string(format.rawValue) }
        let submission = SubmissionRequest(
            provider: provider, baseURL: baseURL, apiKey: apiKey, path: "prompt-to-cad", body: .object(body),
            uploadedFiles: request.imagePaths, takesIdempotencyKey: true, idempotencyKey: request.idempotencyKey,
            summary: request.prompt ?? request.imagePaths.joined(separator: ", "), forceNew: forceNew)
        let outcome = try await JournaledSubmission(journal: journal).submit(submission) { key in
            var request = request
            request.idempotencyKey = key
            return try await client.submit(request)
        } id: { ($0.jobID, $0.status) }
        switch outcome {
        case .answered(let job, _):
            return job
        case .resumed(let jobID, let status, _, _):
            return PromptToCADJob(provider: provider, jobID: jobID, state: .unknown, status: status ?? "submitted")
        }
    }

    /// Waits for the job and records how it ended: a finished job is never resumed again.
    public func wait(_ jobID: String, timeout: Duration? = nil, observer: PollObserver? = nil) async throws
        -> PromptToCADJob
    {
        let ticket = try await journal.ticket(provider: provider, jobID: jobID)
        do {
            let job = try await client.wait(jobID, timeout: timeout, observer: observer)
            if let ticket { try await journal.recordStatus(ticket, status: job.status, isTerminal: job.state.isTerminal) }
            return job
        } catch let error as JobFailedError {
            if let ticket { try await journal.recordStatus(ticket, status: error.status, isTerminal: true) }
            throw error
        }
    }
}
