/// The orthographic views `preview` renders, in a file's own axes (see `PartFormat.upAxis`).
public enum PreviewView: String, Sendable, CaseIterable {
    /// From the front, right and above.
    case iso
    /// Looking along +Y (Z-up formats) or −Z (glTF).
    case front
    /// Looking at the back, opposite to `front`.
    case back
    /// Looking at the left side (along +X).
    case left
    /// Looking at the right side (along −X).
    case right
    /// Looking down the up axis.
    case top
    /// Looking up the up axis.
    case bottom

    /// The camera's right, up and forward (into the scene) directions in Z-up coordinates.
    var basis: (right: SIMD3<Double>, up: SIMD3<Double>, forward: SIMD3<Double>) {
        let forward: SIMD3<Double>, upHint: SIMD3<Double>
        switch self {
        case .iso: forward = SIMD3(-1, 1, -1); upHint = SIMD3(0, 0, 1)
        case .front: forward = SIMD3(0, 1, 0); upHint = SIMD3(0, 0, 1)
        case .back: forward = SIMD3(0, -1, 0); upHint = SIMD3(0, 0, 1)
        case .left: forward = SIMD3(1, 0, 0); upHint = SIMD3(0, 0, 1)
        case .right: forward = SIMD3(-1, 0, 0); upHint = SIMD3(0, 0, 1)
        case .top: forward = SIMD3(0, 0, -1); upHint = SIMD3(0, 1, 0)
        case .bottom: forward = SIMD3(0, 0, 1); upHint = SIMD3(0, -1, 0)
        }
        let f = normalize(forward)
        let r = normalize(MeshMeasures.cross(f, upHint))
        let u = MeshMeasures.cross(r, f)
        return (r, u, f)
    }
}

@inline(__always)
func normalize(_ v: SIMD3<Double>) -> SIMD3<Double> {
    let length = (v * v).sum().squareRoot()
    return length > 0 ? v / length : v
}
