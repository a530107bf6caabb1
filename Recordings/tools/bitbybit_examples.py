"""Bitbybit cassettes from /work/shared/specs/bitbybit-openapi.json (v1.1.1, authoritative) and
bitbybit-cloud-cad-api.txt / bitbybit-pipelines.txt: every path of the OpenAPI document at least once.

The document's request `example`s (dragon-cup, phone-nest) are used as given; other bodies are minimal
bodies valid against the document's schemas, and every response is in the document's envelope
(`{"ok":true,"data":…}` / `{"ok":false,"error":{…}}`) with the fields its schema requires.
"""

import json
import os
import uuid

from har import Scenario, sha256
from payloads import BITBYBIT_GLB, BITBYBIT_STEP, UPLOAD_STEP

BASE = "https://api.bitbybit.dev"
DOC = "Bitbybit CAD Cloud API OpenAPI document v1.1.1 (bitbybit-openapi.json)"
KEY = ("x-api-key", "***")
JSON_TYPE = "application/json; charset=utf-8"
STORAGE = "https://storage.bitbybit.dev"
# The repository's copy of the OpenAPI document (the one the sandbox and the checks use).
OPENAPI_DOCUMENT = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources",
                                               "CADSandbox", "Resources", "bitbybit-openapi.json")))
NAMESPACE = uuid.UUID("6f1c1a52-3c0b-4c3e-9d1e-2b7a0f6d9e10")

DRAGON_CUP_EXAMPLE = {
    "params": {"height": 8, "radiusBottom": 4, "radiusTopOffset": 2, "radiusMidOffset": 2, "rotationTopAngle": 20,
               "rotationMidAngle": 20, "nrSkinCellsVertical": 5, "nrSkinCellsHorizontal": 10,
               "nrSkinCellDivisionsTop": 1, "nrSkinCellDivisionsBottom": 3, "skinCellOuterHeight": 0.4,
               "skinCellInnerHeight": 0.3, "skinCellBottomHeight": 0.4, "skinCellTopHeight": 0.4, "thickness": 0.6,
               "bottomThickness": 1, "precision": 0.01, "rotation": 0, "scale": 1, "origin": [0, 0, 0],
               "direction": [0, 1, 0]},
    "outputs": {"formats": ["step", "gltf"]},
}
PHONE_NEST_EXAMPLE = {
    "params": {"heightBottom": 5, "heightTop": 16, "widthBack": 25, "widthFront": 10, "length": 16, "backOffset": 6,
               "thickness": 0.4, "applyOrnaments": False, "filletRadius": 2, "phoneHeight": 16.8, "phoneWidth": 7.8,
               "phoneThickness": 0.7, "precision": 0.01, "rotation": 0, "scale": 1, "origin": [0, 0, 0],
               "direction": [0, 1, 0]},
    "outputs": {"formats": ["step", "gltf"]},
}
BOX = {"operation": "occt.shapes.solid.createBox", "params": {"width": 10, "length": 10, "height": 10, "center": [0, 0, 0]}}


def task_id(name):
    """A fixed UUID per name (uuid5), so re-running the generator gives the same ids."""
    return str(uuid.uuid5(NAMESPACE, name))


def request_id(number):
    return "req_01JDBB%020d" % number


def ok(data):
    return {"ok": True, "data": data}


def accepted(tid):
    return ok({"taskId": tid, "status": "queued", "statusUrl": f"/api/v1/tasks/{tid}"})


def task(tid, kind, label, status, *, created, started=None, finished=None, progress=None, parts=None,
         metadata=None, error=None):
    return {"taskId": tid, "kind": kind, "label": label, "status": status, "progress": progress, "error": error,
            "resultParts": parts, "metadata": metadata, "createdAt": created, "startedAt": started,
            "finishedAt": finished, "expiresAt": "2026-11-25T09:00:10.000Z"}


