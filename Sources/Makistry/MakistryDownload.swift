extension MakistryClient {
    /// Downloads a finished job's file into `directory` as `JOB_ID.EXT` (`.step`, `.stl`, `.glb`, `.3mf`).
    ///
    /// - Reads the job first, because `download_url` is signed anew on every read and expires: the newest
    ///   URL is used, and if storage refuses it (401/403/410, an expired signature) the job is read once
    ///   more and the download retried with the fresh URL.
    /// - Atomic and streamed (`Downloader`): the bytes go to a temporary file beside the target, are checked
    ///   against the announced length, then renamed; nothing is left under the final name on failure.
    /// - No credential goes to the storage host.
    /// - Parameters:
    ///   - jobID: the job (`pub_…`).
    ///   - directory: where the file goes (created when missing).
    ///   - format: the job's output format, which names the file; when `nil` it is taken from the storage
    ///     response's file name, else recognised from the file's first bytes (`.bin` when nothing fits).
    ///   - overwrite: replace an existing file (otherwise `CADError.usage` names it).
    ///   - progress: told of the download's bytes (for a progress bar).
    /// - Throws: `JobFailedError` if the job failed, `CADError.other` if it has not finished,
    ///   `CADError.usage` for an existing file, `APIError`/`TransportError` for failed transfers.
    public func download(
        _ jobID: String,
        into directory: String,
        format: MakistryOutputFormat? = nil,
        overwrite: Bool = false,
        progress: TransferProgressObserver? = nil
    ) async throws -> DownloadResult {
        var refreshed = false
        while true {
            let job = try await jobs.get(jobID)
            let url = try Self.downloadURL(of: job)
            do {
                let chosen: MakistryOutputFormat?
                if let format { chosen = format } else { chosen = try await probeFormat(url) }
                let name = FileNameSanitizer.sanitize(jobID, fallback: "makistry-job") + "." + (chosen?.fileExtension ?? "bin")
                try OutputPaths.prepareDirectory(directory)
                let path = OutputPaths.path(name, in: directory)
                let request = HTTPRequest(url: url, followRedirects: true)
                return try await core.download(request, to: path, options: DownloadOptions(overwrite: overwrite, progress: progress))
            } catch let error as APIError where !refreshed && [401, 403, 410].contains(error.status) {
                refreshed = true
                continue
            }
        }
    }

    /// The job's download URL, or why there is none.
    static func downloadURL(of job: MakistryJob) throws -> URL {
        if let failure = job.failure { throw failure }
        guard job.status == .success else {
            throw CADError.other("Makistry job \(job.jobID) is still \(job.status.rawValue); wait for it to finish "
                + "(cadctl jobs wait \(job.jobID)) before downloading")
        }
        guard let url = job.downloadURL else {
            throw CADError.other("Makistry job \(job.jobID) succeeded but has no download_url; read it again later")
        }
        return url
    }

    /// The format of the file at `url`: from the URL's extension, the response's `Content-Disposition`
    /// file name, or the first bytes (a ranged request for 512 bytes).
    func probeFormat(_ url: URL) async throws -> MakistryOutputFormat? {
        if let format = MakistryOutputFormat(fileExtension: url.pathExtension) { return format }
        let request = HTTPRequest(url: url, headers: ["Range": "bytes=0-511", "Accept": "*/*"], followRedirects: true)
        let response = try await core.send(request, endpoint: "GET download_url")
        if let disposition = response.headers["Content-Disposition"], let name = Self.fileName(inDisposition: disposition),
           let dot = name.lastIndex(of: "."), let format = MakistryOutputFormat(fileExtension: String(name[name.index(after: dot)...])) {
            return format
        }
        var total: Int64?
        if let range = response.headers["Content-Range"], let slash = range.lastIndex(of: "/") {
            total = Int64(range[range.index(after: slash)...])
        } else if response.status == 200 {
            total = Int64(response.body.count)
        }
        return MakistryOutputFormat.sniff(response.body, totalSize: total)
    }

    /// The `filename` parameter of a `Content-Disposition` header.
    static func fileName(inDisposition header: String) -> String? {
        for parameter in header.split(separator: ";") {
            let trimmed = parameter.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.lowercased().hasPrefix("filename=") else { continue }
            var value = trimmed.dropFirst("filename=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }
}
