import Foundation

/// A binary STL read back independently of the code that wrote it: its triangles as 32-bit floats.
struct STLFile {
    struct Point: Hashable {
        var x, y, z: Float
    }

    var declaredCount: UInt32
    var triangles: [(Point, Point, Point)]

    /// Parses `data`; nil unless it is a well-formed binary STL (header, count, 50 bytes per triangle).
    init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count >= 84 else { return nil }
        func uint32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        func float(_ offset: Int) -> Float { Float(bitPattern: uint32(offset)) }
        declaredCount = uint32(80)
        guard bytes.count == 84 + 50 * Int(declaredCount) else { return nil }
        triangles = (0..<Int(declaredCount)).map { index in
            let base = 84 + 50 * index + 12
            func point(_ offset: Int) -> Point { Point(x: float(offset), y: float(offset + 4), z: float(offset + 8)) }
            return (point(base), point(base + 12), point(base + 24))
        }
    }

    /// The signed volume enclosed (positive when the triangles wind counter-clockwise seen from outside).
    var signedVolume: Double {
        triangles.reduce(0.0) { sum, triangle in
            let (a, b, c) = triangle
            let ax = Double(a.x), ay = Double(a.y), az = Double(a.z)
            let bx = Double(b.x), by = Double(b.y), bz = Double(b.z)
            let cx = Double(c.x), cy = Double(c.y), cz = Double(c.z)
            return sum + (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6
        }
    }

    /// The smallest and largest corner of the vertices.
    var bounds: (min: [Double], max: [Double]) {
        var low = [Double](repeating: .infinity, count: 3), high = [Double](repeating: -.infinity, count: 3)
        for (a, b, c) in triangles {
            for point in [a, b, c] {
                for (axis, value) in [point.x, point.y, point.z].enumerated() {
                    low[axis] = min(low[axis], Double(value))
                    high[axis] = max(high[axis], Double(value))
                }
            }
        }
        return (low, high)
    }

    /// Directed edges without exactly one opposite partner: zero for a closed, consistently oriented mesh.
    /// Vertices are welded by position rounded to `weld` mm.
    func unmatchedEdges(weld: Double = 1e-4) -> Int {
        struct Key: Hashable {
            var x, y, z: Int64
        }
        func key(_ point: Point) -> Key {
            Key(x: Int64((Double(point.x) / weld).rounded()), y: Int64((Double(point.y) / weld).rounded()),
                z: Int64((Double(point.z) / weld).rounded()))
        }
        struct Edge: Hashable {
            var from, to: Key
        }
        var edges: [Edge: Int] = [:]
        for (a, b, c) in triangles {
            let keys = [key(a), key(b), key(c)]
            for index in 0..<3 where keys[index] != keys[(index + 1) % 3] {
                edges[Edge(from: keys[index], to: keys[(index + 1) % 3]), default: 0] += 1
            }
        }
        return edges.reduce(0) { count, entry in
            count + (entry.value == 1 && edges[Edge(from: entry.key.to, to: entry.key.from)] == 1 ? 0 : 1)
        }
    }
}
