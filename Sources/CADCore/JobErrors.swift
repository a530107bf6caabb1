/// A remote job or task ended as failed. The CLI exits 4 and prints the provider's code and message.
public struct JobFailedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider's name (`orville`).
    public var provider: String
    /// The job or task id.
    public var jobID: String
    /// The final status the provider reported (`failed`, `cancelled`, …).
    public var status: String
    /// The provider's error code for the failure, if any.
    public var code: String?
    /// The provider's message for the failure, if any.
    public var message: String?
    /// The request id of the response that reported the failure, if any.
    public var requestID: String?

    /// A failure report.
    public init(
        provider: String,
        jobID: String,
        status: String = "failed",
        code: String? = nil,
        message: String? = nil,
        requestID: String? = nil
    ) {
        self.provider = provider
        self.jobID = jobID
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// `job ID failed: MESSAGE (provider: code, request id)`.
    public var description: String {
        let what = status == "failed" ? "failed" : "ended as \(status)"
        var text = "\(provider) job \(jobID) \(what)"
        if let message, !message.isEmpty { text += ": \(message)" }
        var facts: [String] = []
        if let code { facts.append("\(provider): \(code)") }
        if let requestID { facts.append("request \(requestID)") }
        if !facts.isEmpty { text += " (\(facts.joined(separator: ", ")))" }
        return text
    }
}

/// Waiting for a job gave up at its deadline. The job may still finish; the CLI exits 5 and names the id.
public struct WaitTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider's name (`makistry`).
    public var provider: String
    /// The job or task id, to wait on again later.
    public var jobID: String
    /// The time limit that ran out.
    public var timeout: Duration
    /// The status seen at the last poll, if any poll completed.
    public var lastStatus: String?
    /// How many polls were made.
    public var polls: Int

    /// A timeout report.
    public init(provider: String, jobID: String, timeout: Duration, lastStatus: String?, polls: Int) {
        self.provider = provider
        self.jobID = jobID
        self.timeout = timeout
        self.lastStatus = lastStatus
        self.polls = polls
    }

    /// `gave up waiting for … after 10m (last status: running); it may still finish: its id is …`.
    public var description: String {
        let status = lastStatus.map { " (last status: \($0))" } ?? ""
        return "gave up waiting for \(provider) job \(jobID) after \(APIError.describe(timeout))\(status); "
            + "it may still finish: wait again with its id, \(jobID), or allow a longer timeout"
    }
}
