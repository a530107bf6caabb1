import Foundation

/// Bitbybit's decomposed mesh: per shape, a `faceList` (each face's triangulation with vertex, normal
/// and UV arrays) and an `edgeList` (each edge's polyline), here for a box.
enum BitbybitMeshJSON {
    /// The decomposed mesh of `box`; `solidIndex` tags it as one solid of a multi-solid result.
    static func decomposed(_ box: CADBox, solidIndex: Int? = nil) -> JSONValue {
        let corners = box.corners
        var faces: [JSONValue] = []
        for (index, face) in CADBox.faces.enumerated() {
            let points = face.corners.map { corners[$0] }
            let center = points.reduce(SIMD3<Double>(0, 0, 0), +) / 4
            faces.append(.object([
                "face_index": .int(index),
                "vertex_coord": .array(points.flatMap { [$0.x, $0.y, $0.z] }.map(JSONValue.number)),
                "normal_coord": .array((0..<4).flatMap { _ in [face.normal.x, face.normal.y, face.normal.z] }.map(JSONValue.number)),
                "uvs": .array([0, 0, 1, 0, 1, 1, 0, 1].map { JSONValue.number($0) }),
                "tri_indexes": .array([0, 1, 2, 0, 2, 3].map { JSONValue.int($0) }),
                "number_of_triangles": .int(2),
                "center_point": vector(center),
                "center_normal": vector(face.normal),
            ]))
        }
        // The twelve edges: pairs of corners that differ in exactly one coordinate bit.
        var edges: [JSONValue] = []
        for low in 0..<8 {
            for bit in [1, 2, 4] where low & bit == 0 {
                let start = corners[low]
                let end = corners[low | bit]
                edges.append(.object([
                    "edge_index": .int(edges.count),
                    "vertex_coord": .array([vector(start), vector(end)]),
                    "middle_point": vector((start + end) / 2),
                ]))
            }
        }
        var mesh: JSONObject = ["faceList": .array(faces), "edgeList": .array(edges)]
        if let solidIndex { mesh["solidIndex"] = .int(solidIndex) }
        return .object(mesh)
    }

    private static func vector(_ value: SIMD3<Double>) -> JSONValue {
        .array([.number(value.x), .number(value.y), .number(value.z)])
    }
}
