import Foundation

/// Little-endian binary output.
struct BinaryWriter {
    private(set) var data = Data()

    mutating func uint16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func uint32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func float32(_ value: Float) { uint32(value.bitPattern) }
    mutating func bytes(_ bytes: Data) { data.append(bytes) }
    mutating func bytes(_ bytes: [UInt8]) { data.append(contentsOf: bytes) }
    mutating func pad(toMultipleOf alignment: Int, with byte: UInt8) {
        while data.count % alignment != 0 { data.append(byte) }
    }
}
