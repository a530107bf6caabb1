import Foundation

/// Binary glTF 2.0: a 12-byte header, a JSON chunk and a BIN chunk holding positions, normals and
/// indices of a flat-shaded box (24 vertices, 36 indices), in metres with Y up as glTF defines.
enum GLBWriter {
    static func binary(_ box: CADBox, name: String) -> Data {
        let corners = box.corners
        var bin = BinaryWriter()
        var normals = BinaryWriter()
        var indices = BinaryWriter()
        var vertexCount: UInt16 = 0
        for face in CADBox.faces {
            for corner in face.corners {
                let point = corners[corner]
                bin.float32(Float(point.x))
                bin.float32(Float(point.y))
                bin.float32(Float(point.z))
                normals.float32(Float(face.normal.x))
                normals.float32(Float(face.normal.y))
                normals.float32(Float(face.normal.z))
            }
            for offset: UInt16 in [0, 1, 2, 0, 2, 3] { indices.uint16(vertexCount + offset) }
            vertexCount += 4
        }
        let positionsLength = bin.data.count
        let normalsLength = normals.data.count
        let indicesLength = indices.data.count
        bin.bytes(normals.data)
        bin.bytes(indices.data)
        bin.pad(toMultipleOf: 4, with: 0)

        let json: JSONValue = .object([
            "asset": .object(["version": .string("2.0"), "generator": .string("cad-sandbox")]),
            "scene": .int(0),
            "scenes": .array([.object(["nodes": .array([.int(0)])])]),
            // The mesh is in millimetres with Z up; the root node turns it into glTF's metres with Y up
            // ((x, y, z) mm -> (x, z, -y) / 1000 m), so readers see the part at its real size, upright.
            "nodes": .array([
                .object([
                    "name": .string("mm-z-up"), "children": .array([.int(1)]),
                    "matrix": .array([0.001, 0, 0, 0, 0, 0, -0.001, 0, 0, 0.001, 0, 0, 0, 0, 0, 1].map(JSONValue.number)),
                ]),
                .object(["mesh": .int(0), "name": .string(name)]),
            ]),
            "meshes": .array([.object([
                "name": .string(name),
                "primitives": .array([.object([
                    "attributes": .object(["POSITION": .int(0), "NORMAL": .int(1)]),
                    "indices": .int(2),
                    "mode": .int(4),
                ])]),
            ])]),
            "accessors": .array([
                .object([
                    "bufferView": .int(0), "componentType": .int(5126), "count": .int(Int(vertexCount)), "type": .string("VEC3"),
                    "min": .array([.number(0), .number(0), .number(0)]),
                    "max": .array([.number(box.width), .number(box.depth), .number(box.height)]),
                ]),
                .object(["bufferView": .int(1), "componentType": .int(5126), "count": .int(Int(vertexCount)), "type": .string("VEC3")]),
                .object(["bufferView": .int(2), "componentType": .int(5123), "count": .int(36), "type": .string("SCALAR")]),
            ]),
            "bufferViews": .array([
                .object(["buffer": .int(0), "byteOffset": .int(0), "byteLength": .int(positionsLength), "target": .int(34962)]),
                .object(["buffer": .int(0), "byteOffset": .int(positionsLength), "byteLength": .int(normalsLength), "target": .int(34962)]),
                .object([
                    "buffer": .int(0), "byteOffset": .int(positionsLength + normalsLength), "byteLength": .int(indicesLength),
                    "target": .int(34963),
                ]),
            ]),
            "buffers": .array([.object(["byteLength": .int(bin.data.count)])]),
        ])
        var jsonChunk = BinaryWriter()
        jsonChunk.bytes(json.serialized())
        jsonChunk.pad(toMultipleOf: 4, with: 0x20)

        var glb = BinaryWriter()
        glb.uint32(0x4654_6C67)  // "glTF"
        glb.uint32(2)
        glb.uint32(UInt32(12 + 8 + jsonChunk.data.count + 8 + bin.data.count))
        glb.uint32(UInt32(jsonChunk.data.count))
        glb.uint32(0x4E4F_534A)  // "JSON"
        glb.bytes(jsonChunk.data)
        glb.uint32(UInt32(bin.data.count))
        glb.uint32(0x004E_4942)  // "BIN\0"
        glb.bytes(bin.data)
        return glb.data
    }
}
