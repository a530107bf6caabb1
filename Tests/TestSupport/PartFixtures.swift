import Foundation

/// Triangle meshes with known measures, and writers for the files tests read back (STL, glTF).
public enum PartFixtures {
    /// A triangle: three corners.
    public typealias Triangle = (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    /// A closed prism over the convex polygon `outer` (counter-clockwise seen from +Z), from `z0` to `z1`,
    /// with an optional through-hole `inner` (also counter-clockwise, one corner per outer corner).
    /// Triangles are counter-clockwise seen from outside.
    public static func prism(_ outer: [SIMD2<Double>], hole inner: [SIMD2<Double>]? = nil, z0: Double, z1: Double) -> [Triangle] {
        var triangles: [Triangle] = []
        func at(_ p: SIMD2<Double>, _ z: Double) -> SIMD3<Double> { SIMD3(p.x, p.y, z) }
        func quad(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>, _ d: SIMD3<Double>) {
            triangles.append((a, b, c))
            triangles.append((a, c, d))
        }
        let n = outer.count
        for k in 0..<n {
            let a = outer[k], b = outer[(k + 1) % n]
            quad(at(a, z0), at(b, z0), at(b, z1), at(a, z1))
        }
        if let inner {
            for k in 0..<n {
                let oa = outer[k], ob = outer[(k + 1) % n], ia = inner[k], ib = inner[(k + 1) % n]
                quad(at(oa, z1), at(ob, z1), at(ib, z1), at(ia, z1))
                quad(at(oa, z0), at(ia, z0), at(ib, z0), at(ob, z0))
                quad(at(ib, z0), at(ia, z0), at(ia, z1), at(ib, z1))
            }
        } else {
            for k in 1..<(n - 1) {
                triangles.append((at(outer[0], z1), at(outer[k], z1), at(outer[k + 1], z1)))
                triangles.append((at(outer[0], z0), at(outer[k + 1], z0), at(outer[k], z0)))
            }
        }
        return triangles
    }

    /// The closed box from `min` to `max`.
    public static func box(_ min: SIMD3<Double>, _ max: SIMD3<Double>) -> [Triangle] {
        prism([SIMD2(min.x, min.y), SIMD2(max.x, min.y), SIMD2(max.x, max.y), SIMD2(min.x, max.y)], z0: min.z, z1: max.z)
    }

    /// The box 0…a × 0…b × 0…c with a square through-hole of side `s` along Z in its middle.
    public static func boxWithHole(_ a: Double, _ b: Double, _ c: Double, hole s: Double) -> [Triangle] {
        let x0 = (a - s) / 2, y0 = (b - s) / 2
        return prism(
            [SIMD2(0, 0), SIMD2(a, 0), SIMD2(a, b), SIMD2(0, b)],
            hole: [SIMD2(x0, y0), SIMD2(x0 + s, y0), SIMD2(x0 + s, y0 + s), SIMD2(x0, y0 + s)], z0: 0, z1: c)
    }

    /// Binary STL of `triangles` (normals left zero, as many writers do); `header` starts the 80-byte header.
    public static func binarySTL(_ triangles: [Triangle], header: String = "cadctl test") -> Data {
        var data = Data(header.utf8.prefix(80))
        data.append(Data(repeating: 0x20, count: 80 - data.count))
        append(UInt32(triangles.count), to: &data)
        for (a, b, c) in triangles {
            for _ in 0..<3 { append(Float(0).bitPattern, to: &data) }
            for p in [a, b, c] { for value in [p.x, p.y, p.z] { append(Float(value).bitPattern, to: &data) } }
            data.append(contentsOf: [0, 0])
        }
        return data
    }

    /// ASCII STL of `triangles`.
    public static func asciiSTL(_ triangles: [Triangle], name: String = "part") -> Data {
        var text = "solid \(name)\n"
        for (a, b, c) in triangles {
            text += "  facet normal 0 0 0\n    outer loop\n"
            for p in [a, b, c] { text += "      vertex \(p.x) \(p.y) \(p.z)\n" }
            text += "    endloop\n  endfacet\n"
        }
        return Data((text + "endsolid \(name)\n").utf8)
    }

    /// Little-endian bytes of `value` appended to `data`.
    public static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    /// The positions of `triangles` as little-endian floats, nine per triangle, and their bounds.
    public static func floats(_ triangles: [Triangle]) -> Data {
        var data = Data()
        for (a, b, c) in triangles { for p in [a, b, c] { for value in [p.x, p.y, p.z] { append(Float(value).bitPattern, to: &data) } } }
        return data
    }

    /// A GLB holding one non-indexed triangle mesh (`triangles`, in metres) and the given `nodes` JSON
    /// (mesh 0 is the triangles; the scene's root is node 0).
    public static func glb(_ triangles: [Triangle], nodes: String) -> Data {
        let positions = floats(triangles)
        let json = """
            {"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":\(nodes),
            "meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
            "accessors":[{"bufferView":0,"componentType":5126,"count":\(triangles.count * 3),"type":"VEC3"}],
            "bufferViews":[{"buffer":0,"byteLength":\(positions.count)}],
            "buffers":[{"byteLength":\(positions.count)}]}
            """
        var jsonChunk = Data(json.utf8)
        while jsonChunk.count % 4 != 0 { jsonChunk.append(0x20) }
        var binChunk = positions
        while binChunk.count % 4 != 0 { binChunk.append(0) }
        var data = Data("glTF".utf8)
        append(UInt32(2), to: &data)
        append(UInt32(12 + 8 + jsonChunk.count + 8 + binChunk.count), to: &data)
        append(UInt32(jsonChunk.count), to: &data)
        append(UInt32(0x4E4F_534A), to: &data)
        data.append(jsonChunk)
        append(UInt32(binChunk.count), to: &data)
        append(UInt32(0x004E_4942), to: &data)
        data.append(binChunk)
        return data
    }
}
