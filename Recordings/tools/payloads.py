"""Small real files the published-example cassettes carry (images sent, models received)."""

import base64
import json
import struct

# 8x8 greyscale PNGs standing in for the pages' example images (the pages do not publish the files).
PNG_SKETCH = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAGklEQVR42mNggIP/YABiMMAY/7ExGFBEoAAAw7wh35oNE5QAAAAASUVORK5CYII=")
PNG_MARKUP = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAHklEQVR42mNg+A8BDP8ZYAwoiwGKEQQDqgKEnv8MANjRN8l4cIZSAAAAAElFTkSuQmCC")
PNG_PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAIElEQVR42mP4DwEMDFD6PwOUhjAYwHIw8B8uy4Cq7T8A/Z4w0KolvVkAAAAASUVORK5CYII=")
# A PNG cut off inside its first chunk: the right signature, undecodable (an image_parse_failed example).
PNG_TRUNCATED = PNG_PHOTO[:41]

IMAGES = {"truncated.png": PNG_TRUNCATED, "mounting-plate-sketch.png": PNG_SKETCH, "markup.png": PNG_MARKUP, "front.png": PNG_SKETCH,
          "side.png": PNG_PHOTO}


def step_file(description, name, timestamp, system):
    """A minimal ISO 10303-21 file: header plus one cartesian point (a placeholder model)."""
    return (
        "ISO-10303-21;\n"
        "HEADER;\n"
        f"FILE_DESCRIPTION(('{description}'),'2;1');\n"
        f"FILE_NAME('{name}','{timestamp}',(''),(''),'{system}','{system}','');\n"
        "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\n"
        "ENDSEC;\n"
        "DATA;\n"
        "#1=CARTESIAN_POINT('',(0.,0.,0.));\n"
        "#2=DIRECTION('',(0.,0.,1.));\n"
        "#3=DIRECTION('',(1.,0.,0.));\n"
        "#4=AXIS2_PLACEMENT_3D('',#1,#2,#3);\n"
        "ENDSEC;\n"
        "END-ISO-10303-21;\n"
    )


ORVILLE_STEP = step_file("Orville CAD Model", "449_mounting_plate.step", "2026-05-20T14:04:12", "Orville")
MAKISTRY_STEP = step_file("Makistry Generation API", "output.step", "2026-11-24T10:00:41", "Makistry")
BITBYBIT_STEP = step_file("Bitbybit CAD Cloud API", "result.stp", "2026-11-24T09:00:10", "Bitbybit")
# A STEP file a client uploads (Bitbybit files scenario).
UPLOAD_STEP = step_file("bracket", "bracket.step", "2026-11-24T08:55:00", "cadctl")


def glb():
    """A valid glTF 2.0 binary holding one triangle."""
    positions = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0)
    document = {
        "asset": {"version": "2.0", "generator": "bitbybit"},
        "buffers": [{"byteLength": len(positions)}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(positions)}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3",
                       "min": [0, 0, 0], "max": [1, 1, 0]}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}], "scene": 0,
    }
    text = json.dumps(document, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text + struct.pack("<I4s", len(positions), b"BIN\x00") + positions
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


BITBYBIT_GLB = glb()

MAKISTRY_STL = (
    "solid makistry\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0 0\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n"
    "endsolid makistry\n"
)
