/// A result file written to disk.
public struct BitbybitDownloadedResult: Sendable, Hashable {
    /// The result key it was listed under (`glb`, `step`, …).
    public var format: String
    /// Where it was written.
    public var path: String
    /// Its size in bytes.
    public var size: Int64
}

/// `client.tasks`: the tasks every submission creates, their results and their lifecycle.
public struct BitbybitTasksAPI: Sendable {
    let client: BitbybitClient

    private func path(_ id: String, _ suffix: String = "", _ values: String...) -> EndpointPath {
        switch values.first {
        case let value?: EndpointPath("/api/v1/tasks/{taskID}" + suffix, id, value)
        case nil: EndpointPath("/api/v1/tasks/{taskID}" + suffix, id)
        }
    }

    /// `GET /api/v1/tasks?page&limit&status&kind`: one page (at most 50 tasks).
    public func page(_ page: Int = 1, limit: Int = 20, status: TaskStatus? = nil, kind: TaskKind? = nil)
        async throws -> TaskList
    {
        var query = [("page", String(page)), ("limit", String(limit))]
        if let status { query.append(("status", status.rawValue)) }
        if let kind { query.append(("kind", kind.rawValue)) }
        return try await client.get("/api/v1/tasks", query: query, as: TaskList.self)
    }

    /// Every task (newest first, as the server orders them), fetched page by page as an `AsyncSequence`
    /// (`.pages` for whole pages), filtered by status and kind.
    public func list(status: TaskStatus? = nil, kind: TaskKind? = nil, pageSize: Int = 50) -> NumberedPages<TaskDetail> {
        let tasks = self
        return NumberedPages(limit: min(50, max(1, pageSize))) { page, limit in
            let list = try await tasks.page(page, limit: limit, status: status, kind: kind)
            return NumberedPage(items: list.tasks, page: list.page, limit: list.limit, total: list.total)
        }
    }

    /// `GET /api/v1/tasks/{id}`.
    public func get(_ id: String) async throws -> TaskDetail {
        try await client.get(path(id), as: TaskDetail.self)
    }

    /// Polls the task until it ends (every 2 s by default, never below 1 s) and returns it when completed.
    ///
    /// - Parameters:
    ///   - id: the task id.
    ///   - timeout: how long to wait; `client.waitTimeout` when `nil`.
    ///   - observer: told after every poll (status changes, elapsed time, next poll).
    ///   - onUpdate: given each fetched task (its `progress` percentage while processing).
    /// - Throws: `JobFailedError` when the task ends `failed`, `cancelled` or `expired` (with the task's
    ///   error message), `WaitTimeoutError` at the deadline (the task may still finish), `CancellationError`.
    public func wait(
        _ id: String,
        timeout: Duration? = nil,
        observer: PollObserver? = nil,
        onUpdate: (@Sendable (TaskDetail) -> Void)? = nil
    ) async throws -> TaskDetail {
        let poller = Poller(provider: BitbybitModule.provider, timeout: timeout ?? client.waitTimeout,
                            schedule: client.pollSchedule, clock: client.core.clock, jitter: client.pollJitter,
                            instrumentation: client.core.instrumentation)
        let tasks = self
        let task = try await poller.wait(jobID: id, observer: observer) {
            let task = try await tasks.get(id)
            onUpdate?(task)
            return PollResult(value: task, status: task.status.rawValue, isTerminal: task.status.isTerminal)
        }
        guard task.status == .completed else {
            throw JobFailedError(
                provider: BitbybitModule.provider, jobID: id, status: task.status.rawValue,
                message: task.error ?? Self.defaultMessage(for: task.status))
        }
        return task
    }

    private static func defaultMessage(for status: TaskStatus) -> String {
        switch status {
        case .cancelled: "the task was cancelled"
        case .expired: "the task's results expired"
        default: "the task failed without an error message"
        }
    }

    /// `GET /api/v1/tasks/{id}/result/{format}`: the download link of one result. `format` may be a request
    /// name (`gltf`) or a result key (`glb`).
    public func result(_ id: String, format: String) async throws -> TaskResultDownload {
        let key = BitbybitResultKey.forRequestedFormat(format)
        return try await client.get(path(id, "/result/{format}", key), as: TaskResultDownload.self)
    }

    /// `GET /api/v1/tasks/{id}/result`: the first result's link, or a compound task's manifest.
    public func resultOrManifest(_ id: String) async throws -> TaskOrCompoundResult {
        try await client.get(path(id, "/result"), as: TaskOrCompoundResult.self)
    }

    /// The manifest of a compound task: each sub-task's status and download URLs by result key.
    ///
    /// - Throws: `APIError` (`.decoding`) when the task is not a compound one.
    public func manifest(_ id: String) async throws -> CompoundResultManifest {
        switch try await resultOrManifest(id) {
        case .compound(let manifest): return manifest
        case .single:
            throw CADError.usage("task \(id) is not a compound task; fetch its results with results(_:)")
        }
    }