def build(recorded_at, version):
    scenarios = []
    counter = [0]

    def scenario(name, section, start="2026-11-24T09:00:00Z"):
        s = Scenario("bitbybit", name, "1.1.1", f"Built by Recordings/tools/build_published_cassettes.py from the "
                     f"{DOC}, {section}", recorded_at, start)
        scenarios.append(s)
        return s

    def call(s, method, path, *, body=None, status, data=None, response=None, key=True, comment=None,
             extra=(), time_ms=120, rid=None):
        if rid is None:
            counter[0] += 1
            rid = request_id(counter[0])
        headers = [KEY] if key else []
        if body is not None:
            headers.append(("Content-Type", "application/json"))
        if response is None:
            response = ok(data)
        return s.add(method, f"{BASE}{path}", headers=headers, body=body, status=status,
                     response_headers=[("x-request-id", rid)] + list(extra), response=response,
                     response_type=JSON_TYPE, comment=comment, time_ms=time_ms)

    def fail(code, message, details=None, rid_offset=1):
        error = {"code": code, "message": message}
        if details is not None:
            error["details"] = details
        error["requestId"] = request_id(counter[0] + rid_offset)
        return {"ok": False, "error": error}

    # --- Health and models -------------------------------------------------------------------------------
    s = scenario("health", "GET /health")
    call(s, "GET", "/health", status=200, key=False, data={"status": "ok", "timestamp": "2026-11-24T09:00:00.000Z"},
         comment="No key: /health is the one endpoint without x-api-key.")

    s = scenario("models-list", "GET /api/v1/models (and the overview's model table)")
    call(s, "GET", "/api/v1/models", status=200, data={"models": ["dragon-cup", "phone-nest"]})

    # Every parameter of the document's DragonCupParams / PhoneNestParams schemas, with the schema's
    # description and the document's request example as default, so the document's own example passes a
    # client that checks parameter names against the definition (as `cadctl models run --params-file` does).
    dragon_params = model_params("DragonCupParams", DRAGON_CUP_EXAMPLE["params"])
    dragon_definition = {
        "name": "dragon-cup", "displayName": "Dragon Cup",
        "description": "Parametric dragon-scale cup with configurable height, radius, thickness, cell pattern",
        "params": dragon_params, "defaults": {p["name"]: p["default"] for p in dragon_params}}
    phone_params = model_params("PhoneNestParams", PHONE_NEST_EXAMPLE["params"])
    phone_definition = {
        "name": "phone-nest", "displayName": "Phone Nest",
        "description": "Parametric phone stand/nest with optional ornamental perforations",
        "params": phone_params, "defaults": {p["name"]: p["default"] for p in phone_params}}

    s = scenario("model-params", "GET /api/v1/models/{modelName}/params")
    call(s, "GET", "/api/v1/models/dragon-cup/params", status=200, data=dragon_definition,
         comment="A ModelDefinition: every DragonCupParams parameter with its schema description, defaults from "
                 "the document's dragon-cup example.")

    s = scenario("model-definitions", "POST /api/v1/models/definitions")
    call(s, "POST", "/api/v1/models/definitions", body={"names": ["dragon-cup", "phone-nest"]}, status=200,
         data={"definitions": {"dragon-cup": dragon_definition, "phone-nest": phone_definition}})

    s = scenario("error-404-model-not-found", "POST /api/v1/models/{modelName} (404)")
    call(s, "POST", "/api/v1/models/teapot", body={"outputs": {"formats": ["gltf"]}}, status=404,
         response=fail("MODEL_NOT_FOUND", "Model 'teapot' not found", rid_offset=1))

    # --- Run a model, poll, fetch the result and download it ----------------------------------------------
    cup = task_id("model-run-dragon-cup")
    s = scenario("model-run-dragon-cup",
                 "GET /api/v1/models/{modelName}/params, POST /api/v1/models/dragon-cup (its example), "
                 "GET /api/v1/tasks/{taskId}, "
                 "GET /api/v1/tasks/{taskId}/result/{format} and the pre-signed download")
    call(s, "GET", "/api/v1/models/dragon-cup/params", status=200, data=dragon_definition, rid=request_id(103),
         comment="`cadctl models run dragon-cup --params-file …` reads the model's definition first, to type "
                 "--param values and check parameter names (its request id is numbered apart, so adding it "
                 "renumbered no other cassette).")
    call(s, "POST", "/api/v1/models/dragon-cup", body=DRAGON_CUP_EXAMPLE, status=202, data=accepted(cup)["data"],
         comment="The document's dragon-cup request example.")
    label = "Model: dragon-cup"
    meta = {"model": "dragon-cup"}
    s.wait(2)
    call(s, "GET", f"/api/v1/tasks/{cup}", status=200,
         data=task(cup, "model", label, "queued", created="2026-11-24T09:00:00.000Z", metadata=meta))
    s.wait(4)
    call(s, "GET", f"/api/v1/tasks/{cup}", status=200,
         data=task(cup, "model", label, "processing", created="2026-11-24T09:00:00.000Z",
                   started="2026-11-24T09:00:02.000Z", progress=45, metadata=meta))
    s.wait(4)
    parts = {"step": {"mime": "application/step", "bytes": len(BITBYBIT_STEP.encode())},
             "glb": {"mime": "model/gltf-binary", "bytes": len(BITBYBIT_GLB)},
             "metadata": {"mime": "application/json", "bytes": 212}}
    call(s, "GET", f"/api/v1/tasks/{cup}", status=200,
         data=task(cup, "model", label, "completed", created="2026-11-24T09:00:00.000Z",
                   started="2026-11-24T09:00:02.000Z", finished="2026-11-24T09:00:10.000Z", progress=100,
                   parts=parts, metadata=meta))
    glb_url = signed(cup, "result.glb")
    call(s, "GET", f"/api/v1/tasks/{cup}/result/glb", status=200,
         data={"downloadUrl": glb_url, "filename": "result.glb"})
    s.add("GET", glb_url, status=200, response=BITBYBIT_GLB, response_type="model/gltf-binary",
          comment="The pre-signed storage GET (no x-api-key to the storage host; signature scrubbed as at "
                  "record time; host illustrative): a one-triangle GLB, binary so kept as base64.")
    step_result_url = signed(cup, "result.stp")
    call(s, "GET", f"/api/v1/tasks/{cup}/result/step", status=200,
         data={"downloadUrl": step_result_url, "filename": "result.stp"})
    s.add("GET", step_result_url, status=200, response=BITBYBIT_STEP, response_type="application/step",
          comment="The second requested format, STEP (.stp), from its pre-signed URL.")

    s = scenario("model-run-phone-nest", "POST /api/v1/models/phone-nest (its example)")
    call(s, "POST", "/api/v1/models/phone-nest", body=PHONE_NEST_EXAMPLE, status=202,
         data=accepted(task_id("model-run-phone-nest"))["data"], comment="The document's phone-nest request example.")

    # --- Batch (compound) --------------------------------------------------------------------------------
    parent = task_id("model-batch")
    subs = [task_id("model-batch/0"), task_id("model-batch/1")]
    s = scenario("model-batch", "POST /api/v1/models/{modelName}/batch and GET /api/v1/tasks/{taskId}/result "
                 "(compound manifest)")
    call(s, "POST", "/api/v1/models/dragon-cup/batch",
         body={"items": [{"params": {"height": 8}}, {"params": {"height": 12}}], "outputs": {"formats": ["gltf"]}},
         status=202, data={"taskId": parent, "kind": "compound", "subTaskCount": 2,
                           "statusUrl": f"/api/v1/tasks/{parent}",
                           "subTasks": [{"taskId": t, "index": i, "status": "queued", "progress": None,
                                         "computeMs": None, "error": None, "downloadFormats": []}
                                        for i, t in enumerate(subs)]})
    s.wait(12)
    call(s, "GET", f"/api/v1/tasks/{parent}", status=200,
         data=task(parent, "compound", "Batch: dragon-cup (2 items)", "completed", created="2026-11-24T09:00:00.000Z",
                   started="2026-11-24T09:00:01.000Z", finished="2026-11-24T09:00:11.000Z", progress=100,
                   parts={"manifest": {"mime": "application/json", "bytes": 690}},
                   metadata={"model": "dragon-cup", "subTaskCount": 2}))
    call(s, "GET", f"/api/v1/tasks/{parent}/result", status=200,
         data={"manifest": [{"taskId": t, "index": i, "status": "completed",
                             "downloadUrls": {"glb": signed(t, "result.glb")}} for i, t in enumerate(subs)]},
         comment="For a compound task /result answers the manifest (TaskOrCompoundResultResponse).")

    # --- CAD operations ----------------------------------------------------------------------------------
    ex = task_id("cad-execute")
    s = scenario("cad-execute", "POST /api/v1/cad/execute, GET /api/v1/tasks/{taskId}/result")
    call(s, "POST", "/api/v1/cad/execute", body=BOX, status=202, data=accepted(ex)["data"])
    s.wait(3)
    call(s, "GET", f"/api/v1/tasks/{ex}", status=200,
         data=task(ex, "cad", "CAD: occt.shapes.solid.createBox", "completed", created="2026-11-24T09:00:00.000Z",
                   started="2026-11-24T09:00:01.000Z", finished="2026-11-24T09:00:02.000Z", progress=100,
                   parts={"result": {"mime": "application/json", "bytes": 48}},
                   metadata={"operation": "occt.shapes.solid.createBox"}))
    call(s, "GET", f"/api/v1/tasks/{ex}/result", status=200,
         data={"downloadUrl": signed(ex, "result.json"), "filename": "result.json"},
         comment="A standard task: /result answers the default format's link (TaskResultResponse).")

    pipe = task_id("cad-pipeline")
    s = scenario("cad-pipeline", "POST /api/v1/cad/pipeline (the Pipelines page's linear example), "
                 "GET /api/v1/tasks/{taskId}/results")
    call(s, "POST", "/api/v1/cad/pipeline", body={
        "steps": [BOX, {"operation": "occt.shapes.solid.createSphere", "params": {"radius": 6, "center": [0, 0, 0]}},
                  {"operation": "occt.booleans.difference",
                   "params": {"shape": "$ref:0", "shapes": ["$ref:1"], "keepEdges": False}}],
        "outputs": {"formats": ["gltf", "step"]}}, status=202, data=accepted(pipe)["data"])
    s.wait(6)
    call(s, "GET", f"/api/v1/tasks/{pipe}", status=200,
         data=task(pipe, "pipeline", "Pipeline: 3 steps", "completed", created="2026-11-24T09:00:00.000Z",
                   started="2026-11-24T09:00:01.000Z", finished="2026-11-24T09:00:05.000Z", progress=100,
                   parts={"glb": {"mime": "model/gltf-binary", "bytes": len(BITBYBIT_GLB)},
                          "step": {"mime": "application/step", "bytes": len(BITBYBIT_STEP.encode())},
                          "metadata": {"mime": "application/json", "bytes": 530}},
                   metadata={"stepCount": 3}))
    call(s, "GET", f"/api/v1/tasks/{pipe}/results", status=200, data={"downloads": [
        {"format": "glb", "downloadUrl": signed(pipe, "result.glb"), "filename": "result.glb"},
        {"format": "step", "downloadUrl": signed(pipe, "result.step"), "filename": "result.step"},
        {"format": "metadata", "downloadUrl": signed(pipe, "metadata.json"), "filename": "metadata.json"}]})
    step_url = signed(pipe, "result.step")
    s.add("GET", step_url, status=200, response=BITBYBIT_STEP, response_type="application/step",
          comment="The pre-signed storage GET of the STEP result (no x-api-key; host illustrative).")

    comp = task_id("cad-compound")
    comp_subs = [task_id("cad-compound/0"), task_id("cad-compound/1")]
    s = scenario("cad-compound", "POST /api/v1/cad/compound")
    call(s, "POST", "/api/v1/cad/compound", body={"parallel": True, "items": [
        dict(BOX, outputFormats=["gltf"]),
        {"operation": "occt.shapes.solid.createSphere", "params": {"radius": 6, "center": [0, 0, 0]},
         "outputFormats": ["gltf"]}]}, status=202,
         data={"taskId": comp, "kind": "compound", "subTaskCount": 2, "statusUrl": f"/api/v1/tasks/{comp}",
               "subTasks": [{"taskId": t, "index": i, "status": "queued", "progress": None, "computeMs": None,
                             "error": None, "downloadFormats": []} for i, t in enumerate(comp_subs)]})

    s = scenario("error-400-validation", "POST /api/v1/cad/execute (400 ErrorResponse)")
    call(s, "POST", "/api/v1/cad/execute", body={"params": {"width": 10}}, status=400,
         response=fail("VALIDATION_ERROR", "Request body is invalid",
                       details={"issues": [{"path": "operation", "message": "Required"}]}))

    # --- Files -------------------------------------------------------------------------------------------
    step_bytes = UPLOAD_STEP.encode()
    file_id = task_id("file/bracket.step")
    upload_url = (f"{STORAGE}/uploads/{file_id}/bracket.step?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                  "&X-Amz-Credential=***&X-Amz-Date=20261124T085500Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
                  "&X-Amz-Signature=***")
    s = scenario("file-upload", "POST /api/v1/files/upload, the PUT to uploadUrl, POST /api/v1/files/{fileId}/confirm",
                 start="2026-11-24T08:55:00Z")
    add_upload(s, call, file_id, upload_url, step_bytes, request_id(101))

    detail = {"fileId": file_id, "filename": "bracket.step", "contentType": "application/step",
              "bytes": len(step_bytes), "sha256": sha256(step_bytes), "status": "confirmed",
              "createdAt": "2026-11-24T08:55:00.000Z", "confirmedAt": "2026-11-24T08:55:01.000Z"}
    s = scenario("files-list", "GET /api/v1/files")
    pending_id = task_id("file/holes.csv")
    call(s, "GET", "/api/v1/files?page=1&limit=20", status=200, data={"files": [
        detail, {"fileId": pending_id, "filename": "holes.csv", "contentType": "text/csv", "bytes": None,
                 "sha256": None, "status": "pending", "createdAt": "2026-11-24T08:58:00.000Z",
                 "confirmedAt": None}], "page": 1, "limit": 20, "total": 2})

    s = scenario("file-get", "GET /api/v1/files/{fileId}")
    call(s, "GET", f"/api/v1/files/{file_id}", status=200,
         data=dict(detail, downloadUrl=f"{STORAGE}/files/{file_id}/bracket.step?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                   "&X-Amz-Credential=***&X-Amz-Date=20261124T090000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
                   "&X-Amz-Signature=***"),
         comment="A confirmed file carries a pre-signed downloadUrl (valid 1 hour).")

    s = scenario("file-delete", "DELETE /api/v1/files/{fileId}")
    call(s, "DELETE", f"/api/v1/files/{file_id}", status=200, data={"deleted": True})

    # --- Conversion (a confirmed STEP file in, a task out) ------------------------------------------------
    conversions = [
        ("convert-step-to-gltf", "/api/v1/convert/step-to-gltf", {"stepFileId": file_id, "meshPrecision": 0.1}),
        ("convert-step-to-gltf-advanced", "/api/v1/convert/step-to-gltf-advanced",
         {"stepFileId": file_id, "options": {"readColors": True, "readNames": True, "meshDeflection": 0.005,
                                             "meshRelative": True}}),
        ("convert-step-to-gltf-with-draco", "/api/v1/convert/step-to-gltf-with-draco",
         {"stepFileId": file_id, "draco": {"dracoCompressionLevel": 7}}),
        ("convert-step-to-gltf-advanced-with-draco", "/api/v1/convert/step-to-gltf-advanced-with-draco",
         {"stepFileId": file_id, "options": {"readColors": True}, "draco": {"useDraco": True,
                                                                             "dracoQuantizePositionBits": 14}}),
        ("unfold-face-to-flat", "/api/v1/cad/pro/unfold/face-to-flat",
         {"stepFileId": file_id, "faceIndex": 0, "outputs": {"formats": ["gltf"]}}),
        ("unfold-face-report", "/api/v1/cad/pro/unfold/face-report", {"stepFileId": file_id, "faceIndex": 0}),
        ("unfold-solid-to-flat", "/api/v1/cad/pro/unfold/solid-to-flat",
         {"stepFileId": file_id, "kFactor": 0.44, "outputs": {"formats": ["step"]}}),
        ("unfold-solid-report", "/api/v1/cad/pro/unfold/solid-report", {"stepFileId": file_id, "kFactor": 0.5}),
        ("unfold-solid", "/api/v1/cad/pro/unfold/solid",
         {"stepFileId": file_id, "kFactor": 0.5, "thicknessOverride": 2, "outputs": {"formats": ["gltf"]}}),
    ]
    # The whole simple conversion, as `cadctl convert step-to-gltf bracket.step` runs it.
    convert = task_id("convert-step-to-gltf")
    s = scenario("convert-step-to-gltf", "POST /api/v1/files/upload, the PUT, POST /api/v1/files/{fileId}/confirm, "
                 "POST /api/v1/convert/step-to-gltf, GET /api/v1/tasks/{taskId}, GET /api/v1/tasks/{taskId}/result/"
                 "{format} and the pre-signed download", start="2026-11-24T08:55:00Z")
    add_upload(s, call, file_id, upload_url, step_bytes, request_id(102))
    call(s, "POST", "/api/v1/convert/step-to-gltf", body={"stepFileId": file_id}, status=202,
         data=accepted(convert)["data"])
    s.wait(5)
    call(s, "GET", f"/api/v1/tasks/{convert}", status=200,
         data=task(convert, "convert-simple", "Convert: bracket.step", "completed", created="2026-11-24T08:55:01.000Z",
                   started="2026-11-24T08:55:02.000Z", finished="2026-11-24T08:55:05.000Z", progress=100,
                   parts={"glb": {"mime": "model/gltf-binary", "bytes": len(BITBYBIT_GLB)},
                          "metadata": {"mime": "application/json", "bytes": 180}},
                   metadata={"stepFileId": file_id}))
    converted_url = signed(convert, "result.glb")
    call(s, "GET", f"/api/v1/tasks/{convert}/result/glb", status=200,
         data={"downloadUrl": converted_url, "filename": "result.glb"})
    s.add("GET", converted_url, status=200, response=BITBYBIT_GLB, response_type="model/gltf-binary",
          comment="The converted GLB from its pre-signed URL (no x-api-key).")

    for name, path, body in conversions[1:]:
        s = scenario(name, f"POST {path}")
        call(s, "POST", path, body=body, status=202, data=accepted(task_id(name))["data"],
             comment="stepFileId is the file confirmed in file-upload.har.")

    s = scenario("error-403-insufficient-scope", "POST /api/v1/convert/step-to-gltf (403)")
    call(s, "POST", "/api/v1/convert/step-to-gltf", body={"stepFileId": file_id}, status=403,
         response=fail("INSUFFICIENT_SCOPE", "This API key does not have the 'convert' scope",
                       details={"requiredScope": "convert"}),
         comment="The document's ApiKeyAuth: a key without the required scope receives 403 INSUFFICIENT_SCOPE.")

    s = scenario("error-401-unauthorized", "GET /api/v1/models without a valid key")
    call(s, "GET", "/api/v1/models", status=401, response=fail("UNAUTHORIZED", "Missing or invalid API key"),
         comment="The document lists no 401 response; shape from ErrorResponse, code as the sandbox uses.")

    # --- Tasks -------------------------------------------------------------------------------------------
    s = scenario("tasks-list", "GET /api/v1/tasks")
    call(s, "GET", "/api/v1/tasks?page=1&limit=20&status=completed", status=200, data={"tasks": [
        task(cup, "model", "Model: dragon-cup", "completed", created="2026-11-24T09:00:00.000Z",
             started="2026-11-24T09:00:02.000Z", finished="2026-11-24T09:00:10.000Z", progress=100, parts=parts,
             metadata={"model": "dragon-cup"})], "page": 1, "limit": 20, "total": 1})

    queued = task_id("task-cancel")
    s = scenario("task-cancel", "DELETE /api/v1/tasks/{taskId}")
    call(s, "DELETE", f"/api/v1/tasks/{queued}", status=200, data={"cancelled": True, "previousStatus": "queued"})

    failed = task_id("task-retry")
    s = scenario("task-retry", "GET /api/v1/tasks/{taskId} (failed) and POST /api/v1/tasks/{taskId}/retry")
    call(s, "GET", f"/api/v1/tasks/{failed}", status=200,
         data=task(failed, "cad", "CAD: occt.booleans.difference", "failed", created="2026-11-24T09:00:00.000Z",
                   started="2026-11-24T09:00:01.000Z", finished="2026-11-24T09:00:02.000Z",
                   error="Boolean operation failed: the shapes do not intersect",
                   metadata={"operation": "occt.booleans.difference"}))
    call(s, "POST", f"/api/v1/tasks/{failed}/retry", status=202, data=accepted(failed)["data"],
         comment="Re-queued under the same id.")

    missing = "00000000-0000-4000-8000-000000000000"
    s = scenario("error-404-task-not-found", "GET /api/v1/tasks/{taskId} (404)")
    call(s, "GET", f"/api/v1/tasks/{missing}", status=404,
         response=fail("TASK_NOT_FOUND", f"Task {missing} not found"))

    busy = task_id("error-409-task-not-completed")
    s = scenario("error-409-task-not-completed", "GET /api/v1/tasks/{taskId}/result/{format} (409)")
    call(s, "GET", f"/api/v1/tasks/{busy}/result/glb", status=409,
         response=fail("TASK_NOT_COMPLETED", "Task is not yet completed", details={"status": "processing"}))
    return scenarios


