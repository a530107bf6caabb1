/// A triangle mesh in millimetres whose exactly equal positions are shared: `positions` holds x, y, z of
/// each distinct vertex and `indices` three vertex numbers per triangle.
public struct IndexedMesh: Sendable {
    /// x, y, z of each vertex, in millimetres.
    public var positions: [Float]
    /// Three vertex numbers per triangle, counter-clockwise seen from outside.
    public var indices: [UInt32]

    /// A mesh of `positions` and `indices`.
    public init(positions: [Float] = [], indices: [UInt32] = []) {
        self.positions = positions
        self.indices = indices
    }

    /// How many distinct vertices it has.
    public var vertexCount: Int { positions.count / 3 }
    /// How many triangles it has.
    public var triangleCount: Int { indices.count / 3 }
}

/// Builds an `IndexedMesh` from triangle corners, merging corners whose coordinates are bit-for-bit
/// equal (after `-0` is taken as `0`) through a flat open-addressing hash table of vertex numbers.
struct MeshBuilder {
    private(set) var positions: [Float] = []
    private(set) var indices: [UInt32] = []
    /// Vertex number + 1 in each slot, 0 when empty; a power of two long.
    private var slots: [UInt32]
    private var mask: Int
    /// Set when a coordinate was NaN or infinite.
    private(set) var sawNonFinite = false

    init(expectedTriangles: Int = 0) {
        // A closed mesh has about half as many vertices as triangles; keep the load under one half.
        var capacity = 1024
        while capacity < expectedTriangles * 2 && capacity < 1 << 28 { capacity <<= 1 }
        slots = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
        positions.reserveCapacity(min(expectedTriangles, 1 << 26) * 3 / 2 + 16)
        indices.reserveCapacity(min(expectedTriangles, 1 << 26) * 3)
    }

    @inline(__always)
    private static func hash(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> Int {
        var h = UInt64(x) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(y) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(z) &* 0x1656_67B1_9E37_79F9
        h ^= h >> 31
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// The vertex number of (x, y, z), adding the vertex when it is new.
    @inline(__always)
    mutating func vertex(_ x: Float, _ y: Float, _ z: Float) -> UInt32 {
        let x = x == 0 ? 0 : x, y = y == 0 ? 0 : y, z = z == 0 ? 0 : z
        if !(x.isFinite && y.isFinite && z.isFinite) { sawNonFinite = true }
        let bx = x.bitPattern, by = y.bitPattern, bz = z.bitPattern
        var slot = Self.hash(bx, by, bz) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let base = Int(entry - 1) * 3
            if positions[base].bitPattern == bx && positions[base + 1].bitPattern == by
                && positions[base + 2].bitPattern == bz {
                return entry - 1
            }
            slot = (slot + 1) & mask
        }
        let number = UInt32(positions.count / 3)
        positions.append(x)
        positions.append(y)
        positions.append(z)
        slots[slot] = number + 1
        if Int(number + 1) * 2 > slots.count { grow() }
        return number
    }

    /// Adds the triangle (a, b, c), each corner given as x, y, z.
    @inline(__always)
    mutating func triangle(
        _ ax: Float, _ ay: Float, _ az: Float, _ bx: Float, _ by: Float, _ bz: Float,
        _ cx: Float, _ cy: Float, _ cz: Float
    ) {
        let a = vertex(ax, ay, az), b = vertex(bx, by, bz), c = vertex(cx, cy, cz)
        indices.append(a)
        indices.append(b)
        indices.append(c)
    }

    /// Adds the triangle of three points given in double precision.
    mutating func triangle(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) {
        triangle(Float(a.x), Float(a.y), Float(a.z), Float(b.x), Float(b.y), Float(b.z),
                 Float(c.x), Float(c.y), Float(c.z))
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var fresh = [UInt32](repeating: 0, count: capacity)
        let newMask = capacity - 1
        let count = positions.count / 3
        for number in 0..<count {
            let base = number * 3
            var slot = Self.hash(positions[base].bitPattern, positions[base + 1].bitPattern,
                                 positions[base + 2].bitPattern) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = UInt32(number + 1)
        }
        slots = fresh
        mask = newMask
    }

    /// The mesh built so far (the hash table is released).
    consuming func finish() -> IndexedMesh {
        IndexedMesh(positions: positions, indices: indices)
    }
}
