import CADCrypto
import CADTestSupport
import Foundation
import Testing

/// `SHA256Hasher` and `HMACSHA256` against the `openssl dgst` command line (an implementation the
/// shim does not share code paths with: the CLI parses its own options and reads stdin).
@Suite("CADCrypto: SHA-256 and HMAC-SHA256 match openssl dgst")
struct DigestTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The hex digest `openssl dgst -sha256 EXTRA…` prints for `input`.
    static func opensslHex(_ input: Data, _ extra: [String] = []) async throws -> String {
        let openssl = try #require(openssl)
        let outcome = try await ChildProcess.run(openssl, ["dgst", "-sha256", "-r"] + extra, stdin: input)
        #expect(outcome.exitCode == 0, "\(String(decoding: outcome.stderr, as: UTF8.self))")
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        return String(text.prefix { $0 != " " })
    }

    /// Deterministic bytes that are not a repeated pattern.
    static func bytes(_ count: Int, seed: UInt64) -> Data {
        var state = seed
        return Data((0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        })
    }

    static let inputs: [Data] = [
        Data(), Data("abc".utf8), bytes(55, seed: 1), bytes(64, seed: 2), bytes(1000, seed: 3),
        bytes(3 * 1024 * 1024 + 17, seed: 4),
    ]

    @Test("one-shot and chunked SHA-256 equal openssl's", .enabled(if: openssl != nil, "openssl is missing"))
    func sha256() async throws {
        for input in Self.inputs {
            let expected = try await Self.opensslHex(input)
            #expect(SHA256Hasher.hash(input).hex == expected)
            var hasher = SHA256Hasher()
            var offset = 0
            var step = 1
            while offset < input.count {
                let end = min(input.count, offset + step)
                hasher.update(input[offset..<end])
                offset = end
                step = step * 3 + 1
            }
            #expect(hasher.finalize().hex == expected, "chunked, \(input.count) bytes")
        }
    }

    @Test("the standard test vector, and a copy continues on its own")
    func vectorAndCopy() {
        #expect(SHA256Hasher.hash(Data("abc".utf8)).hex
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var first = SHA256Hasher()
        first.update(Data("ab".utf8))
        var second = first
        first.update(Data("c".utf8))
        second.update(Data("x".utf8))
        #expect(first.finalize() == SHA256Hasher.hash(Data("abc".utf8)))
        #expect(second.finalize() == SHA256Hasher.hash(Data("abx".utf8)))
        // finalize leaves the hasher usable.
        first.update(Data("d".utf8))
        #expect(first.finalize() == SHA256Hasher.hash(Data("abcd".utf8)))
    }

    @Test("HMAC-SHA256 equals openssl's for short, block-sized and long keys", .enabled(if: openssl != nil, "openssl is missing"))
    func hmac() async throws {
        let keys = [Data("k".utf8), Self.bytes(64, seed: 9), Self.bytes(200, seed: 10)]
        for key in keys {
            for input in Self.inputs.prefix(5) {
                let hexKey = SHA256Hasher.hexString(key)
                let expected = try await Self.opensslHex(input, ["-mac", "HMAC", "-macopt", "hexkey:" + hexKey])
                #expect(HMACSHA256.authenticationCode(for: input, key: key).hex == expected)
                var streaming = HMACSHA256(key: key)
                let half = input.count / 2
                streaming.update(input[..<half])
                streaming.update(input[half...])
                #expect(streaming.finalize().hex == expected)
            }
        }
    }

    @Test("RFC 4231 test case 2, an empty key, and the constant-time check")
    func hmacVectorsAndValidation() throws {
        let message = Data("what do ya want for nothing?".utf8)
        let code = HMACSHA256.authenticationCode(for: message, key: Data("Jefe".utf8))
        #expect(code.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.isValid(code.bytes, for: message, key: Data("Jefe".utf8)))
        var flipped = code.bytes
        flipped[31] ^= 1
        #expect(!HMACSHA256.isValid(flipped, for: message, key: Data("Jefe".utf8)))
        #expect(!HMACSHA256.isValid(code.bytes.prefix(16), for: message, key: Data("Jefe".utf8)))
        #expect(!HMACSHA256.isValid([UInt8](), for: message, key: Data("Jefe".utf8)))
        // HMAC-SHA256("", "") (RFC 2104 allows an empty key).
        #expect(HMACSHA256.authenticationCode(for: Data(), key: Data()).hex
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}

extension SHA256Hasher {
    /// Lowercase hex of arbitrary bytes (the tests' own, so `CryptoDigest.hex` is not checked against itself).
    static func hexString(_ data: Data) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }
}
