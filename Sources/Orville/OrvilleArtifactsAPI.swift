/// `client.artifacts`: the STEP files of a job's latest revision.
public struct OrvilleArtifactsAPI: Sendable {
    let client: OrvilleClient

    private var core: APIClientCore { client.core }

    /// The latest revision's artifacts and assembly tree (`GET /api/v1/cad/jobs/{job_id}/artifacts`).
    public func list(jobID: String) async throws -> OrvilleArtifactList {
        let request = try core.request(.get, "/api/v1/cad/jobs/\(try OrvilleClient.segment(jobID))/artifacts")
        return try await core.send(request, decoding: OrvilleArtifactList.self,
                                   endpoint: "GET /api/v1/cad/jobs/{jobID}/artifacts")
    }

    /// A short-lived signed URL for the artifact, without downloading it
    /// (`GET /api/v1/artifacts/{artifact_id}/download?redirect=false`).
    public func signedURL(_ artifactID: String) async throws -> OrvilleSignedURL {
        let request = try core.request(
            .get, "/api/v1/artifacts/\(try OrvilleClient.segment(artifactID))/download", query: [("redirect", "false")])
        return try await core.send(request, decoding: OrvilleSignedURL.self,
                                   endpoint: "GET /api/v1/artifacts/{artifactID}/download")
    }

    /// Downloads one artifact to `path`, atomically, following the API's 302 to the signed storage URL; the
    /// key goes only to the API, never to storage.
    ///
    /// - Parameters:
    ///   - artifact: the artifact, from `list(jobID:)` or a job's latest revision.
    ///   - path: the file to write.
    ///   - overwrite: replace an existing file (otherwise `CADError.usage` names it).
    ///   - progress: told of the transfer's bytes (for a progress bar).
    /// - Throws: `CADError.usage` when `path` exists and `overwrite` is false; `APIError`, `TransportError`.
    public func download(
        _ artifact: OrvilleArtifact, to path: String, overwrite: Bool = false, progress: TransferProgressObserver? = nil
    ) async throws -> DownloadResult {
        var request = try downloadRequest(for: artifact)
        request.followRedirects = true
        return try await core.download(request, to: path, options: DownloadOptions(overwrite: overwrite, progress: progress))
    }

    /// Downloads one artifact by id to `path` (see `download(_:to:overwrite:)`).
    public func download(artifactID: String, to path: String, overwrite: Bool = false) async throws -> DownloadResult {
        try await download(OrvilleArtifact(id: artifactID), to: path, overwrite: overwrite)
    }

    /// Downloads every artifact of the job's latest revision into `directory` (created when missing) under
    /// their sanitised server names, each written atomically.
    ///
    /// Every target name is checked before the first byte is fetched: an existing file is a usage error
    /// naming it unless `overwrite`. Names that sanitise alike get `-2`, `-3`… before the extension.
    ///
    /// - Parameters:
    ///   - jobID: the job (`cadjob_…`).
    ///   - directory: where the files go (created when missing).
    ///   - overwrite: replace existing files (otherwise the first one found is named in a usage error).
    ///   - progress: gives an observer per file name (for one progress bar per file).
    /// - Returns: the written files, in the API's order.
    public func downloadLatest(
        jobID: String, into directory: String, overwrite: Bool = false, progress: DownloadProgressFactory? = nil
    ) async throws -> [DownloadResult] {
        let list = try await list(jobID: jobID)
        return try await download(list.artifacts, into: directory, overwrite: overwrite, progress: progress)
    }

    /// Downloads `artifacts` into `directory` (see `downloadLatest`).
    public func download(
        _ artifacts: [OrvilleArtifact], into directory: String, overwrite: Bool = false,
        progress: DownloadProgressFactory? = nil
    ) async throws -> [DownloadResult] {
        let names = Self.fileNames(for: artifacts)
        try OutputPaths.prepareDirectory(directory)
        let paths = names.map { OutputPaths.path($0, in: directory) }
        if !overwrite, let existing = paths.first(where: OrvilleFiles.exists) {
            throw OutputFileExistsError(path: existing)
        }
        var results: [DownloadResult] = []
        for (artifact, (path, name)) in zip(artifacts, zip(paths, names)) {
            results.append(try await download(artifact, to: path, overwrite: overwrite, progress: progress?(name)))
        }
        return results
    }

    /// Sanitised, distinct file names for `artifacts` (the artifact id with `.step` when no name is usable).
    public static func fileNames(for artifacts: [OrvilleArtifact]) -> [String] {
        var used: Set<String> = []
        return artifacts.map { artifact in
            let fallback = FileNameSanitizer.sanitize(artifact.id, fallback: "artifact") + ".step"
            let name = FileNameSanitizer.sanitize(artifact.filename ?? "", fallback: fallback)
            var candidate = name
            var counter = 2
            while used.contains(candidate.lowercased()) {
                let (stem, ext) = OrvilleFiles.splitExtension(name)
                candidate = "\(stem)-\(counter)\(ext)"
                counter += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    private func downloadRequest(for artifact: OrvilleArtifact) throws -> HTTPRequest {
        let fallback = "/api/v1/artifacts/\(try OrvilleClient.segment(artifact.id))/download"
        let location = artifact.downloadURL ?? fallback
        if location.lowercased().hasPrefix("http://") || location.lowercased().hasPrefix("https://") {
            guard let url = URL(string: location) else {
                throw CADError.other("the API gave an unusable download URL for artifact \(artifact.id)")
            }
            return HTTPRequest(method: .get, url: url)
        }
        return try core.request(.get, location, headers: ["Accept": "*/*"])
    }
}
