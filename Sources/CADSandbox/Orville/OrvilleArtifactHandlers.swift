import Foundation

/// Artifacts, STEP downloads and billing.
extension OrvilleSandbox {
    func listArtifacts(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("job_id")
        return try store.withWorkspace(key.workspace) { state, _ in
            let job = try job(id, in: state, key: key)
            try limit("orville.artifacts", 120, per: 60, bucket: key.name, what: "artifact requests (120 per minute per API key)")
            return respond(
                200,
                [
                    "job_id": .string(job.id), "revision_id": .optional(job.latestRevision?.id),
                    "assembly_tree": OrvilleRendering.tree(job.latestRevision),
                    "artifacts": OrvilleRendering.artifacts(job.latestRevision),
                ], request: request)
        }
    }

    /// 302 to a signed storage URL, or JSON with `redirect=false`.
    func downloadArtifact(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        let id = request.parameter("artifact_id")
        return try store.withWorkspace(key.workspace) { state, _ in
            guard let entry = state.artifacts[id], state.jobs[entry.jobID]?.workspace == key.workspace else {
                throw OrvilleError.notFound("Artifact \(id)")
            }
            try limit("orville.artifacts", 120, per: 60, bucket: key.name, what: "artifact requests (120 per minute per API key)")
            let url = environment.signedDownloadURL(for: entry.artifact.objectID)
            if request.queryValue("redirect")?.lowercased() == "false" {
                return respond(
                    200,
                    [
                        "artifact_id": .string(id), "filename": .string(entry.artifact.filename), "url": .string(url),
                        "expires_in_seconds": .int(environment.configuration.signedURLLifetimeSeconds),
                    ], request: request)
            }
            var response = SandboxResponse.empty(302)
            response.headers["location"] = url
            response.headers["x-request-id"] = request.requestID
            response.headers["cache-control"] = "no-store"
            return response
        }
    }

    func balance(_ request: SandboxRequest, _ key: SandboxKey) throws -> SandboxResponse {
        try store.withWorkspace(key.workspace) { state, now in
            try limit("orville.billing", 60, per: 60, bucket: key.name, what: "balance requests (60 per minute per API key)")
            let available = store.balance(&state, workspace: key.workspace) - store.heldCents(state, workspace: key.workspace, now: now)
            return respond(
                200,
                [
                    "currency": .string("usd"), "available_balance_cents": .int(available),
                    "cad_job_hold_cents": .int(store.settings.jobHoldCents),
                ], request: request)
        }
    }
}
