@testable import CADRecording
import CADTransport
import Foundation
import Testing

@Suite("Scrubbing and fingerprints (pure)")
struct ScrubbingTests {
    @Test("secret JSON fields, registered secrets and signed URLs are masked; other text is kept as is")
    func scrubsText() {
        let scrubber = CassetteScrubber(secrets: ["mk_pub_sandbox_1"])
        let body = #"{"key_id":"k1", "signing_secret" : "whsec_abc\"def", "note":"uses mk_pub_sandbox_1", "url":"https://s.example/o/1?expires=9&signature=abc123"}"#
        let scrubbed = scrubber.text(body)
        #expect(!scrubbed.contains("whsec_abc"))
        #expect(!scrubbed.contains("mk_pub_sandbox_1"))
        #expect(!scrubbed.contains("abc123"))
        #expect(scrubbed.contains(#""signing_secret" : "***""#))
        #expect(scrubbed.contains(#""key_id":"k1""#))
        #expect(scrubbed.contains("expires=9"))
    }

    @Test("credential headers keep their scheme but lose their value; cookies are dropped")
    func scrubsHeaders() {
        let headers: HTTPHeaders = ["Authorization": "Bearer gcad_live_sandbox_1", "x-api-key": "bbk_sandbox_key_1",
                                    "Cookie": "session=1", "Accept": "application/json"]
        let kept = CassetteScrubber().headers(headers)
        #expect(kept == [HAR.Header(name: "Authorization", value: "Bearer ***"), HAR.Header(name: "x-api-key", value: "***"),
                         HAR.Header(name: "Accept", value: "application/json")])
    }

    @Test("a multipart body has the same fingerprint whatever its random boundary")
    func multipartBoundaryIgnored() throws {
        func form(_ boundary: String) -> (RequestBody, String) {
            let text = "--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbox\r\n--\(boundary)--\r\n"
            return (.bytes(Data(text.utf8)), "multipart/form-data; boundary=\(boundary)")
        }
        let (first, firstType) = form("----a1b2c3"), (second, secondType) = form("----zz99")
        let a = try BodyFingerprint.of(first, contentType: firstType)
        let b = try BodyFingerprint.of(second, contentType: secondType)
        #expect(a == b)
        #expect(a.text?.contains("--cadctl-boundary\r\n") == true)
        let plain = try BodyFingerprint.of(first, contentType: "application/octet-stream")
        #expect(plain != a)
    }

    @Test("file parts are fingerprinted from disk like the same bytes in memory")
    func fileParts() throws {
        let url = try temporaryDirectory().appendingPathComponent("part.bin")
        let bytes = Data((0..<300_000).map { UInt8($0 % 251) })
        try bytes.write(to: url)
        let fromFile = try BodyFingerprint.of(RequestBody(parts: [.bytes(Data("a".utf8)), .file(path: url.path)]), contentType: nil)
        let inMemory = BodyFingerprint.of(Data("a".utf8) + bytes, contentType: nil)
        #expect(fromFile == inMemory)
        #expect(fromFile.text == nil && fromFile.size == 300_001)
    }
}
