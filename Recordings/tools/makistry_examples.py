"""Makistry cassettes from /work/shared/specs/makistry-generation-api.txt (Quick Start) and the documented
facts the project keeps with it (endpoints, fields, statuses, error codes; see Recordings/README.md).

The Quick Start shows requests but no response bodies; every response here is built from the documented
fields, and each entry's `_comment` says so.
"""

from har import Scenario, multipart
from payloads import MAKISTRY_STEP, MAKISTRY_STL, PNG_PHOTO, PNG_SKETCH, PNG_TRUNCATED

BASE = "https://api.makistry.ai/v1"
DOC = "Makistry Generation API page (makistry-generation-api.txt)"
AUTH = ("Authorization", "Bearer ***")
QUICKSTART_PROMPT = "A 40x20x10mm rectangular box with a 5mm through-hole centered on the top face"
BOX_JOB = "pub_7f3a9c2e41b84d5f9e1a"
IMAGE_JOB = "pub_2c8e5b0d93f14a6b8c27"
FAILED_JOB = "pub_5e1b7d3a08c24f9a6b3e"
EXPIRED_JOB = "pub_0a9d4c6e2b7f41e3a58d"
DOWNLOADS = "https://storage.makistry.ai/outputs"


def job(job_id, status, download_url=None, error_code=None, error_message=None, metadata=None,
        tokens_used=None, latency_ms=None):
    return {"job_id": job_id, "status": status, "download_url": download_url, "error_code": error_code,
            "error_message": error_message, "metadata": metadata, "tokens_used": tokens_used,
            "latency_ms": latency_ms}


