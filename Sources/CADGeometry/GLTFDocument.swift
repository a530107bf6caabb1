import Foundation

/// The parts of a glTF 2.0 document the reader uses.
struct GLTFDocument: Decodable {
    struct Asset: Decodable { var version: String? }
    struct Scene: Decodable { var nodes: [Int]? }
    struct Node: Decodable {
        var children: [Int]?
        var mesh: Int?
        var matrix: [Double]?
        var translation: [Double]?
        var rotation: [Double]?
        var scale: [Double]?
    }
    struct Mesh: Decodable { var primitives: [Primitive] }
    struct Primitive: Decodable {
        var attributes: [String: Int]
        var indices: Int?
        var mode: Int?
    }
    struct Accessor: Decodable {
        var bufferView: Int?
        var byteOffset: Int?
        var componentType: Int
        var count: Int
        var type: String
    }
    struct BufferView: Decodable {
        var buffer: Int
        var byteOffset: Int?
        var byteLength: Int
        var byteStride: Int?
    }
    struct Buffer: Decodable {
        var byteLength: Int
        var uri: String?
    }

    var asset: Asset?
    var scene: Int?
    var scenes: [Scene]?
    var nodes: [Node]?
    var meshes: [Mesh]?
    var accessors: [Accessor]?
    var bufferViews: [BufferView]?
    var buffers: [Buffer]?
    var extensionsRequired: [String]?
}
