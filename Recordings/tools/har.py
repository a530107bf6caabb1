"""HAR 1.2 cassette writing for build_published_cassettes.py (Python 3 standard library only).

Writes exactly what `Sources/CADRecording/HAR.swift` decodes and `Cassette.save` writes: JSONEncoder's
`.prettyPrinted`, `.sortedKeys`, `.withoutEscapingSlashes` layout (`"key" : value`, two-space indent,
empty containers as an empty line, keys in code-point order, integral numbers without `.0`), plus a
final newline. Everything is deterministic: fixed clocks, no random ids.
"""

import base64
import datetime
import hashlib
import json
import os

BOUNDARY = "cadctl-boundary"
MULTIPART_TYPE = "multipart/form-data; boundary=" + BOUNDARY

REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 302: "Found", 400: "Bad Request",
    401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
    410: "Gone", 422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
    503: "Service Unavailable",
}


def encode(value, level=0):
    """`value` as Foundation's JSONEncoder prints it with prettyPrinted + sortedKeys + withoutEscapingSlashes."""
    inner = "  " * (level + 1)
    outer = "  " * level
    if isinstance(value, dict):
        if not value:
            return "{\n\n" + outer + "}"
        items = sorted(value.items(), key=lambda item: item[0])
        return "{\n" + ",\n".join(
            inner + json.dumps(key, ensure_ascii=False) + " : " + encode(item, level + 1) for key, item in items
        ) + "\n" + outer + "}"
    if isinstance(value, list):
        if not value:
            return "[\n\n" + outer + "]"
        return "[\n" + ",\n".join(inner + encode(item, level + 1) for item in value) + "\n" + outer + "]"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        raise ValueError("HAR cassettes never hold null (Swift leaves absent optionals out)")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot encode {type(value)}")


def compact(value):
    """A JSON body as an API sends it: compact, keys in the order written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def query_items(url):
    """`URLComponents.queryItems`: split on & and =, percent-decoded (`+` stays `+`)."""
    from urllib.parse import unquote, urlsplit
    query = urlsplit(url).query
    if not query:
        return []
    items = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        items.append({"name": unquote(name), "value": unquote(value)})
    return items


def multipart(fields):
    """A multipart/form-data body with the normalised boundary, as the SDKs write it: for each field
    `--boundary CRLF`, `Content-Disposition` (and `Content-Type` for files), a blank line, the value, CRLF;
    then `--boundary-- CRLF`. `fields` holds (name, text), (name, content type, text) or
    (name, filename, content type, bytes)."""
    body = b""
    for field in fields:
        body += b"--" + BOUNDARY.encode() + b"\r\n"
        if len(field) == 2:
            name, text = field
            body += f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + text.encode() + b"\r\n"
        elif len(field) == 3:
            name, content_type, text = field
            body += (f'Content-Disposition: form-data; name="{name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                     + text.encode() + b"\r\n")
        else:
            name, filename, content_type, data = field
            body += (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n").encode() + data + b"\r\n"
    body += b"--" + BOUNDARY.encode() + b"--\r\n"
    return body


def iso(moment):
    """`Date.formatted(.iso8601)`: seconds precision, `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


class Scenario:
    """One cassette: an ordered list of exchanges plus `_cadctl` metadata."""

    def __init__(self, provider, name, api_version, how, recorded_at, start, notes=None):
        self.provider = provider
        self.name = name
        self.metadata = {
            "provider": provider, "apiVersion": api_version, "source": "published-examples",
            "recordedAt": recorded_at, "how": how,
        }
        if notes:
            self.metadata["notes"] = notes
        self.clock = utc(start)
        self.entries = []
        self.omitted_bodies = {}

    def wait(self, seconds):
        """Lets simulated time pass between exchanges (a poll interval, a Retry-After)."""
        self.clock += datetime.timedelta(seconds=seconds)

    def add(self, method, url, *, headers=(), body=None, content_type=None, status, response_headers=(),
            response=None, response_type="application/json", time_ms=120, comment=None, reason=None):
        """Appends one exchange. `body`: dict/list (sent as compact JSON), str or bytes. `response`:
        dict/list (compact JSON), str, bytes (text when UTF-8, else base64) or None (empty)."""
        request_headers = [{"name": n, "value": v} for n, v in headers]
        post_data = None
        body_size = 0
        if body is not None:
            if isinstance(body, (dict, list)):
                data = compact(body).encode()
                content_type = content_type or "application/json"
            elif isinstance(body, str):
                data = body.encode()
            else:
                data = body
            body_size = len(data)
            try:
                text = data.decode("utf-8")
                omitted = False
            except UnicodeDecodeError:
                text = ""
                omitted = True
            post_data = {"mimeType": content_type or "application/octet-stream", "text": text, "_sha256": sha256(data)}
            if omitted:
                post_data["_omitted"] = True
                self.omitted_bodies[sha256(data)] = data
            if not any(h["name"].lower() == "content-type" for h in request_headers):
                request_headers.append({"name": "Content-Type", "value": post_data["mimeType"]})
        request = {
            "method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [], "headers": request_headers,
            "queryString": query_items(url), "headersSize": -1, "bodySize": body_size,
        }
        if post_data is not None:
            request["postData"] = post_data

        if response is None:
            data = b""
        elif isinstance(response, (dict, list)):
            data = compact(response).encode()
        elif isinstance(response, str):
            data = response.encode()
        else:
            data = response
        if response is None:
            content = {"size": 0, "mimeType": "", "text": ""}
        else:
            content = {"size": len(data), "mimeType": response_type}
            try:
                content["text"] = data.decode("utf-8")
            except UnicodeDecodeError:
                content["text"] = base64.b64encode(data).decode()
                content["encoding"] = "base64"
        response_header_list = []
        if content["mimeType"]:
            response_header_list.append({"name": "Content-Type", "value": content["mimeType"]})
        response_header_list.append({"name": "Content-Length", "value": str(len(data))})
        response_header_list += [{"name": n, "value": v} for n, v in response_headers]
        location = next((v for n, v in response_headers if n.lower() == "location"), "")
        entry = {
            "startedDateTime": iso(self.clock), "time": time_ms,
            "request": request,
            "response": {
                "status": status, "statusText": reason or REASONS.get(status, ""), "httpVersion": "HTTP/1.1",
                "cookies": [], "headers": response_header_list, "content": content, "redirectURL": location,
                "headersSize": -1, "bodySize": len(data),
            },
            "cache": {}, "timings": {"send": 0, "wait": time_ms, "receive": 0},
        }
        if comment:
            entry["_comment"] = comment
        self.entries.append(entry)
        self.clock += datetime.timedelta(milliseconds=time_ms)
        return entry

    def document(self, creator_version):
        return {"log": {
            "version": "1.2",
            "creator": {"name": "cadctl build_published_cassettes.py", "version": creator_version},
            "entries": self.entries,
            "_cadctl": self.metadata,
        }}

    def write(self, root, creator_version):
        path = os.path.join(root, self.provider, self.name + ".har")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = encode(self.document(creator_version)) + "\n"
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return path
