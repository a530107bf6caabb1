/// A fully-qualified operation path such as `occt.shapes.solid.createBox`.
///
/// Any string is accepted (write a literal, or use a constant below); whether it names a real
/// operation is checked against ``OperationCatalogue`` by the validator, which suggests the nearest
/// valid path. The constants cover the operations the pipelines document uses; the other ~900 are
/// in the catalogue.
public struct BitbybitOperation: RawRepresentable, Codable, Hashable, Sendable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The dotted path.
    public let rawValue: String

    /// An operation path.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An operation path from a literal.
    public init(stringLiteral value: String) { rawValue = value }

    /// Decodes a string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The dotted path.
    public var description: String { rawValue }

    /// Orders by path.
    public static func < (lhs: BitbybitOperation, rhs: BitbybitOperation) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The path's segments.
    public var segments: [Substring] { rawValue.split(separator: ".", omittingEmptySubsequences: false) }

    /// The root namespace (`occt`, `manifold`, `json`, …).
    public var namespace: String { segments.first.map(String.init) ?? "" }

    /// The geometry kernel whose objects this operation works on, by namespace.
    public var kernel: GeometryKernel? { GeometryKernel(namespace: namespace) }
}

extension BitbybitOperation {
    /// `occt.shapes.solid.createBox`
    public static let occtCreateBox: Self = "occt.shapes.solid.createBox"
    /// `occt.shapes.solid.createSphere`
    public static let occtCreateSphere: Self = "occt.shapes.solid.createSphere"
    /// `occt.shapes.solid.createCylinder`
    public static let occtCreateCylinder: Self = "occt.shapes.solid.createCylinder"
    /// `occt.shapes.solid.getSolidVolume`
    public static let occtGetSolidVolume: Self = "occt.shapes.solid.getSolidVolume"
    /// `occt.shapes.solid.getSolidSurfaceArea`
    public static let occtGetSolidSurfaceArea: Self = "occt.shapes.solid.getSolidSurfaceArea"
    /// `occt.booleans.union`
    public static let occtUnion: Self = "occt.booleans.union"
    /// `occt.booleans.difference`
    public static let occtDifference: Self = "occt.booleans.difference"
    /// `occt.booleans.intersection`
    public static let occtIntersection: Self = "occt.booleans.intersection"
    /// `occt.transforms.translate`
    public static let occtTranslate: Self = "occt.transforms.translate"
    /// `occt.transforms.rotate`
    public static let occtRotate: Self = "occt.transforms.rotate"
    /// `occt.transforms.scale`
    public static let occtScale: Self = "occt.transforms.scale"
    /// `occt.fillets.filletEdges`
    public static let occtFilletEdges: Self = "occt.fillets.filletEdges"
    /// `occt.io.loadSTEPorIGES`
    public static let occtLoadSTEPorIGES: Self = "occt.io.loadSTEPorIGES"
    /// `manifold.manifold.shapes.sphere`
    public static let manifoldSphere: Self = "manifold.manifold.shapes.sphere"
    /// `manifold.manifold.shapes.cube`
    public static let manifoldCube: Self = "manifold.manifold.shapes.cube"
    /// `manifold.manifold.booleans.subtract`
    public static let manifoldSubtract: Self = "manifold.manifold.booleans.subtract"
    /// `json.parse`
    public static let jsonParse: Self = "json.parse"
    /// `json.query` (JSONPath Plus)
    public static let jsonQuery: Self = "json.query"
    /// `json.createEmpty`
    public static let jsonCreateEmpty: Self = "json.createEmpty"
    /// `json.setValueOnProp`
    public static let jsonSetValueOnProp: Self = "json.setValueOnProp"
    /// `csv.parseToJson`
    public static let csvParseToJson: Self = "csv.parseToJson"
    /// `math.twoNrOperation`
    public static let mathTwoNrOperation: Self = "math.twoNrOperation"
}

/// The kind of value an operation produces, by namespace, as far as output formats care.
public enum GeometryKernel: String, Sendable, Hashable, CaseIterable {
    /// OpenCascade shapes (`occt.*`, `occtPro.*`): gltf, step, stpz, decomposed-mesh.
    case occt
    /// Manifold meshes (`manifold.*`): stl.
    case manifold
    /// JSCAD meshes (`jscad.*`): stl, 3mf.
    case jscad
    /// Plain data (`json`, `csv`, `math`, `text`, `vector`, `point`, `color`, `line`, `polyline`):
    /// json, csv; never a shape file.
    case data

    /// The kernel of a namespace; `nil` where the result could be anything (`lists`, `logic` pass
    /// values through) or the namespace is unknown.
    public init?(namespace: String) {
        switch namespace {
        case "occt", "occtPro": self = .occt
        case "manifold": self = .manifold
        case "jscad": self = .jscad
        case "json", "csv", "math", "text", "vector", "point", "color", "line", "polyline": self = .data
        default: return nil
        }
    }

    /// Display name for messages.
    public var displayName: String {
        switch self {
        case .occt: "an OCCT shape"
        case .manifold: "a Manifold mesh"
        case .jscad: "a JSCAD mesh"
        case .data: "plain data, not a shape"
        }
    }
}
