/// A 4x4 affine transform in double precision (column vectors: `apply` computes M · [x y z 1]).
struct Matrix4: Sendable {
    /// Rows of the matrix.
    var rows: [SIMD4<Double>]

    static let identity = Matrix4(rows: [SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1)])

    /// From 16 values in column-major order (glTF's `matrix`).
    init(columnMajor m: [Double]) {
        rows = (0..<4).map { r in SIMD4(m[r], m[4 + r], m[8 + r], m[12 + r]) }
    }

    init(rows: [SIMD4<Double>]) { self.rows = rows }

    static func translation(_ x: Double, _ y: Double, _ z: Double) -> Matrix4 {
        Matrix4(rows: [SIMD4(1, 0, 0, x), SIMD4(0, 1, 0, y), SIMD4(0, 0, 1, z), SIMD4(0, 0, 0, 1)])
    }

    static func scale(_ x: Double, _ y: Double, _ z: Double) -> Matrix4 {
        Matrix4(rows: [SIMD4(x, 0, 0, 0), SIMD4(0, y, 0, 0), SIMD4(0, 0, z, 0), SIMD4(0, 0, 0, 1)])
    }

    /// The rotation of the unit quaternion (x, y, z, w) (normalised first).
    static func rotation(x: Double, y: Double, z: Double, w: Double) -> Matrix4 {
        let length = (x * x + y * y + z * z + w * w).squareRoot()
        guard length > 0 else { return .identity }
        let (x, y, z, w) = (x / length, y / length, z / length, w / length)
        return Matrix4(rows: [
            SIMD4(1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w), 0),
            SIMD4(2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w), 0),
            SIMD4(2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y), 0),
            SIMD4(0, 0, 0, 1),
        ])
    }

    static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        Matrix4(rows: (0..<4).map { r in
            SIMD4((0..<4).map { c in (0..<4).reduce(0.0) { $0 + a.rows[r][$1] * b.rows[$1][c] } })
        })
    }

    func apply(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let v = SIMD4(p.x, p.y, p.z, 1)
        return SIMD3((rows[0] * v).sum(), (rows[1] * v).sum(), (rows[2] * v).sum())
    }
}
