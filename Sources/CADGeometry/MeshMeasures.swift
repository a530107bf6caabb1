/// What `inspect` reports about a triangle mesh.
public struct MeshMeasures: Sendable, Equatable {
    /// The smallest corner of the bounding box, in millimetres.
    public var min: SIMD3<Double>
    /// The largest corner of the bounding box, in millimetres.
    public var max: SIMD3<Double>
    /// The enclosed volume in cubic millimetres (sum of signed tetrahedra; negative when inside out).
    public var volume: Double
    /// The surface area in square millimetres.
    public var area: Double
    /// The number of triangles.
    public var triangles: Int
    /// Edges used by only one triangle.
    public var openEdges: Int
    /// Edges two triangles share in the same direction (one of them is flipped).
    public var misorientedEdges: Int
    /// Edges shared by more than two triangles.
    public var nonManifoldEdges: Int
    /// The number of separate pieces (connected over shared vertices).
    public var bodies: Int

    /// The bounding box's size in millimetres.
    public var size: SIMD3<Double> { max - min }

    /// Whether every edge is shared by exactly two triangles that run it in opposite directions.
    public var isClosed: Bool { triangles > 0 && openEdges == 0 && misorientedEdges == 0 && nonManifoldEdges == 0 }

    /// Measures `mesh`: bounding box, volume, area, edge use and bodies.
    public init(_ mesh: IndexedMesh) {
        let positions = mesh.positions, indices = mesh.indices
        let vertexCount = mesh.vertexCount, triangleCount = mesh.triangleCount
        triangles = triangleCount
        var low = SIMD3<Double>(repeating: .infinity), high = SIMD3<Double>(repeating: -.infinity)
        positions.withUnsafeBufferPointer { p in
            for v in 0..<vertexCount {
                let point = SIMD3<Double>(Double(p[v * 3]), Double(p[v * 3 + 1]), Double(p[v * 3 + 2]))
                low = pointwiseMin(low, point)
                high = pointwiseMax(high, point)
            }
        }
        if vertexCount == 0 { low = .zero; high = .zero }
        min = low
        max = high
        let center = (low + high) / 2
        var volume6 = 0.0, area2 = 0.0
        positions.withUnsafeBufferPointer { p in
            indices.withUnsafeBufferPointer { t in
                @inline(__always) func point(_ i: UInt32) -> SIMD3<Double> {
                    let b = Int(i) * 3
                    return SIMD3(Double(p[b]), Double(p[b + 1]), Double(p[b + 2])) - center
                }
                for f in 0..<triangleCount {
                    let a = point(t[f * 3]), b = point(t[f * 3 + 1]), c = point(t[f * 3 + 2])
                    let cross = Self.cross(b - a, c - a)
                    area2 += (cross * cross).sum().squareRoot()
                    volume6 += (a * Self.cross(b, c)).sum()
                }
            }
        }
        volume = volume6 / 6
        area = area2 / 2
        (openEdges, misorientedEdges, nonManifoldEdges) = Self.edgeUse(indices, vertexCount: vertexCount)
        bodies = Self.components(indices, vertexCount: vertexCount)
    }

    @inline(__always)
    static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    /// Counts open, misoriented and non-manifold edges from each vertex's list of outgoing half-edges.
    static func edgeUse(_ indices: [UInt32], vertexCount: Int) -> (open: Int, misoriented: Int, nonManifold: Int) {
        let triangleCount = indices.count / 3
        var offsets = [Int32](repeating: 0, count: vertexCount + 1)
        var targets = [UInt32](repeating: 0, count: indices.count)
        var open = 0, misoriented = 0, nonManifold = 0
        indices.withUnsafeBufferPointer { t in
            offsets.withUnsafeMutableBufferPointer { start in
                for f in 0..<triangleCount {
                    let a = t[f * 3], b = t[f * 3 + 1], c = t[f * 3 + 2]
                    if a == b || b == c || a == c { continue }
                    start[Int(a) + 1] += 1
                    start[Int(b) + 1] += 1
                    start[Int(c) + 1] += 1
                }
                for v in 0..<vertexCount { start[v + 1] += start[v] }
                var fill = Array(start.prefix(vertexCount))
                targets.withUnsafeMutableBufferPointer { out in
                    fill.withUnsafeMutableBufferPointer { next in
                        for f in 0..<triangleCount {
                            let a = t[f * 3], b = t[f * 3 + 1], c = t[f * 3 + 2]
                            if a == b || b == c || a == c { continue }
                            out[Int(next[Int(a)])] = b; next[Int(a)] += 1
                            out[Int(next[Int(b)])] = c; next[Int(b)] += 1
                            out[Int(next[Int(c)])] = a; next[Int(c)] += 1
                        }
                    }
                    @inline(__always) func count(from: UInt32, to: UInt32) -> Int {
                        var n = 0
                        for k in Int(start[Int(from)])..<Int(start[Int(from) + 1]) where out[k] == to { n += 1 }
                        return n
                    }
                    for a in 0..<vertexCount {
                        for k in Int(start[a])..<Int(start[a + 1]) {
                            let b = out[k]
                            let same = count(from: UInt32(a), to: b), opposite = count(from: b, to: UInt32(a))
                            if same == 1 && opposite == 1 { continue }
                            if same == 1 && opposite == 0 { open += 1 }
                            else if same >= 2 && opposite == 0 { misoriented += 1 }
                            else { nonManifold += 1 }
                        }
                    }
                }
            }
        }
        // A flipped pair is counted from both of its half-edges.
        return (open, (misoriented + 1) / 2, (nonManifold + 1) / 2)
    }

    /// The number of connected pieces (union-find over each triangle's vertices).
    static func components(_ indices: [UInt32], vertexCount: Int) -> Int {
        var parent = [UInt32](unsafeUninitializedCapacity: vertexCount) { buffer, count in
            for v in 0..<vertexCount { buffer[v] = UInt32(v) }
            count = vertexCount
        }
        var used = [Bool](repeating: false, count: vertexCount)
        parent.withUnsafeMutableBufferPointer { up in
            @inline(__always) func root(_ v: UInt32) -> UInt32 {
                var v = v
                while up[Int(v)] != v {
                    up[Int(v)] = up[Int(up[Int(v)])]
                    v = up[Int(v)]
                }
                return v
            }
            indices.withUnsafeBufferPointer { t in
                for f in 0..<(t.count / 3) {
                    let a = root(t[f * 3]), b = root(t[f * 3 + 1]), c = root(t[f * 3 + 2])
                    used[Int(t[f * 3])] = true
                    used[Int(t[f * 3 + 1])] = true
                    used[Int(t[f * 3 + 2])] = true
                    if b != a { up[Int(b)] = a }
                    let c2 = root(c)
                    if c2 != a { up[Int(c2)] = a }
                }
            }
        }
        var bodies = 0
        for v in 0..<vertexCount where used[v] && parent[v] == UInt32(v) { bodies += 1 }
        return bodies
    }
}
