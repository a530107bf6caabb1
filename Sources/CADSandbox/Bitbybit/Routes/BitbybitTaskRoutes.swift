import Foundation

/// `/api/v1/tasks…`: list, get, cancel, retry and the three result endpoints.
extension BitbybitSandbox {
    func registerTasks(in routes: inout ProviderRoutes) {
        routes.get("/api/v1/tasks", handler: endpoint(.tasks) { call in try listTasks(call) })
        routes.get("/api/v1/tasks/{taskId}", handler: endpoint(.tasks) { call in
            let task = try requireTask(call)
            let children = tasks.children(of: task)
            return BitbybitEnvelope.success(
                200, BitbybitTaskJSON.detail(task, children: children, board: tasks), requestID: call.requestID)
        })
        routes.delete("/api/v1/tasks/{taskId}", handler: endpoint(.tasks) { call in try cancel(call) })
        routes.get("/api/v1/tasks/{taskId}/result", handler: endpoint(.tasks) { call in try defaultResult(call) })
        routes.get("/api/v1/tasks/{taskId}/result/{format}", handler: endpoint(.tasks) { call in try formatResult(call) })
        routes.get("/api/v1/tasks/{taskId}/results", handler: endpoint(.tasks) { call in try allResults(call) })
        routes.post("/api/v1/tasks/{taskId}/retry", handler: endpoint(.tasks) { call in try retry(call) })
    }

    private func taskNotFound(_ id: String) -> BitbybitFailure {
        BitbybitFailure(404, "TASK_NOT_FOUND", "No task \(id) belongs to this API key")
    }

    private func requireTask(_ call: BitbybitCall) throws -> BitbybitTask {
        let id = call.request.parameter("taskId")
        guard let task = tasks.task(id, owner: call.owner) else { throw taskNotFound(id) }
        return task
    }

    private func listTasks(_ call: BitbybitCall) throws -> SandboxResponse {
        let page = try call.integerQuery("page", default: 1, range: 1...1000)
        let limit = try call.integerQuery("limit", default: 20, range: 1...50)
        let status = try call.enumQuery("status", allowed: BitbybitTaskStatus.allCases.map(\.rawValue))
            .flatMap(BitbybitTaskStatus.init)
        let kind = try call.enumQuery("kind", allowed: BitbybitTaskKind.allCases.map(\.rawValue)).flatMap(BitbybitTaskKind.init)
        let (pageTasks, total) = tasks.list(owner: call.owner, status: status, kind: kind, page: page, limit: limit)
        return BitbybitEnvelope.success(
            200,
            .object([
                "tasks": .array(pageTasks.map { BitbybitTaskJSON.detail($0, children: tasks.children(of: $0), board: tasks) }),
                "page": .int(page),
                "limit": .int(limit),
                "total": .int(total),
            ]), requestID: call.requestID)
    }

    private func cancel(_ call: BitbybitCall) throws -> SandboxResponse {
        let id = call.request.parameter("taskId")
        guard case .done(let previous, _) = tasks.cancel(id, owner: call.owner) else { throw taskNotFound(id) }
        return BitbybitEnvelope.success(
            200, .object(["cancelled": .bool(true), "previousStatus": .string(previous.rawValue)]), requestID: call.requestID)
    }

    private func retry(_ call: BitbybitCall) throws -> SandboxResponse {
        let id = call.request.parameter("taskId")
        switch tasks.retry(id, owner: call.owner) {
        case .notFound:
            throw taskNotFound(id)
        case .refused(let status):
            throw BitbybitFailure(
                409, "TASK_NOT_RETRYABLE", "Task \(id) is \(status.rawValue); only failed or cancelled tasks can be retried",
                details: .object(["status": .string(status.rawValue)]))
        case .done:
            guard let task = tasks.task(id, owner: call.owner) else { throw taskNotFound(id) }
            return accepted(task, call: call)
        }
    }

    /// The task, or 409 when it has no results (yet).
    private func requireCompleted(_ call: BitbybitCall) throws -> BitbybitTask {
        let task = try requireTask(call)
        guard task.status == .completed else {
            let message =
                switch task.status {
                case .failed: "Task \(task.id) failed (\(task.error ?? "no message")); it has no results"
                case .cancelled: "Task \(task.id) was cancelled; it has no results"
                case .expired: "The results of task \(task.id) have expired and were deleted"
                default: "Task \(task.id) is \(task.status.rawValue); poll GET /api/v1/tasks/\(task.id) until it is completed"
                }
            throw BitbybitFailure(409, "TASK_NOT_COMPLETED", message, details: .object(["status": .string(task.status.rawValue)]))
        }
        return task
    }

    private func download(_ part: BitbybitResultPart) -> JSONObject {
        [
            "downloadUrl": .string(environment.storage.downloadURL(for: part.objectID, lifetime: settings.downloadURLLifetimeSeconds)),
            "filename": .string(part.filename),
        ]
    }

    private func defaultResult(_ call: BitbybitCall) throws -> SandboxResponse {
        let task = try requireCompleted(call)
        if case .compound = task.work {
            let manifest = tasks.children(of: task).map { child -> JSONValue in
                var entry: JSONObject = [
                    "taskId": .string(child.id), "index": .int(child.index ?? 0), "status": .string(child.status.rawValue),
                ]
                if child.status == .completed {
                    var urls = JSONObject()
                    for part in child.parts {
                        urls[part.key] = .string(
                            environment.storage.downloadURL(for: part.objectID, lifetime: settings.downloadURLLifetimeSeconds))
                    }
                    entry["downloadUrls"] = .object(urls)
                }
                return .object(entry)
            }
            return BitbybitEnvelope.success(200, .object(["manifest": .array(manifest)]), requestID: call.requestID)
        }
        guard let primary = task.parts.first(where: { $0.key != "metadata" }) ?? task.parts.first else {
            throw BitbybitFailure.notFound("Task \(task.id) has no result files")
        }
        return BitbybitEnvelope.success(200, .object(download(primary)), requestID: call.requestID)
    }

    private func formatResult(_ call: BitbybitCall) throws -> SandboxResponse {
        let task = try requireCompleted(call)
        let format = call.request.parameter("format")
        guard let part = task.parts.first(where: { $0.key == format }) else {
            let available = task.parts.map(\.key).joined(separator: ", ")
            let hint = format == "gltf" ? " (a gltf request produces the glb result)" : ""
            throw BitbybitFailure(
                404, "RESULT_NOT_FOUND", "Task \(task.id) has no result in format '\(format)'\(hint); available: \(available)",
                details: .object(["available": .array(task.parts.map { .string($0.key) })]))
        }
        return BitbybitEnvelope.success(200, .object(download(part)), requestID: call.requestID)
    }

    private func allResults(_ call: BitbybitCall) throws -> SandboxResponse {
        let task = try requireCompleted(call)
        let downloads = task.parts.map { part -> JSONValue in
            var entry: JSONObject = ["format": .string(part.key)]
            for (key, value) in download(part).members { entry[key] = value }
            return .object(entry)
        }
        return BitbybitEnvelope.success(200, .object(["downloads": .array(downloads)]), requestID: call.requestID)
    }
}