    /// `GET /api/v1/tasks/{id}/results`: download links of every result (including `metadata`).
    public func results(_ id: String) async throws -> TaskResultsDownload {
        try await client.get(path(id, "/results"), as: TaskResultsDownload.self)
    }

    /// `DELETE /api/v1/tasks/{id}`: cancels a waiting or queued task (`previousStatus` says what it was).
    @discardableResult
    public func cancel(_ id: String) async throws -> CancelResult {
        try await client.delete(path(id), as: CancelResult.self)
    }

    /// `POST /api/v1/tasks/{id}/retry`: re-queues a failed or cancelled task under the same id.
    public func retry(_ id: String) async throws -> TaskAccepted {
        try await client.postEmpty(path(id, "/retry"), as: TaskAccepted.self)
    }

    // MARK: - Downloads

    /// Streams one result to `directory` (created when missing) under its `filename` (sanitised), atomically: a temporary file
    /// beside it, length checked, then renamed. The pre-signed URL gets no key.
    ///
    /// - Throws: `CADError.usage` when the file exists and `overwrite` is off.
    public func download(
        _ link: TaskResultDownload, into directory: String, overwrite: Bool = false,
        progress: TransferProgressObserver? = nil
    ) async throws -> DownloadResult {
        guard let url = URL(string: link.downloadURL) else {
            throw CADError.other("the result's downloadUrl is not a URL")
        }
        let name = FileNameSanitizer.sanitize(link.filename, fallback: "result")
        return try await download(url, to: try Self.join(directory, name), overwrite: overwrite, progress: progress)
    }

    /// Downloads the results of a completed task into `directory` (created when missing): the given formats (request names such as
    /// `gltf`, or result keys such as `glb`), or, when `formats` is empty, every result but `metadata` (which is
    /// downloaded when it is the only result, as for the sheet-metal reports).
    /// `progress` gives an observer per file name (for one progress bar per file).
    public func download(
        _ id: String, formats: [String] = [], into directory: String, overwrite: Bool = false,
        progress: DownloadProgressFactory? = nil
    ) async throws -> [BitbybitDownloadedResult] {
        var links: [(String, TaskResultDownload)] = []
        if formats.isEmpty {
            let downloads = try await results(id).downloads
            // `metadata` only when it is all there is (a sheet-metal report lives in it).
            let wanted = downloads.contains { $0.format != "metadata" }
                ? downloads.filter { $0.format != "metadata" } : downloads
            for entry in wanted {
                links.append((entry.format, TaskResultDownload(downloadURL: entry.downloadURL, filename: entry.filename)))
            }
        } else {
            var seen = Set<String>()
            for format in formats {
                let key = BitbybitResultKey.forRequestedFormat(format)
                guard seen.insert(key).inserted else { continue }
                links.append((key, try await result(id, format: key)))
            }
        }
        var written: [BitbybitDownloadedResult] = []
        for (key, link) in links {
            let name = FileNameSanitizer.sanitize(link.filename, fallback: "result")
            let result = try await download(link, into: directory, overwrite: overwrite, progress: progress?(name))
            written.append(BitbybitDownloadedResult(format: key, path: result.path, size: result.size))
        }
        return written
    }

    /// Downloads every completed sub-task's results of a compound task into `directory`, named
    /// `item-INDEX.EXT` (`item-0.glb`, `item-0.step`); `progress` gives an observer per file name.
    public func downloadManifest(
        _ id: String, formats: [String] = [], into directory: String, overwrite: Bool = false,
        progress: DownloadProgressFactory? = nil
    ) async throws -> [BitbybitDownloadedResult] {
        let wanted = Set(formats.map(BitbybitResultKey.forRequestedFormat))
        var written: [BitbybitDownloadedResult] = []
        for entry in try await manifest(id).manifest.sorted(by: { $0.index < $1.index }) {
            for (key, link) in (entry.downloadURLs ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard wanted.isEmpty ? key != "metadata" : wanted.contains(key), let url = URL(string: link) else {
                    continue
                }
                let name = FileNameSanitizer.sanitize("item-\(entry.index).\(Self.fileExtension(forKey: key))")
                let result = try await download(url, to: try Self.join(directory, name), overwrite: overwrite,
                                                progress: progress?(name))
                written.append(BitbybitDownloadedResult(format: key, path: result.path, size: result.size))
            }
        }
        return written
    }

    private func download(_ url: URL, to path: String, overwrite: Bool, progress: TransferProgressObserver?)
        async throws -> DownloadResult
    {
        let request = HTTPRequest(method: .get, url: url, followRedirects: true)
        return try await client.core.download(
            request, to: path, options: DownloadOptions(overwrite: overwrite, progress: progress))
    }

    /// The file extension for a result key.
    static func fileExtension(forKey key: String) -> String {
        switch key {
        case "decomposed-mesh": "decomposed-mesh.json"
        case "metadata", "result", "manifest": "json"
        default: key
        }
    }

    /// `name` in `directory`, which is created when missing.
    static func join(_ directory: String, _ name: String) throws -> String {
        try OutputPaths.prepareDirectory(directory)
        return OutputPaths.path(name, in: directory)
    }
}
