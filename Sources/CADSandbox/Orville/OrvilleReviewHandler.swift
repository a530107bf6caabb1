import Foundation

/// The synchronous review assistant.
extension OrvilleSandbox {
    func review(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("job_id")
        let idempotencyKey = try idempotencyKey(request)
        guard let json = JSONValue.parse(request.body), let object = json.objectValue else {
            throw OrvilleError(400, "invalid_json", "The request body is not valid JSON.")
        }
        let prompt = try OrvilleInput.validPrompt(object["prompt"]?.stringValue)
        let revisionID = object["revision_id"]?.stringValue
        if let state = object["viewer_state"], !state.isNull, state.objectValue == nil {
            throw OrvilleError(400, "invalid_viewer_state", "viewer_state must be an object.")
        }
        let fingerprint = RequestFingerprint.of(request)
        return try store.withWorkspace(key.workspace) { state, now in
            var job = try job(id, in: state, key: key)
            if let replayed = try replay(state, key: key, idempotencyKey: idempotencyKey, fingerprint: fingerprint) {
                return replayed
            }
            if job.isActive(at: now) {
                throw OrvilleError(409, "job_not_completed", "The CAD job has not completed yet; review it once status is completed.")
            }
            guard let latest = job.latestRevision else {
                throw OrvilleError(409, "cad_revision_required", "The CAD job has no revision to review yet.")
            }
            let revision: OrvilleRevision
            if let revisionID {
                guard let found = job.revisions.first(where: { $0.id == revisionID }) else {
                    throw OrvilleError.notFound("Revision \(revisionID)")
                }
                revision = found
            } else {
                revision = latest
            }
            try limit(
                "orville.review_writes", 20, per: 60, bucket: key.workspace,
                what: "review assistant messages (20 per minute per workspace)")
            if prompt.contains("[review-fail]") {
                throw OrvilleError(502, "review_agent_failed", "The review assistant could not complete the request.")
            }

            let date = environment.time.date(atSimulated: now)
            let answer = OrvilleReview(
                message: "Revision \(revision.letter) (\(revision.artifacts.map(\.filename).joined(separator: ", "))) is "
                    + "generally straightforward to manufacture: a solid prismatic body with no undercuts. "
                    + "Regarding \"\(store.preview(prompt, length: 80))\": keep wall thickness above 2 mm.")
            let userMessage = OrvilleMessage(id: SandboxIDs.uuid(), role: .user, content: prompt, createdAt: date)
            let assistantMessage = OrvilleMessage(
                id: SandboxIDs.uuid(), role: .assistant, content: answer.message, createdAt: date, review: answer)
            job.messages.append(userMessage)
            job.messages.append(assistantMessage)
            state.jobs[job.id] = job

            let response = respond(
                200,
                [
                    "job_id": .string(job.id), "revision_id": .string(revision.id), "message_id": .string(userMessage.id),
                    "assistant_message_id": .string(assistantMessage.id), "review": OrvilleRendering.review(answer),
                ], request: request)
            if let body = JSONValue.parse(response.body) {
                environment.inspector.recordWork("orville.review")
                state.idempotency.record(
                    scope: key.name, key: idempotencyKey, fingerprint: fingerprint,
                    value: OrvilleStore.Replay(status: 200, body: body))
            }
            return response
        }
    }
}
