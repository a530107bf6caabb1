import Foundation

/// Files of pseudo-random bytes for the bulk workloads (uploads, and nginx's `/big`): one 1 MiB block from a
/// fixed-seed generator, repeated, so every run moves the same bytes and writing a GiB costs no more than the
/// disk. Nothing on the way compresses (no HTTP or TLS compression), so the repetition changes no figure.
enum PseudoRandomFile {
    /// Writes `bytes` pseudo-random bytes to `path` (replacing what is there).
    static func write(at path: String, bytes: Int64) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ClientRunner.Failure.run("cannot create \(path)")
        }
        defer { try? handle.close() }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in block.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            block[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        var written: Int64 = 0
        while written < bytes {
            let size = Int(min(Int64(block.count), bytes - written))
            handle.write(Data(block[0..<size]))
            written += Int64(size)
        }
    }
}
