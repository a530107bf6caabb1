import Foundation

/// The JSON shapes of Orville's responses.
enum OrvilleRendering {
    static func artifact(_ artifact: OrvilleArtifact) -> JSONValue {
        .object([
            "id": .string(artifact.id),
            "label": .string(artifact.label),
            "filename": .string(artifact.filename),
            "kind": .string("step"),
            "download_url": .string("/api/v1/artifacts/\(artifact.id)/download"),
        ])
    }

    static func artifacts(_ revision: OrvilleRevision?) -> JSONValue {
        .array((revision?.artifacts ?? []).map(artifact))
    }

    /// The assembly tree: artifact ids, never storage paths.
    static func tree(_ revision: OrvilleRevision?) -> JSONValue {
        guard let revision else { return .null }
        func leaf(_ artifact: OrvilleArtifact) -> JSONValue {
            .object([
                "label": .string(artifact.label), "kind": .string("step"), "filename": .string(artifact.filename),
                "artifact_id": .string(artifact.id), "children": .array([]),
            ])
        }
        if !revision.isAssembly, let only = revision.artifacts.first { return leaf(only) }
        return .object([
            "label": .string(revision.treeLabel), "kind": .string("assembly"), "filename": .null, "artifact_id": .null,
            "children": .array(revision.artifacts.map(leaf)),
        ])
    }

    /// The full job (`GET /cad/jobs/{id}`), without `request_id`.
    static func job(_ job: OrvilleJob, now: Duration, pollAfter: Int?) -> JSONObject {
        let status = job.status(at: now)
        var object: JSONObject = [
            "id": .string(job.id),
            "status": .string(status.rawValue),
            "created_at": .string(Timestamp.iso8601(job.createdAt)),
            "updated_at": .string(Timestamp.iso8601(job.updatedAt)),
            "poll_after_seconds": .optional(pollAfter),
            "explanation": status == .completed ? .optional(job.explanation) : .null,
            "cost": status == .completed
                ? .object(["currency": .string("usd"), "charged_cents": .optional(job.chargedCents)]) : .null,
            "latest_revision_id": .optional(job.latestRevision?.id),
            "assembly_tree": tree(job.latestRevision),
            "artifacts": artifacts(job.latestRevision),
        ]
        if status == .failed, let failure = job.failure {
            object["error"] = .object(["code": .string(failure.code), "message": .string(failure.message)])
        }
        return object
    }

    /// A job summary for the list.
    static func summary(_ job: OrvilleJob, now: Duration, preview: (String) -> String) -> JSONValue {
        let lastUser = job.messages.last { $0.role == .user && $0.review == nil }
        return .object([
            "id": .string(job.id),
            "status": .string(job.status(at: now).rawValue),
            "source": .string(job.source),
            "title": .string(job.title),
            "prompt_preview": .string(preview(job.originalPrompt)),
            "last_message": .optional(lastUser?.content),
            "latest_revision_id": .optional(job.latestRevision?.id),
            "created_at": .string(Timestamp.iso8601(job.createdAt)),
            "updated_at": .string(Timestamp.iso8601(job.updatedAt)),
        ])
    }

    static func review(_ review: OrvilleReview?) -> JSONValue {
        guard let review else { return .null }
        return .object([
            "mode": .string("review"),
            "message": .string(review.message),
            "model": .string("review-agent"),
            "iteration_proposal": .null,
            "viewer_actions": .array([]),
        ])
    }

    static func message(_ message: OrvilleMessage, job: OrvilleJob) -> JSONValue {
        let revision = message.revisionID.flatMap { id in job.revisions.first { $0.id == id } }
        return .object([
            "id": .string(message.id),
            "role": .string(message.role.rawValue),
            "content": .string(message.content),
            "created_at": .string(Timestamp.iso8601(message.createdAt)),
            "images": .array(message.images.map { image in
                .object([
                    "id": .string(image.id), "filename": .string(image.filename),
                    "content_type": .string(image.contentType), "size_bytes": .int(image.sizeBytes),
                ])
            }),
            "revision_id": .optional(revision?.id),
            "revision": .optional(revision?.letter),
            "artifacts": revision.map { artifacts($0) } ?? .array([]),
            "review": review(message.review),
        ])
    }
}
