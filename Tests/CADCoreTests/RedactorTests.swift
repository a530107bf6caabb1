import CADCore
import Testing

@Suite("Redactor")
struct RedactorTests {
    let key = "bbk_live_0123456789abcdefXYZ"

    @Test("credential headers are masked, the Authorization scheme kept")
    func headers() {
        let redactor = Redactor()
        let headers: HTTPHeaders = [
            "Authorization": "Bearer mk_pub_secret123456", "x-api-key": "bbk_secret", "Cookie": "session=abc",
            "Set-Cookie": "id=1", "Proxy-Authorization": "Basic dXNlcjpwYXNz", "Content-Type": "application/json",
            "X-Amz-Security-Token": "tok",
        ]
        let shown = redactor.redact(headers)
        #expect(shown["Authorization"] == "Bearer ***")
        #expect(shown["x-api-key"] == "***")
        #expect(shown["Cookie"] == "***")
        #expect(shown["Set-Cookie"] == "***")
        #expect(shown["Proxy-Authorization"] == "Basic ***")
        #expect(shown["X-Amz-Security-Token"] == "***")
        #expect(shown["Content-Type"] == "application/json")
        #expect(shown.fields.map(\.name) == headers.fields.map(\.name))
        #expect(redactor.redactHeader(name: "AUTHORIZATION", value: "token-without-scheme") == "***")
    }

    @Test("signed URL parameters are masked, harmless ones kept")
    func signedURLs() {
        let redactor = Redactor()
        let aws = URL(string: "https://bucket.s3.amazonaws.com/out/plate.step?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260520&X-Amz-Date=20260520T000000Z&X-Amz-Expires=900&X-Amz-Signature=deadbeef&X-Amz-SignedHeaders=host")!
        #expect(redactor.redact(url: aws) == "https://bucket.s3.amazonaws.com/out/plate.step?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Date=20260520T000000Z&X-Amz-Expires=900&X-Amz-Signature=***&X-Amz-SignedHeaders=host")
        let generic = URL(string: "https://storage.example.com/f.glb?expires=1700000000&signature=abc123&sig=zz&token=t0k")!
        #expect(redactor.redact(url: generic) == "https://storage.example.com/f.glb?expires=1700000000&signature=***&sig=***&token=***")
        let userinfo = URL(string: "https://user:hunter2@example.com/x")!
        #expect(!redactor.redact(url: userinfo).contains("hunter2"))
    }

    @Test("URLs inside text and JSON are redacted too")
    func urlsInText() {
        let redactor = Redactor()
        let json = #"{"url":"https://storage.example.com/signed-step-url?Signature=s3cr3t&Expires=900","filename":"a.step"}"#
        #expect(redactor.redact(json) == #"{"url":"https://storage.example.com/signed-step-url?Signature=***&Expires=900","filename":"a.step"}"#)
        #expect(redactor.redact("see https://x.test/a?sig=abc, then retry") == "see https://x.test/a?sig=***, then retry")
        // Parameter names are matched whole: `design=` is not `sig=`.
        #expect(redactor.redact("https://x.test/?design=cup&assignee=me") == "https://x.test/?design=cup&assignee=me")
    }

    @Test("registered secrets are masked anywhere, longest first")
    func secrets() {
        let redactor = Redactor(secrets: [key, "bbk_live"])
        #expect(redactor.redact("key=\(key) and again:\(key)!") == "key=*** and again:***!")
        #expect(redactor.redact("prefix bbk_live only") == "prefix *** only")
        #expect(redactor.redact("unicode ✓ \(key) ✓") == "unicode ✓ *** ✓")
        #expect(redactor.redact("nothing here") == "nothing here")
        // Too-short secrets are not registered (they would mask ordinary text).
        let short = Redactor(secrets: ["ab"])
        #expect(short.secrets.isEmpty)
        #expect(short.redact("abc") == "abc")
        #expect(Redactor().registering(key).redact(key) == "***")
    }

    @Test("bearer tokens and x-api-key lines in free text")
    func freeText() {
        let redactor = Redactor()
        #expect(redactor.redact("curl -H 'Authorization: Bearer mk_pub_abc123' https://x") == "curl -H 'Authorization: Bearer ***' https://x")
        #expect(redactor.redact("-H \"x-api-key: bbk_123\" -H \"Accept: */*\"") == "-H \"x-api-key: ***\" -H \"Accept: */*\"")
        #expect(redactor.redact("X-API-KEY:bbk_1\nnext line") == "X-API-KEY:***\nnext line")
        #expect(redactor.redact("Cookie: a=b; c=d\r\n") == "Cookie: ***\r\n")
    }

    @Test("no secret survives, fuzzed around random text", arguments: [21, 22])
    func fuzz(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let redactor = Redactor(secrets: [key])
        let pieces = ["a", " ", "?", "&", "=", "sig", "é", "\n", "Bearer ", "x-api-key:", "\"", key, "bbk", "live_0"]
        for _ in 0..<1000 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<25, using: &generator) { text += pieces.randomElement(using: &generator) ?? "" }
            let redacted = redactor.redact(text)
            #expect(!redacted.contains(key), "\(text.debugDescription)")
            #expect(redactor.redact(redacted) == redacted || redacted.contains("***"))
        }
    }

    @Test("keys for display: first 4 and last 4, or fully masked when short")
    func maskKey() {
        #expect(Redactor.maskKey("gcad_0123456789ab12") == "gcad…ab12")
        #expect(Redactor.maskKey("mk_pub_test_0123456789abcdef") == "mk_p…cdef")
        #expect(Redactor.maskKey("short") == "****")
        #expect(Redactor.maskKey("fifteen_chars_x") == "****")
        #expect(Redactor.maskKey("") == "****")
    }

    @Test("credentials never print their key")
    func credentialDescription() {
        let credential = Credential.bearer("mk_pub_test_0123456789abcdef")
        #expect(credential.headerValue == "Bearer mk_pub_test_0123456789abcdef")
        #expect("\(credential)" == "Authorization: Bearer mk_p…cdef")
        #expect(String(reflecting: credential) == "Authorization: Bearer mk_p…cdef")
        var dumped = ""
        dump(credential, to: &dumped)
        #expect(!dumped.contains("0123456789"))
        #expect(Credential.apiKey("bbk_test_0123456789abcdefgh").description == "x-api-key: bbk_…efgh")
    }
}
