"""Orville (Ballista Labs) cassettes from /work/shared/specs/orville-ballista-cad-api.txt ("API docs").

Every response body the page shows is reproduced as shown (compact, in the page's key order); where a
scenario needs a state the page does not show (a queued or running poll, a second page), the body is built
from the page's field rules and the entry's `_comment` says so.
"""

from har import Scenario, multipart
from payloads import ORVILLE_STEP, PNG_MARKUP, PNG_SKETCH

BASE = "https://www.ballistalabs.ai"
DOC = "Orville API docs (orville-ballista-cad-api.txt)"
AUTH = ("Authorization", "Bearer ***")
JOB = "cadjob_385f3130-1ebc-40b7-85d9-6ded5ecc8a0f"
REVISION = "rev_4FIoIk2zfzNGakNvYMXDAA"
ARTIFACT = "art_pW89wqwr67T7O00Ri_8ThA"
BRACKET_JOB = "cadjob_9b2e4c71-3d8a-4f6e-a1b5-7c0d2e8f4a63"
BRACKET_REVISION = "rev_Q2xvY2tCcmFja2V0UmV2QQ"
BRACKET_ARTIFACT = "art_Zb1cT9xq2LkVw0Hn4sRu_g"
SIGNED_STEP_URL = "https://storage.example.com/signed-step-url"
# The multipart prompt part's type, as the Orville client writes it (Sources/Orville/OrvilleMultipartForm.swift).
TEXT_PLAIN = "text/plain; charset=utf-8"


def request_id(number):
    """`req_` + 32 hex digits, distinct per response (the page shows one value for all of them)."""
    return "req_8f3c2d0e98ab4e53981f481d661d%04x" % number


def data_headers(rid):
    return [("X-Request-Id", rid), ("Cache-Control", "no-store")]


def with_id(body, rid):
    result = dict(body)
    result["request_id"] = rid
    return result


ARTIFACT_ENTRY = {
    "id": ARTIFACT, "label": "mounting_plate", "filename": "449_mounting_plate.step", "kind": "step",
    "download_url": f"/api/v1/artifacts/{ARTIFACT}/download",
}
ASSEMBLY_TREE = {
    "label": "mounting_plate", "kind": "step", "filename": "449_mounting_plate.step", "artifact_id": ARTIFACT,
    "children": [],
}
COMPLETED_JOB = {
    "id": JOB, "status": "completed", "created_at": "2026-05-20T14:00:00.000Z",
    "updated_at": "2026-05-20T14:04:12.000Z", "poll_after_seconds": None,
    "explanation": "The mounting plate features a flat rectangular profile...",
    "cost": {"currency": "usd", "charged_cents": 200}, "latest_revision_id": REVISION,
    "assembly_tree": ASSEMBLY_TREE, "artifacts": [ARTIFACT_ENTRY],
}


def pending_job(job, status, updated, poll_after):
    """A job before completion, per the page's rules: explanation, latest_revision_id, assembly_tree and
    artifacts null or empty; cost's charged_cents null until the billing record exists."""
    return {
        "id": job, "status": status, "created_at": "2026-05-20T14:00:00.000Z", "updated_at": updated,
        "poll_after_seconds": poll_after, "explanation": None, "cost": {"currency": "usd", "charged_cents": None},
        "latest_revision_id": None, "assembly_tree": None, "artifacts": [],
    }


