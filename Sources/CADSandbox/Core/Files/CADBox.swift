/// The shape the sandbox's output files contain: an axis-aligned box, in millimetres, with one corner
/// at the origin.
public struct CADBox: Sendable, Hashable {
    /// Size along X.
    public var width: Double
    /// Size along Y.
    public var depth: Double
    /// Size along Z.
    public var height: Double

    /// Creates a box; non-positive sizes become 1 mm.
    public init(width: Double, depth: Double, height: Double) {
        self.width = width > 0 ? width : 1
        self.depth = depth > 0 ? depth : 1
        self.height = height > 0 ? height : 1
    }

    /// 40 × 20 × 10 mm.
    public static let standard = CADBox(width: 40, depth: 20, height: 10)

    /// The box a prompt asks for: the first `A x B x C` (optionally with `mm`) in it, else `standard`.
    /// `"A 40x20x10mm rectangular box"` gives 40 × 20 × 10.
    public static func requested(by prompt: String) -> CADBox {
        let pattern = #/(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x×*]\s*(\d+(?:\.\d+)?)/#
        guard let match = prompt.lowercased().firstMatch(of: pattern),
            let width = Double(match.output.1), let depth = Double(match.output.2), let height = Double(match.output.3)
        else { return .standard }
        return CADBox(width: width, depth: depth, height: height)
    }

    /// The eight corners; bit 0 of the index selects X, bit 1 Y, bit 2 Z.
    var corners: [SIMD3<Double>] {
        (0..<8).map { index in
            SIMD3(
                index & 1 == 0 ? 0 : width,
                index & 2 == 0 ? 0 : depth,
                index & 4 == 0 ? 0 : height)
        }
    }

    /// The six faces as corner indices, counter-clockwise seen from outside, with outward normals.
    static let faces: [(corners: [Int], normal: SIMD3<Double>)] = [
        ([0, 2, 3, 1], SIMD3(0, 0, -1)),  // bottom
        ([4, 5, 7, 6], SIMD3(0, 0, 1)),  // top
        ([0, 1, 5, 4], SIMD3(0, -1, 0)),  // front
        ([2, 6, 7, 3], SIMD3(0, 1, 0)),  // back
        ([0, 4, 6, 2], SIMD3(-1, 0, 0)),  // left
        ([1, 3, 7, 5], SIMD3(1, 0, 0)),  // right
    ]

    /// Twelve triangles (two per face), counter-clockwise seen from outside.
    var triangles: [(normal: SIMD3<Double>, vertices: [SIMD3<Double>])] {
        let corners = corners
        return Self.faces.flatMap { face in
            let quad = face.corners.map { corners[$0] }
            return [(face.normal, [quad[0], quad[1], quad[2]]), (face.normal, [quad[0], quad[2], quad[3]])]
        }
    }
}