def model_params(schema_name, example):
    """ModelParamDefinitions for every property of the OpenAPI schema `schema_name`, in the schema's order:
    its description, its type (`array` of numbers for Point3, `number` for the other referenced number
    schemas) and the document's example value as the default."""
    properties = OPENAPI_DOCUMENT["components"]["schemas"][schema_name]["properties"]
    params = []
    for name, prop in properties.items():
        kind = prop.get("type") or ("array" if prop.get("$ref", "").endswith("/Point3") else "number")
        param = {"name": name, "type": kind, "description": prop["description"], "default": example[name]}
        if kind == "array":
            param["items"] = {"type": "number"}
        params.append(param)
    return params


def signed(tid, filename):
    """A pre-signed result URL as a recording keeps it (credential and signature scrubbed)."""
    return (f"{STORAGE}/results/{tid}/{filename}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***"
            "&X-Amz-Date=20261124T090010Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=***")


def add_upload(s, call, file_id, upload_url, step_bytes, readback_rid):
    """The exchanges of an upload as the SDK makes them: ask for the URL, read the file back (a file the
    server deduplicated by its sha256 is already confirmed and is not sent again), PUT the bytes, confirm."""
    call(s, "POST", "/api/v1/files/upload",
         body={"filename": "bracket.step", "contentType": "application/step", "bytes": len(step_bytes),
               "sha256": sha256(step_bytes)}, status=201,
         data={"fileId": file_id, "uploadUrl": upload_url, "expiresIn": 900, "maxBytes": 104857600,
               "status": "pending"})
    call(s, "GET", f"/api/v1/files/{file_id}", status=200, rid=readback_rid,
         data={"fileId": file_id, "filename": "bracket.step", "contentType": "application/step", "bytes": None,
               "sha256": sha256(step_bytes), "status": "pending", "createdAt": "2026-11-24T08:55:00.000Z",
               "confirmedAt": None},
         comment="The SDK reads the announced file back: sha256 in the upload request lets the server reuse an "
                 "identical confirmed file (FileUploadBody.sha256), and UploadResult.status is always "
                 "'pending', so only the file's own status tells. Still pending here: the bytes are sent. (Its "
                 "request id is numbered apart, after the others, so adding it renumbered no other cassette.)")
    s.add("PUT", upload_url, headers=[("Content-Type", "application/step")], body=step_bytes,
          content_type="application/step", status=200, response=None,
          comment="The PUT of the raw bytes to the pre-signed uploadUrl (no x-api-key; host illustrative). The "
                  "bytes are Recordings/tools/payloads.py UPLOAD_STEP.")
    s.wait(1)
    call(s, "POST", f"/api/v1/files/{file_id}/confirm", status=200,
         data={"fileId": file_id, "status": "confirmed", "bytes": len(step_bytes), "contentType": "application/step"})
