import Bitbybit
import CADCore
import CADTransport
import Foundation
import PropertyBased
import Testing

@Suite("Fuzz: error decoders, JSON parser, file names, redaction")
struct DecoderFuzzTests {
    static let decoders: [APIErrorDecoder] = [.orville, .makistry, .bitbybit]

    @Test("any error body, status and request id decodes into an APIError that names provider, status and endpoint")
    func errorBodies() async throws {
        let url = try #require(URL(string: "https://api.example/api/v1/x"))
        await propertyCheck(count: fuzzCount, input: Gen.int(in: 400...599), arbitraryText, Gen.int(in: 0...2)) {
            status, text, which in
            let decoder = Self.decoders[which]
            let response = HTTPResponse(
                status: status, headers: ["X-Request-Id": "req_fuzz", "Content-Type": "application/json"],
                body: Data(text.utf8), url: url)
            let error = decoder.decode(response, endpoint: "GET /api/v1/x")
            #expect(error.provider == decoder.provider)
            #expect(error.status == status)
            #expect(!CADError(error).message.isEmpty)
        }
    }

    @Test("provider-shaped error JSON with arbitrary strings keeps the code and never crashes")
    func shapedErrorBodies() async throws {
        let url = try #require(URL(string: "https://api.example/api/v1/x"))
        await propertyCheck(count: fuzzCount, input: Gen.letterOrNumber.string(of: 1...20), arbitraryText) { code, message in
            let bodies: [(APIErrorDecoder, [String: Any])] = [
                (.orville, ["error": ["code": code, "message": message], "request_id": "req_1"]),
                (.makistry, ["error_code": code, "message": message]),
                (.bitbybit, ["ok": false, "error": ["code": code, "message": message, "requestId": "r1"]]),
            ]
            for (decoder, object) in bodies {
                let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
                let error = decoder.decode(HTTPResponse(status: 422, body: data, url: url), endpoint: "POST /x")
                #expect(error.code == code, "\(decoder.provider)")
            }
        }
    }

    @Test("the JSON parser rejects or accepts arbitrary bytes without crashing, and agrees with itself")
    func jsonParser() async {
        await propertyCheck(count: fuzzCount, input: arbitraryBytes) { input in
            let first = try? JSONValue(parsing: Data(input))
            let second = try? JSONValue(parsing: Data(input))
            #expect(first == second)
            if let first { #expect((try? JSONValue(parsing: first.serialized())) == first) }
        }
    }

    @Test("sanitised file names never escape the directory, are never empty and never hold control characters")
    func fileNames() async {
        await propertyCheck(count: fuzzCount, input: arbitraryText) { name in
            let safe = FileNameSanitizer.sanitize(name)
            #expect(!safe.isEmpty && !safe.contains("/") && safe != "." && safe != "..")
            #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
            #expect(safe.utf8.count <= FileNameSanitizer.maximumBytes)
        }
        await propertyCheck(count: fuzzCount, input: Gen.element(of: ["..", "/", "\\", ".", "a", "\u{0}", "%2e", " "]).compactMap { $0 }.array(of: 0...12)) { pieces in
            let safe = FileNameSanitizer.sanitize(pieces.joined())
            #expect(!safe.isEmpty && !safe.contains("/") && safe != "." && safe != "..")
        }
    }

    @Test("a registered secret never survives redaction, wherever it sits in arbitrary text")
    func redaction() async {
        await propertyCheck(count: fuzzCount, input: Gen.letterOrNumber.string(of: 4...40), arbitraryText, arbitraryText) {
            secret, before, after in
            let redactor = Redactor(secrets: [secret])
            #expect(!redactor.redact(before + secret + after).contains(secret))
            #expect(!redactor.redact("Authorization: Bearer \(secret)\r\n").contains(secret))
        }
    }
}
