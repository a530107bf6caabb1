/// How one provider's job ended: the files it wrote, or the error that stopped it.
struct Outcome: Sendable {
    /// The provider that ran the job.
    var provider: String
    /// The written files, or the error.
    var result: Result<[WrittenFile], any Error>

    /// Runs `job` and keeps what it returned or threw.
    init(_ provider: String, job: () async throws -> [WrittenFile]) async {
        self.provider = provider
        do {
            result = .success(try await job())
        } catch {
            result = .failure(error)
        }
    }
}