def build(recorded_at, version):
    scenarios = []

    def scenario(name, section, start="2026-05-20T14:00:00Z", notes=None):
        s = Scenario("orville", name, "v1", f"Built by Recordings/tools/build_published_cassettes.py from the {DOC}, "
                     f"section {section}", recorded_at, start, notes)
        scenarios.append(s)
        return s

    # --- List recent jobs -------------------------------------------------------------------------------
    s = scenario("list-jobs", '"GET /api/v1/cad/jobs - List recent jobs"')
    s.add("GET", f"{BASE}/api/v1/cad/jobs?limit=20&q=mounting%20plate", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(1)),
          response={"jobs": [{
              "id": JOB, "status": "completed", "source": "webapp", "title": "Mounting plate",
              "prompt_preview": "Create a mounting plate with rounded corners.",
              "last_message": "Increase the thickness to 8 mm.", "latest_revision_id": REVISION,
              "created_at": "2026-05-20T14:00:00.000Z", "updated_at": "2026-05-20T14:04:12.000Z"}],
              "next_cursor": None, "request_id": request_id(1)},
          comment="The page's request and response, verbatim (request_id made distinct).")

    s = scenario("list-jobs-next-page", '"GET /api/v1/cad/jobs - List recent jobs" ("Next page")',
                 start="2026-05-20T15:00:00Z")
    cursor = "eyJ1cGRhdGVkX2F0IjoiMjAyNi0wNS0yMFQxNDowNDoxMi4wMDBaIn0"
    s.add("GET", f"{BASE}/api/v1/cad/jobs?limit=1", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(2)),
          response={"jobs": [{
              "id": BRACKET_JOB, "status": "completed", "source": "api", "title": "Rectangular bracket",
              "prompt_preview": "Create a simple flat rectangular bracket with two through holes.",
              "last_message": "Create a simple flat rectangular bracket with two through holes.",
              "latest_revision_id": BRACKET_REVISION, "created_at": "2026-05-20T14:10:00.000Z",
              "updated_at": "2026-05-20T14:13:05.000Z"}],
              "next_cursor": cursor, "request_id": request_id(2)},
          comment="First page with limit=1; built from the page's job summary shape, next_cursor set.")
    s.add("GET", f"{BASE}/api/v1/cad/jobs?limit=1&cursor={cursor}", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(3)),
          response={"jobs": [{
              "id": JOB, "status": "completed", "source": "webapp", "title": "Mounting plate",
              "prompt_preview": "Create a mounting plate with rounded corners.",
              "last_message": "Increase the thickness to 8 mm.", "latest_revision_id": REVISION,
              "created_at": "2026-05-20T14:00:00.000Z", "updated_at": "2026-05-20T14:04:12.000Z"}],
              "next_cursor": None, "request_id": request_id(3)},
          comment="The page's \"Next page\" request (cursor=$NEXT_CURSOR), sent with the first page's limit "
                  "as the Orville client does (the page's curl shows the cursor alone); the last page.")

    # --- Create ------------------------------------------------------------------------------------------
    s = scenario("create-job-multipart", '"POST /api/v1/cad/jobs - Create a CAD job" (multipart request)')
    s.add("POST", f"{BASE}/api/v1/cad/jobs",
          headers=[AUTH, ("Idempotency-Key", "87b5972d-05b9-4f0a-9b68-97c53fd4f840")],
          body=multipart([("prompt", TEXT_PLAIN, "Create a mounting plate with rounded corners and two through holes."),
                          ("images", "mounting-plate-sketch.png", "image/png", PNG_SKETCH)]),
          content_type="multipart/form-data; boundary=cadctl-boundary", status=202,
          response_headers=data_headers(request_id(4)),
          response={"id": JOB, "status": "queued", "poll_after_seconds": 30, "request_id": request_id(4)},
          comment="The page's multipart create (-F prompt, -F images=@mounting-plate-sketch.png; the PNG is a "
                  "small stand-in kept in Recordings/tools/examples/bodies by digest). The page shows no "
                  "status code; 202 as the sandbox answers.")

    s = scenario("create-job-json", '"POST /api/v1/cad/jobs - Create a CAD job" ("JSON request without images")',
                 start="2026-05-20T14:10:00Z")
    s.add("POST", f"{BASE}/api/v1/cad/jobs",
          headers=[AUTH, ("Content-Type", "application/json"),
                   ("Idempotency-Key", "9e16de21-3919-48f8-9df3-73a2b993fa1f")],
          body={"prompt": "Create a simple flat rectangular bracket with two through holes."}, status=202,
          response_headers=data_headers(request_id(5)),
          response={"id": BRACKET_JOB, "status": "queued", "poll_after_seconds": 30, "request_id": request_id(5)},
          comment="The page's JSON create; response shaped as the page's create response (new job id).")

    # --- Poll --------------------------------------------------------------------------------------------
    s = scenario("poll-job", '"GET /api/v1/cad/jobs/{job_id} - Poll job status"', start="2026-05-20T14:00:30Z")
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{JOB}", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(6)),
          response=with_id(pending_job(JOB, "queued", "2026-05-20T14:00:00.000Z", 30), request_id(6)),
          comment="Queued: built from the page's field rules (null or empty before completion).")
    s.wait(60)
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{JOB}", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(7)),
          response=with_id(pending_job(JOB, "running", "2026-05-20T14:00:41.000Z", 60), request_id(7)),
          comment="Running: built from the page's field rules.")
    s.wait(150)
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{JOB}", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(8)), response=with_id(COMPLETED_JOB, request_id(8)),
          comment="Completed: the page's response, verbatim (request_id made distinct).")

    # --- Create, wait, download (a whole session) ---------------------------------------------------------
    s = scenario("create-wait-download",
                 '"Create a CAD job" (JSON), "Poll job status" and "Download a STEP file" (Quickstart step 4)',
                 start="2026-05-20T14:10:00Z")
    s.add("POST", f"{BASE}/api/v1/cad/jobs",
          headers=[AUTH, ("Content-Type", "application/json"),
                   ("Idempotency-Key", "9e16de21-3919-48f8-9df3-73a2b993fa1f")],
          body={"prompt": "Create a simple flat rectangular bracket with two through holes."}, status=202,
          response_headers=data_headers(request_id(9)),
          response={"id": BRACKET_JOB, "status": "queued", "poll_after_seconds": 30, "request_id": request_id(9)})
    s.wait(30)
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{BRACKET_JOB}", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(10)),
          response=with_id(dict(pending_job(BRACKET_JOB, "running", "2026-05-20T14:10:12.000Z", 60),
                                created_at="2026-05-20T14:10:00.000Z"), request_id(10)))
    s.wait(150)
    bracket_artifact = {
        "id": BRACKET_ARTIFACT, "label": "bracket", "filename": "450_bracket.step", "kind": "step",
        "download_url": f"/api/v1/artifacts/{BRACKET_ARTIFACT}/download"}
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{BRACKET_JOB}", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(11)),
          response={"id": BRACKET_JOB, "status": "completed", "created_at": "2026-05-20T14:10:00.000Z",
                    "updated_at": "2026-05-20T14:13:05.000Z", "poll_after_seconds": None,
                    "explanation": "A flat rectangular bracket with two through holes...",
                    "cost": {"currency": "usd", "charged_cents": 200}, "latest_revision_id": BRACKET_REVISION,
                    "assembly_tree": {"label": "bracket", "kind": "step", "filename": "450_bracket.step",
                                      "artifact_id": BRACKET_ARTIFACT, "children": []},
                    "artifacts": [bracket_artifact], "request_id": request_id(11)})
    add_download(s, BRACKET_ARTIFACT, "450_bracket.step", request_id(12))

    # --- Follow-ups --------------------------------------------------------------------------------------
    s = scenario("send-message-multipart", '"POST /api/v1/cad/jobs/{job_id}/messages - Send a follow-up iteration"',
                 start="2026-05-20T14:05:00Z")
    s.add("POST", f"{BASE}/api/v1/cad/jobs/{JOB}/messages",
          headers=[AUTH, ("Idempotency-Key", "cfb418cc-f8dc-471d-a418-84f612f71449")],
          body=multipart([("prompt", TEXT_PLAIN, "Increase the thickness to 8 mm and move the holes farther apart."),
                          ("images", "markup.png", "image/png", PNG_MARKUP)]),
          content_type="multipart/form-data; boundary=cadctl-boundary", status=202,
          response_headers=data_headers(request_id(13)),
          response={"id": JOB, "status": "queued", "message_id": "3b6b1e3a-5a40-475b-bef0-6d52e2fdd16c",
                    "poll_after_seconds": 30, "request_id": request_id(13)},
          comment="The page's multipart follow-up and response (markup.png is a small stand-in; 202 assumed).")

    s = scenario("send-message-json",
                 '"POST /api/v1/cad/jobs/{job_id}/messages" ("JSON follow-up without images")',
                 start="2026-05-20T14:05:00Z")
    s.add("POST", f"{BASE}/api/v1/cad/jobs/{JOB}/messages",
          headers=[AUTH, ("Content-Type", "application/json"),
                   ("Idempotency-Key", "2e640777-35f6-4fd3-8921-0dd59616c2aa")],
          body={"prompt": "Make the plate 8 mm thick."}, status=202,
          response_headers=data_headers(request_id(14)),
          response={"id": JOB, "status": "queued", "message_id": "5d0c7a9e-2b1f-4c83-9e6a-0f4b8d2c7e15",
                    "poll_after_seconds": 30, "request_id": request_id(14)},
          comment="The page's JSON follow-up; response shaped as the page's follow-up response (new message_id).")

    # --- Review ------------------------------------------------------------------------------------------
    s = scenario("review", '"POST /api/v1/cad/jobs/{job_id}/review - Ask the review assistant"',
                 start="2026-05-20T14:07:00Z")
    s.add("POST", f"{BASE}/api/v1/cad/jobs/{JOB}/review",
          headers=[AUTH, ("Content-Type", "application/json"),
                   ("Idempotency-Key", "f0fb3637-75e8-44f9-b2c9-5e3dce39c631")],
          body={"prompt": "Review the current model for manufacturability and assembly risks.",
                "revision_id": REVISION,
                "viewer_state": {"camera": {"position": [120, 80, 90], "target": [0, 0, 0], "up": [0, 0, 1]}}},
          status=200, time_ms=4200, response_headers=data_headers(request_id(15)),
          response={"job_id": JOB, "revision_id": REVISION, "message_id": "2df6c964-bf0b-4e9a-998b-1c2ad907fcb6",
                    "assistant_message_id": "77f52fe8-d731-48b8-85fb-1748ef7409ea",
                    "review": {"mode": "review", "message": "The bracket is generally straightforward to manufacture...",
                               "model": "review-agent", "iteration_proposal": None, "viewer_actions": []},
                    "request_id": request_id(15)},
          comment="The page's review request and response, verbatim (request_id made distinct).")

    s = scenario("review-snapshot", '"POST /api/v1/cad/jobs/{job_id}/review" ("Snapshot context")',
                 start="2026-05-20T14:08:00Z")
    import base64
    s.add("POST", f"{BASE}/api/v1/cad/jobs/{JOB}/review",
          headers=[AUTH, ("Content-Type", "application/json"),
                   ("Idempotency-Key", "18f7f767-c776-41de-9a34-59b2bb564873")],
          body={"prompt": "Review this marked-up area.",
                "viewer_state": {"snapshots": [{"label": "Marked area", "mime_type": "image/png",
                                                "data_base64": base64.b64encode(PNG_MARKUP).decode(),
                                                "source": "viewer_snapshot"}]}},
          status=200, time_ms=5100, response_headers=data_headers(request_id(16)),
          response={"job_id": JOB, "revision_id": REVISION, "message_id": "a41e6f0b-93c2-4d7a-8b15-6e2f9c0d3a84",
                    "assistant_message_id": "c8d27b3e-1f64-4a09-b5e7-2d9a0c6f4b13",
                    "review": {"mode": "review",
                               "message": "The marked area has a 1 mm web between the hole and the edge...",
                               "model": "review-agent", "iteration_proposal": None, "viewer_actions": []},
                    "request_id": request_id(16)},
          comment="The page's snapshot request (data_base64 \"...\" replaced by a small real PNG); the response is "
                  "built from the review response shape, revision_id defaulting to the current revision.")

    # --- History and artifacts ---------------------------------------------------------------------------
    s = scenario("message-history", '"GET /api/v1/cad/jobs/{job_id}/messages - Read message history"',
                 start="2026-05-20T14:08:00Z")
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{JOB}/messages", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(17)),
          response={"job_id": JOB, "messages": [
              {"id": "3b6b1e3a-5a40-475b-bef0-6d52e2fdd16c", "role": "user",
               "content": "Create a mounting plate from this sketch.", "created_at": "2026-05-20T14:00:00.000Z",
               "images": [{"id": "file_6FZkCpLcH7s3VRYB0a8quA", "filename": "mounting-plate-sketch.png",
                           "content_type": "image/png", "size_bytes": 184221}],
               "revision_id": None, "revision": None, "artifacts": [], "review": None},
              {"id": "8c7cfd22-c8ed-4247-9907-4d469c0c7ad3", "role": "assistant",
               "content": "The mounting plate features a flat rectangular profile...",
               "created_at": "2026-05-20T14:04:12.000Z", "images": [], "revision_id": REVISION, "revision": "A",
               "artifacts": [ARTIFACT_ENTRY], "review": None},
              {"id": "77f52fe8-d731-48b8-85fb-1748ef7409ea", "role": "assistant",
               "content": "The bracket is generally straightforward to manufacture...",
               "created_at": "2026-05-20T14:07:12.000Z", "images": [], "revision_id": None, "revision": None,
               "artifacts": [],
               "review": {"mode": "review", "message": "The bracket is generally straightforward to manufacture...",
                          "model": "review-agent", "iteration_proposal": None, "viewer_actions": []}}],
              "request_id": request_id(17)},
          comment="The page's message history, verbatim (request_id made distinct).")

    s = scenario("list-artifacts", '"GET /api/v1/cad/jobs/{job_id}/artifacts - List latest artifacts"',
                 start="2026-05-20T14:05:00Z")
    s.add("GET", f"{BASE}/api/v1/cad/jobs/{JOB}/artifacts", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(18)),
          response={"job_id": JOB, "revision_id": REVISION, "assembly_tree": ASSEMBLY_TREE,
                    "artifacts": [ARTIFACT_ENTRY], "request_id": request_id(18)},
          comment="The page's response, verbatim (request_id made distinct).")

    s = scenario("download-artifact", '"GET /api/v1/artifacts/{artifact_id}/download - Download a STEP file"',
                 start="2026-05-20T14:05:00Z")
    add_download(s, ARTIFACT, "449_mounting_plate.step", request_id(19))

    s = scenario("download-artifact-url",
                 '"GET /api/v1/artifacts/{artifact_id}/download" ("Signed URL JSON request" with redirect=false)',
                 start="2026-05-20T14:05:00Z")
    s.add("GET", f"{BASE}/api/v1/artifacts/{ARTIFACT}/download?redirect=false", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(20)),
          response={"artifact_id": ARTIFACT, "filename": "449_mounting_plate.step", "url": SIGNED_STEP_URL,
                    "expires_in_seconds": 900, "request_id": request_id(20)},
          comment="The page's signed URL JSON response, verbatim (request_id made distinct).")
    s.add("GET", SIGNED_STEP_URL, status=200, response=ORVILLE_STEP, response_type="application/step",
          comment="The storage GET of the page's signed URL (no credentials); a small STEP beginning with the "
                  "page's header lines.")

    # --- Billing -----------------------------------------------------------------------------------------
    s = scenario("billing-balance", '"GET /api/v1/billing/balance - Read billing status"')
    s.add("GET", f"{BASE}/api/v1/billing/balance", headers=[AUTH], status=200,
          response_headers=data_headers(request_id(21)),
          response={"currency": "usd", "available_balance_cents": 2500, "cad_job_hold_cents": 200,
                    "request_id": request_id(21)},
          comment="The page's response, verbatim (request_id made distinct).")

    # --- Errors ------------------------------------------------------------------------------------------
    def error(name, number, status, code, message, method, path, body=None, extra_headers=(), comment="",
              idempotency=None):
        e = scenario(name, '"Errors" ("Error shape", "Common statuses", "Common error codes")')
        rid = request_id(number)
        headers = [AUTH]
        if body is not None:
            headers.append(("Content-Type", "application/json"))
        if idempotency:
            headers.append(("Idempotency-Key", idempotency))
        e.add(method, f"{BASE}{path}", headers=headers, body=body, status=status,
              response_headers=data_headers(rid) + list(extra_headers),
              response={"error": {"code": code, "message": message}, "request_id": rid}, comment=comment)

    error("error-400-idempotency-key-required", 22, 400, "idempotency_key_required",
          "Idempotency-Key header is required for CAD write requests.", "POST", "/api/v1/cad/jobs",
          body={"prompt": "Create a simple flat rectangular bracket with two through holes."},
          comment="400 with the documented code idempotency_key_required (message written from the code's "
                  "description).")
    error("error-401-invalid-api-key", 23, 401, "invalid_api_key",
          "Missing, invalid, revoked, or expired API key.", "GET", "/api/v1/cad/jobs?limit=20",
          comment="The page lists 401 without a code; invalid_api_key is the code the sandbox uses.")
    error("error-402-insufficient-balance", 24, 402, "insufficient_balance", "The workspace balance is empty.",
          "POST", "/api/v1/cad/jobs", body={"prompt": "Create a simple flat rectangular bracket with two through holes."},
          idempotency="4c1d9e7a-5b28-4f30-8a6e-1d7c3b9f2e05",
          comment="402 (the workspace cannot start another CAD job) with the documented code insufficient_balance.")
    error("error-403-insufficient-scope", 25, 403, "insufficient_scope",
          "This API key does not include the billing:read scope.", "GET", "/api/v1/billing/balance",
          comment="The page lists 403 (missing scope) without a code; insufficient_scope as the sandbox uses.")
    error("error-404-job-not-found", 26, 404, "not_found",
          "CAD job cadjob_00000000-0000-4000-8000-000000000000 was not found", "GET",
          "/api/v1/cad/jobs/cadjob_00000000-0000-4000-8000-000000000000",
          comment="The page lists no 404 code; not_found as the sandbox uses.")
    error("error-409-job-already-running", 27, 409, "job_already_running", "CAD job already has an active run",
          "POST", f"/api/v1/cad/jobs/{JOB}/messages", body={"prompt": "Make the plate 8 mm thick."},
          idempotency="6a2f8c41-0e9d-4b57-a3c6-9f1e2d7b8c40",
          comment="The page's \"Error response\" example, verbatim (request_id made distinct).")
    error("error-429-rate-limited", 28, 429, "rate_limited",
          "Status polling is limited to 3 requests per 10 seconds per job. Retry after 10 seconds.", "GET",
          f"/api/v1/cad/jobs/{JOB}", extra_headers=[("Retry-After", "10")],
          comment="429 with the documented code rate_limited and Retry-After (status polling limit).")
    return scenarios


def add_download(s, artifact, filename, rid):
    """The default download: a 302 to a signed URL (X-Request-Id, no-store), then the storage GET."""
    signed = (f"https://storage.example.com/signed-step-url?artifact={artifact}"
              "&expires=1779286812&signature=***")
    s.add("GET", f"{BASE}/api/v1/artifacts/{artifact}/download", headers=[AUTH], status=302,
          response_headers=[("Location", signed), ("X-Request-Id", rid), ("Cache-Control", "no-store")],
          response=None, time_ms=80,
          comment="The page's default download: 302 to a short-lived signed STEP URL (host from the page's "
                  "redirect=false example; query illustrative, signature scrubbed as at record time).")
    s.add("GET", signed, status=200, response=ORVILLE_STEP, response_type="application/step", time_ms=150,
          comment=f"The storage GET (no credentials sent to the other origin): {filename}, a small STEP "
                  "beginning with the page's header lines.")
