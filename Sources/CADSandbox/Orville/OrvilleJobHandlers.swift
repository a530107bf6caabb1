import Foundation

/// Creating, polling, listing and continuing jobs.
extension OrvilleSandbox {
    func createJob(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let idempotencyKey = try idempotencyKey(request)
        let input = try OrvilleInput.parse(request)
        let fingerprint = RequestFingerprint.of(request)
        return try store.withWorkspace(key.workspace) { state, now in
            if let replayed = try replay(state, key: key, idempotencyKey: idempotencyKey, fingerprint: fingerprint) {
                return replayed
            }
            try limit("orville.cad_writes", 10, per: 60, bucket: key.workspace, what: "CAD writes (10 per minute per workspace)")
            try checkBilling(&state, workspace: key.workspace, now: now)

            let createdAt = environment.time.date(atSimulated: now)
            let messageID = SandboxIDs.uuid()
            let sequence = state.nextSequence
            state.nextSequence += 1
            var job = OrvilleJob(
                id: "cadjob_" + SandboxIDs.uuid(), workspace: key.workspace, sequence: sequence, source: "api",
                title: OrvilleStore.title(from: input.prompt), originalPrompt: input.prompt, createdAt: createdAt,
                updatedAt: createdAt, runs: [store.makeRun(prompt: input.prompt, messageID: messageID, now: now)])
            job.messages.append(
                OrvilleMessage(
                    id: messageID, role: .user, content: input.prompt, createdAt: createdAt,
                    images: storeImages(input.images)))
            state.jobs[job.id] = job
            environment.inspector.recordJobCreated(.orville)

            let response = respond(
                202,
                ["id": .string(job.id), "status": .string("queued"), "poll_after_seconds": .optional(pollAfter(job, now: now))],
                request: request)
            if let body = JSONValue.parse(response.body) {
                state.idempotency.record(
                    scope: key.name, key: idempotencyKey, fingerprint: fingerprint,
                    value: OrvilleStore.Replay(status: 202, body: body))
            }
            return response
        }
    }

    func getJob(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("job_id")
        return try store.withWorkspace(key.workspace) { state, now in
            let job = try job(id, in: state, key: key)
            try limit(
                "orville.job_poll", 3, per: 10, bucket: key.name + "/" + id,
                what: "status polling of this job (3 requests per 10 seconds per API key)")
            try limit("orville.reads", 600, per: 60, bucket: key.workspace, what: "reads (600 per minute per workspace)")
            return respond(200, OrvilleRendering.job(job, now: now, pollAfter: pollAfter(job, now: now)), request: request)
        }
    }

    func listJobs(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        var limit = 20
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...100).contains(value) else {
                throw OrvilleError(400, "invalid_limit", "limit must be an integer from 1 to 100.")
            }
            limit = value
        }
        var before = Int.max
        if let cursor = request.queryValue("cursor"), !cursor.isEmpty {
            guard let decoded = Data(base64Encoded: cursor).flatMap({ String(data: $0, encoding: .utf8) }),
                decoded.hasPrefix("seq:"), let sequence = Int(decoded.dropFirst(4))
            else {
                throw OrvilleError(400, "invalid_cursor", "cursor is not a next_cursor value returned by this endpoint.")
            }
            before = sequence
        }
        let query = request.queryValue("q")?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        return try store.withWorkspace(key.workspace) { state, now in
            try self.limit("orville.reads", 600, per: 60, bucket: key.workspace, what: "reads (600 per minute per workspace)")
            let matching = state.jobs.values
                .filter { $0.workspace == key.workspace && $0.sequence < before }
                .filter { query.isEmpty || $0.title.lowercased().contains(query) || $0.originalPrompt.lowercased().contains(query) }
                .sorted { $0.sequence > $1.sequence }
            let page = matching.prefix(limit)
            let nextCursor: JSONValue =
                matching.count > limit
                ? .string(Data("seq:\(page.last?.sequence ?? 0)".utf8).base64EncodedString()) : .null
            return respond(
                200,
                [
                    "jobs": .array(page.map { OrvilleRendering.summary($0, now: now, preview: { store.preview($0) }) }),
                    "next_cursor": nextCursor,
                ], request: request)
        }
    }

    func followUp(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("job_id")
        let idempotencyKey = try idempotencyKey(request)
        let input = try OrvilleInput.parse(request)
        let fingerprint = RequestFingerprint.of(request)
        return try store.withWorkspace(key.workspace) { state, now in
            var job = try job(id, in: state, key: key)
            if let replayed = try replay(state, key: key, idempotencyKey: idempotencyKey, fingerprint: fingerprint) {
                return replayed
            }
            if job.isActive(at: now) {
                throw OrvilleError(409, "job_already_running", "CAD job already has an active run")
            }
            try limit("orville.cad_writes", 10, per: 60, bucket: key.workspace, what: "CAD writes (10 per minute per workspace)")
            try checkBilling(&state, workspace: key.workspace, now: now)

            let date = environment.time.date(atSimulated: now)
            let messageID = SandboxIDs.uuid()
            job.runs.append(store.makeRun(prompt: input.prompt, messageID: messageID, now: now))
            environment.inspector.recordWork("orville.iterate")
            job.messages.append(
                OrvilleMessage(id: messageID, role: .user, content: input.prompt, createdAt: date, images: storeImages(input.images)))
            job.updatedAt = date
            state.jobs[job.id] = job

            let response = respond(
                202,
                [
                    "id": .string(job.id), "status": .string("queued"), "message_id": .string(messageID),
                    "poll_after_seconds": .optional(pollAfter(job, now: now)),
                ], request: request)
            if let body = JSONValue.parse(response.body) {
                state.idempotency.record(
                    scope: key.name, key: idempotencyKey, fingerprint: fingerprint,
                    value: OrvilleStore.Replay(status: 202, body: body))
            }
            return response
        }
    }

    func listMessages(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("job_id")
        return try store.withWorkspace(key.workspace) { state, _ in
            let job = try job(id, in: state, key: key)
            try limit("orville.reads", 600, per: 60, bucket: key.workspace, what: "reads (600 per minute per workspace)")
            return respond(
                200,
                ["job_id": .string(job.id), "messages": .array(job.messages.map { OrvilleRendering.message($0, job: job) })],
                request: request)
        }
    }
}