def build(recorded_at, version):
    scenarios = []

    def scenario(name, section, start="2026-11-24T10:00:00Z"):
        s = Scenario("makistry", name, "v1", f"Built by Recordings/tools/build_published_cassettes.py from the {DOC}, "
                     f"{section}", recorded_at, start,
                     notes="Response bodies built from the documented fields (the page shows none); the signed "
                           "download host is illustrative.")
        scenarios.append(s)
        return s

    # --- Text to CAD, poll, download ---------------------------------------------------------------------
    s = scenario("text-to-cad", 'Quick Start "Step 2 - Submit a job" and "Step 3 - Poll and download"')
    s.add("POST", f"{BASE}/text-to-cad", headers=[AUTH, ("Content-Type", "application/json")],
          body={"prompt": QUICKSTART_PROMPT, "output_format": "STEP"}, status=202,
          response={"job_id": BOX_JOB, "status": "queued"},
          comment="The Quick Start request; 202 {job_id, status} built from the documented fields.")
    s.wait(10)
    s.add("GET", f"{BASE}/jobs/{BOX_JOB}", headers=[AUTH], status=200, response=job(BOX_JOB, "queued"),
          comment="Queued: built from the documented job fields.")
    s.wait(10)
    s.add("GET", f"{BASE}/jobs/{BOX_JOB}", headers=[AUTH], status=200, response=job(BOX_JOB, "processing"),
          comment="Processing: built from the documented job fields.")
    s.wait(20)
    url = f"{DOWNLOADS}/{BOX_JOB}/output.step?expires=1795514441&signature=***"
    s.add("GET", f"{BASE}/jobs/{BOX_JOB}", headers=[AUTH], status=200,
          response=job(BOX_JOB, "success", download_url=url, tokens_used=1840, latency_ms=41230),
          comment="Success with a signed download_url (signature scrubbed as at record time).")
    url = refresh(s, BOX_JOB, "output.step", 1795514442, tokens_used=1840, latency_ms=41230)
    s.add("GET", url, status=200, response=MAKISTRY_STEP, response_type="application/step",
          comment="The Quick Start's `curl -L \"$URL\" -o output.step` (no Authorization to the storage host).")

    # --- Text to CAD with every documented field ----------------------------------------------------------
    s = scenario("text-to-cad-all-fields", "documented POST /text-to-cad fields")
    s.add("POST", f"{BASE}/text-to-cad", headers=[AUTH, ("Content-Type", "application/json")],
          body={"prompt": "A two-part hinge: a 30 mm leaf with three knuckles and a 3 mm pin",
                "design_mode": "assembly", "output_format": "GLB",
                "callback_url": "https://hooks.example.com/makistry", "metadata": {"order": "A-1042"}},
          status=202, response={"job_id": "pub_9d3f1a7c5e2b48d6a0c4", "status": "queued"},
          comment="Every documented field (design_mode assembly, output_format GLB, callback_url, metadata); "
                  "response built from the documented fields.")

    # --- Image to CAD ------------------------------------------------------------------------------------
    s = scenario("image-to-cad", "documented POST /image-to-cad (multipart) and GET /jobs/{job_id}")
    body = multipart([
        ("image", "front.png", "image/png", PNG_SKETCH),
        ("image", "side.png", "image/png", PNG_PHOTO),
        ("prompt", "A wall bracket like the one in these photos, 3 mm steel"),
        ("design_mode", "standard"),
        ("output_format", "STL"),
        ("metadata_json", '{"ticket":"T-77"}'),
    ])
    s.add("POST", f"{BASE}/image-to-cad", headers=[AUTH], body=body,
          content_type="multipart/form-data; boundary=cadctl-boundary", status=202,
          response={"job_id": IMAGE_JOB, "status": "queued"},
          comment="Multipart with two image files (small PNG stand-ins, body kept in "
                  "Recordings/tools/examples/bodies by digest), prompt, design_mode, output_format and "
                  "metadata_json; response built from the documented fields.")
    s.wait(15)
    s.add("GET", f"{BASE}/jobs/{IMAGE_JOB}", headers=[AUTH], status=200,
          response=job(IMAGE_JOB, "processing", metadata={"ticket": "T-77"}),
          comment="Processing: built from the documented job fields (metadata echoed).")
    s.wait(60)
    url = f"{DOWNLOADS}/{IMAGE_JOB}/output.stl?expires=1795514516&signature=***"
    s.add("GET", f"{BASE}/jobs/{IMAGE_JOB}", headers=[AUTH], status=200,
          response=job(IMAGE_JOB, "success", download_url=url, metadata={"ticket": "T-77"}, tokens_used=3275,
                       latency_ms=74410),
          comment="Success: built from the documented job fields.")
    url = refresh(s, IMAGE_JOB, "output.stl", 1795514517, metadata={"ticket": "T-77"}, tokens_used=3275,
                  latency_ms=74410)
    s.add("GET", url, status=200, response=MAKISTRY_STL, response_type="model/stl",
          comment="The storage GET of the signed download_url (a small ASCII STL).")

    # --- A failed job ------------------------------------------------------------------------------------
    s = scenario("job-failed", 'Quick Start "Step 3" (the failed branch: error_code, error_message)')
    s.add("GET", f"{BASE}/jobs/{FAILED_JOB}", headers=[AUTH], status=200,
          response=job(FAILED_JOB, "failed", error_code="generation_failed",
                       error_message="The model could not be generated from this prompt.", tokens_used=912,
                       latency_ms=18344),
          comment="status failed with error_code/error_message as the Quick Start reads them; the code "
                  "generation_failed is illustrative (the page names none).")

    # --- Errors ------------------------------------------------------------------------------------------
    def error(name, status, code, message, method, path, body=None, content_type=None, extra=(), comment=""):
        e = scenario(name, "documented errors {error_code, message}")
        headers = [AUTH]
        if isinstance(body, dict):
            headers.append(("Content-Type", "application/json"))
        e.add(method, f"{BASE}{path}", headers=headers, body=body, content_type=content_type, status=status,
              response_headers=list(extra), response={"error_code": code, "message": message},
              comment=comment or f"{status} {code}: body built from the documented error shape.")

    error("error-401-invalid-api-key", 401, "invalid_api_key", "The API key is missing or invalid.",
          "POST", "/text-to-cad", body={"prompt": QUICKSTART_PROMPT, "output_format": "STEP"})
    error("error-402-payment-required", 402, "payment_required",
          "The account has no credits left. Add credits in the dashboard.",
          "POST", "/text-to-cad", body={"prompt": QUICKSTART_PROMPT, "output_format": "STEP"})
    e = scenario("error-404-empty-body", "documented errors (404 has an empty body)")
    e.add("GET", f"{BASE}/jobs/pub_0000000000000000000a", headers=[AUTH], status=404, response=None,
          comment="404 for an unknown job: documented to carry an EMPTY body (no error_code).")
    error("error-410-output-expired", 410, "output_expired",
          "The output of this job has expired. Submit the job again.", "GET", f"/jobs/{EXPIRED_JOB}")
    error("error-422-invalid-input", 422, "invalid_input", "callback_url must point to a public host.",
          "POST", "/text-to-cad", body={"prompt": QUICKSTART_PROMPT, "output_format": "STEP",
                                        "callback_url": "https://127.0.0.1/hooks/makistry"},
          comment="422 invalid_input for a request a client's own checks let through (a loopback callback_url); "
                  "the reason is illustrative, the body follows the documented error shape.")
    error("error-422-image-parse-failed", 422, "image_parse_failed", "image 1 could not be decoded as an image.",
          "POST", "/image-to-cad",
          body=multipart([("image", "truncated.png", "image/png", PNG_TRUNCATED),
                          ("prompt", "A bracket like this one"), ("output_format", "STEP")]),
          content_type="multipart/form-data; boundary=cadctl-boundary",
          comment="422 image_parse_failed for a PNG that passes a client's signature check but is cut short "
                  "(examples/images/truncated.png); body built from the documented error shape.")
    error("error-429-quota-exceeded", 429, "quota_exceeded",
          "Rate limit exceeded: 20 jobs per minute. Retry after 30 seconds.", "POST", "/text-to-cad",
          body={"prompt": QUICKSTART_PROMPT, "output_format": "STEP"}, extra=[("Retry-After", "30")],
          comment="429 quota_exceeded with Retry-After: body built from the documented error shape.")
    return scenarios


def refresh(s, job_id, filename, expires, **fields):
    """The read right before a download: download_url is signed afresh on every read, so a client reads
    the job again for a URL that has not expired, and downloads from that one."""
    url = f"{DOWNLOADS}/{job_id}/{filename}?expires={expires}&signature=***"
    s.wait(1)
    s.add("GET", f"{BASE}/jobs/{job_id}", headers=[AUTH], status=200,
          response=job(job_id, "success", download_url=url, **fields),
          comment="Read again right before downloading: a freshly signed download_url.")
    return url
