"""A small JSON Schema checker for the subset bitbybit-openapi.json uses (type, const, enum, properties,
required, additionalProperties, items, minItems/maxItems, minimum/maximum, exclusiveMinimum, minLength,
anyOf, $ref), so the generator can refuse a Bitbybit body the document would not accept."""

import json
import re


class OpenAPI:
    def __init__(self, path):
        with open(path, encoding="utf-8") as handle:
            self.document = json.load(handle)

    def resolve(self, schema):
        while "$ref" in schema:
            name = schema["$ref"].split("/")[-1]
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = dict(self.document["components"]["schemas"][name], **rest)
        return schema

    def operation(self, method, path):
        """The operation for a concrete path: a literal path first, else a templated one."""
        paths = self.document["paths"]
        if path in paths and method.lower() in paths[path]:
            return paths[path][method.lower()]
        for template, methods in paths.items():
            pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
            if re.match(pattern, path) and method.lower() in methods and template not in paths.get(path, {}):
                return methods[method.lower()]
        raise KeyError(f"{method} {path} is not in the document")

    def check_request(self, method, path, body):
        operation = self.operation(method, path)
        if "requestBody" not in operation:
            return [] if body is None else [f"{method} {path}: the document defines no request body"]
        if body is None:
            return [f"{method} {path}: a request body is required"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        return self.problems(schema, body, "body")

    def check_response(self, method, path, status, body):
        responses = self.operation(method, path)["responses"]
        if str(status) not in responses:
            if status in (401, 403):  # auth errors apply to every operation (ApiKeyAuth)
                return self.problems({"$ref": "#/components/schemas/ErrorResponse"}, body, "response")
            return [f"{method} {path}: status {status} is not documented"]
        schema = responses[str(status)]["content"]["application/json"]["schema"]
        return self.problems(schema, body, "response")

    def problems(self, schema, value, where):
        schema = self.resolve(schema)
        found = []
        if "anyOf" in schema:
            options = [self.problems(option, value, where) for option in schema["anyOf"]]
            if all(options):
                found.append(f"{where}: matches none of anyOf ({min(options, key=len)})")
            return found
        kind = schema.get("type")
        types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
        if kind in types and not isinstance(value, types[kind]):
            return [f"{where}: expected {kind}"]
        if kind in ("number", "integer") and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return [f"{where}: expected {kind}"]
        if kind == "integer" and isinstance(value, float) and not value.is_integer():
            return [f"{where}: expected integer"]
        if "const" in schema and value != schema["const"]:
            found.append(f"{where}: expected {schema['const']!r}")
        if "enum" in schema and value not in schema["enum"]:
            found.append(f"{where}: {value!r} not in {schema['enum']}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                found.append(f"{where}: below minimum")
            if "maximum" in schema and value > schema["maximum"]:
                found.append(f"{where}: above maximum")
            if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
                found.append(f"{where}: not above exclusiveMinimum")
        if isinstance(value, str) and len(value) < schema.get("minLength", 0):
            found.append(f"{where}: shorter than minLength")
        if isinstance(value, list):
            if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", 1 << 62):
                found.append(f"{where}: item count out of range")
            if "items" in schema:
                for index, item in enumerate(value):
                    found += self.problems(schema["items"], item, f"{where}[{index}]")
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    found.append(f"{where}.{name}: required")
            for name, item in value.items():
                if name in properties:
                    found += self.problems(properties[name], item, f"{where}.{name}")
                elif schema.get("additionalProperties") is False:
                    found.append(f"{where}.{name}: not allowed")
                elif isinstance(schema.get("additionalProperties"), dict):
                    found += self.problems(schema["additionalProperties"], item, f"{where}.{name}")
        return found
