import Foundation
import Testing

@testable import CADSandbox

@Suite("Bitbybit sandbox: stpz gzip")
struct BitbybitGzipTests {
    @Test("stored-block gzip is read back byte for byte by the system's gzip, across block boundaries", arguments: [0, 1, 65_535, 65_536, 200_001])
    func systemGunzipReadsIt(length: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let original = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let compressed = BitbybitGzip.compress(original)
        #expect(BitbybitGzip.isGzip(compressed))
        #expect(try gunzip(compressed) == original)
        #expect(BitbybitGzip.decompressStored(compressed) == original)
    }

    @Test("a damaged CRC or a compressed (non-stored) stream is not taken for stored gzip")
    func rejectsDamage() throws {
        var damaged = BitbybitGzip.compress(Data("ISO-10303-21;".utf8))
        damaged[damaged.count - 8] ^= 0xff
        #expect(BitbybitGzip.decompressStored(damaged) == nil)
        // A fixed-Huffman block (BTYPE=01) as real compressors write: not readable by the sandbox.
        var compressed = BitbybitGzip.compress(Data("x".utf8))
        compressed[10] = 0x03
        #expect(BitbybitGzip.decompressStored(compressed) == nil)
    }

    @Test("an uploaded stpz converts; a gzip of something else fails the conversion")
    func uploadedSTPZ() async throws {
        try await BitbybitHarness.with { h in
            let step = try await h.sampleSTEP()
            let stpz = try await h.uploadFile(BitbybitGzip.compress(step), filename: "part.stpz", contentType: "application/gzip")
            let junk = try await h.uploadFile(BitbybitGzip.compress(Data("not step".utf8)), filename: "junk.stpz",
                                              contentType: "application/gzip")
            let good = try await h.submit("/api/v1/convert/step-to-gltf", json: #"{"stepFileId":"\#(stpz)"}"#)
            let bad = try await h.submit("/api/v1/convert/step-to-gltf", json: #"{"stepFileId":"\#(junk)"}"#)
            h.finishTasks()
            #expect(try await h.task(good)["status"]?.string == "completed")
            #expect(try await h.task(bad)["status"]?.string == "failed")
        }
    }
}
