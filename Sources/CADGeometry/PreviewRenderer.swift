#if canImport(Glibc)
import Glibc
#endif

/// An offline software renderer: orthographic view, z-buffer, flat Lambert shading with a key and a fill
/// light, silhouette and crease edges found in image space, supersampled and box-filtered down.
public struct PreviewRenderer: Sendable {
    /// The output width in pixels.
    public var width: Int
    /// The output height in pixels.
    public var height: Int
    /// Samples per pixel along each axis (1 = none; 2 = four samples per pixel).
    public var supersampling: Int
    /// The background colour.
    public var background: (UInt8, UInt8, UInt8) = (246, 247, 249)
    /// The part's base colour.
    public var color: SIMD3<Double> = SIMD3(150, 172, 200)
    /// The colour of edges.
    public var edgeColor: SIMD3<Double> = SIMD3(38, 44, 56)
    /// Creases sharper than this angle between faces are drawn (degrees).
    public var creaseAngle: Double = 30

    /// A renderer of `width` × `height` pictures.
    public init(width: Int = 800, height: Int = 600, supersampling: Int = 2) {
        self.width = width
        self.height = height
        self.supersampling = supersampling
    }

    /// Renders `mesh` (whose up axis is `up`) seen from `view`, fitted to the frame.
    public func render(_ mesh: IndexedMesh, up: UpAxis, view: PreviewView) -> RGBImage {
        let ss = Swift.max(1, supersampling)
        let w = width * ss, h = height * ss
        let (right, upward, forward) = view.basis
        let vertexCount = mesh.vertexCount
        // Vertices in Z-up coordinates (glTF's Y-up turned so that its −Z looks like +Y), projected.
        var sx = [Float](repeating: 0, count: vertexCount), sy = sx, depth = sx
        var world = [Float](repeating: 0, count: vertexCount * 3)
        var low = SIMD2<Double>(repeating: .infinity), high = SIMD2<Double>(repeating: -.infinity)
        mesh.positions.withUnsafeBufferPointer { p in
            for v in 0..<vertexCount {
                var point = SIMD3<Double>(Double(p[v * 3]), Double(p[v * 3 + 1]), Double(p[v * 3 + 2]))
                if up == .y { point = SIMD3(point.x, -point.z, point.y) }
                world[v * 3] = Float(point.x); world[v * 3 + 1] = Float(point.y); world[v * 3 + 2] = Float(point.z)
                let projected = SIMD2((point * right).sum(), (point * upward).sum())
                low = pointwiseMin(low, projected)
                high = pointwiseMax(high, projected)
                sx[v] = Float(projected.x)
                sy[v] = Float(projected.y)
                depth[v] = Float((point * forward).sum())
            }
        }
        var image = RGBImage(width: width, height: height, fill: background)
        guard vertexCount > 0, mesh.triangleCount > 0 else { return image }
        let span = high - low
        let margin = 0.92
        var scale = Swift.min(span.x > 0 ? Double(w) * margin / span.x : .infinity, span.y > 0 ? Double(h) * margin / span.y : .infinity)
        if !scale.isFinite { scale = 1 }
        let center = (low + high) / 2
        let scaleF = Float(scale), cx = Float(center.x), cy = Float(center.y)
        let halfW = Float(w) / 2, halfH = Float(h) / 2
        for v in 0..<vertexCount {
            sx[v] = (sx[v] - cx) * scaleF + halfW
            sy[v] = halfH - (sy[v] - cy) * scaleF
        }
        // Per sample: nearest depth, triangle number (-1: background), shade.
        var zbuffer = [Float](repeating: .infinity, count: w * h)
        var triangleAt = [Int32](repeating: -1, count: w * h)
        let key = normalize(SIMD3<Double>(-0.6, 0.45, -0.65)), fill = normalize(SIMD3<Double>(0.6, -0.25, -0.75))
        var shadeOf = [Float](repeating: 0, count: mesh.triangleCount)
        var normals = [Float](repeating: 0, count: mesh.triangleCount * 3)
        mesh.indices.withUnsafeBufferPointer { t in
            world.withUnsafeBufferPointer { p in
                for f in 0..<mesh.triangleCount {
                    let a = Int(t[f * 3]) * 3, b = Int(t[f * 3 + 1]) * 3, c = Int(t[f * 3 + 2]) * 3
                    let e1 = SIMD3<Float>(p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2])
                    let e2 = SIMD3<Float>(p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2])
                    var n = SIMD3<Double>(Double(e1.y * e2.z - e1.z * e2.y), Double(e1.z * e2.x - e1.x * e2.z), Double(e1.x * e2.y - e1.y * e2.x))
                    n = normalize(n)
                    normals[f * 3] = Float(n.x); normals[f * 3 + 1] = Float(n.y); normals[f * 3 + 2] = Float(n.z)
                    // In camera coordinates (right, up, forward); seen from behind, the face is lit as its front.
                    var local = SIMD3((n * right).sum(), (n * upward).sum(), (n * forward).sum())
                    if local.z > 0 { local = -local }
                    let lambert = 0.28 + 0.72 * Swift.max(0, (local * key).sum()) + 0.3 * Swift.max(0, (local * fill).sum())
                    shadeOf[f] = Float(lambert)
                }
            }
        }
        mesh.indices.withUnsafeBufferPointer { t in
            zbuffer.withUnsafeMutableBufferPointer { zb in
                triangleAt.withUnsafeMutableBufferPointer { ids in
                    for f in 0..<mesh.triangleCount {
                        let a = Int(t[f * 3]), b = Int(t[f * 3 + 1]), c = Int(t[f * 3 + 2])
                        Self.rasterize(
                            (sx[a], sy[a], depth[a]), (sx[b], sy[b], depth[b]), (sx[c], sy[c], depth[c]),
                            id: Int32(f), width: w, height: h, zbuffer: zb, ids: ids)
                    }
                }
            }
        }
        // Edges: a sample is on an edge when a neighbour is background, much farther or nearer, or on a
        // face turned by more than the crease angle.
        let depthStep = Float(3 / scale)
        let creaseCos = Float(cos(creaseAngle * .pi / 180))
        var edge = [Bool](repeating: false, count: w * h)
        @inline(__always) func compare(_ here: Int, _ there: Int) {
            let id = triangleAt[here], other = triangleAt[there]
            if id == other { return }
            var isEdge = false
            if id < 0 || other < 0 {
                isEdge = true
            } else if abs(zbuffer[here] - zbuffer[there]) > depthStep * 2 {
                isEdge = true
            } else {
                let i = Int(id) * 3, j = Int(other) * 3
                let dot = normals[i] * normals[j] + normals[i + 1] * normals[j + 1] + normals[i + 2] * normals[j + 2]
                isEdge = abs(dot) < creaseCos
            }
            if isEdge {
                if id >= 0 { edge[here] = true }
                if other >= 0 { edge[there] = true }
            }
        }
        for y in 0..<h {
            for x in 0..<w {
                let here = y * w + x
                if x + 1 < w { compare(here, here + 1) }
                if y + 1 < h { compare(here, here + w) }
            }
        }
        // Shade each sample and average ss × ss samples into each pixel.
        let backgroundColor = SIMD3<Double>(Double(background.0), Double(background.1), Double(background.2))
        let samples = Double(ss * ss)
        for y in 0..<height {
            for x in 0..<width {
                var sum = SIMD3<Double>.zero
                for dy in 0..<ss {
                    for dx in 0..<ss {
                        let s = (y * ss + dy) * w + x * ss + dx
                        let id = triangleAt[s]
                        if id < 0 { sum += backgroundColor }
                        else if edge[s] { sum += edgeColor }
                        else { sum += color * Double(shadeOf[Int(id)]) }
                    }
                }
                let pixel = (sum / samples).clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 255))
                let o = (y * width + x) * 3
                image.pixels[o] = UInt8(pixel.x.rounded())
                image.pixels[o + 1] = UInt8(pixel.y.rounded())
                image.pixels[o + 2] = UInt8(pixel.z.rounded())
            }
        }
        return image
    }

    /// Fills the samples whose centres lie inside the triangle (either winding) where it is nearest.
    @inline(__always)
    static func rasterize(
        _ a: (Float, Float, Float), _ b: (Float, Float, Float), _ c: (Float, Float, Float), id: Int32,
        width: Int, height: Int, zbuffer: UnsafeMutableBufferPointer<Float>, ids: UnsafeMutableBufferPointer<Int32>
    ) {
        let area = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
        guard area != 0, area.isFinite else { return }
        let minX = Swift.max(0, Int((Swift.min(a.0, b.0, c.0) - 0.5).rounded(.up)))
        let maxX = Swift.min(width - 1, Int((Swift.max(a.0, b.0, c.0) - 0.5).rounded(.down)))
        let minY = Swift.max(0, Int((Swift.min(a.1, b.1, c.1) - 0.5).rounded(.up)))
        let maxY = Swift.min(height - 1, Int((Swift.max(a.1, b.1, c.1) - 0.5).rounded(.down)))
        guard minX <= maxX, minY <= maxY else { return }
        let inverse = 1 / area
        for y in minY...maxY {
            let py = Float(y) + 0.5
            for x in minX...maxX {
                let px = Float(x) + 0.5
                let w0 = ((b.0 - px) * (c.1 - py) - (b.1 - py) * (c.0 - px)) * inverse
                let w1 = ((c.0 - px) * (a.1 - py) - (c.1 - py) * (a.0 - px)) * inverse
                let w2 = 1 - w0 - w1
                guard w0 >= 0, w1 >= 0, w2 >= 0 else { continue }
                let z = w0 * a.2 + w1 * b.2 + w2 * c.2
                let s = y * width + x
                if z < zbuffer[s] {
                    zbuffer[s] = z
                    ids[s] = id
                }
            }
        }
    }
}
