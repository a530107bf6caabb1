import CADCore

/// Prompt to CAD files with any provider: the same code serves Orville and Makistry.
func generatePart(with cad: any PromptToCADClient, prompt: String, into directory: String) async throws
    -> [WrittenFile]
{
    let job = try await cad.submit(PromptToCADRequest(prompt: prompt))
    let done = try await cad.wait(job.jobID, timeout: .seconds(600))
    let files = try await cad.download(done.jobID, into: directory, overwrite: true)
    return files.map { WrittenFile(provider: done.provider, path: $0.path, bytes: $0.size) }
}
