import Foundation

/// Binary STL: an 80-byte header (not starting with `solid`), a triangle count, 50 bytes per triangle.
enum STLWriter {
    static func binary(_ box: CADBox, name: String) -> Data {
        var writer = BinaryWriter()
        var header = Array("cad-sandbox binary STL: \(name)".utf8.prefix(80))
        header += [UInt8](repeating: 0x20, count: 80 - header.count)
        writer.bytes(header)
        let triangles = box.triangles
        writer.uint32(UInt32(triangles.count))
        for triangle in triangles {
            for component in [triangle.normal.x, triangle.normal.y, triangle.normal.z] { writer.float32(Float(component)) }
            for vertex in triangle.vertices {
                for component in [vertex.x, vertex.y, vertex.z] { writer.float32(Float(component)) }
            }
            writer.uint16(0)
        }
        return writer.data
    }
}
