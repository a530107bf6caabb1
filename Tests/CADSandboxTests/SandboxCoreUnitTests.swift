@testable import CADSandbox
import Foundation
import Testing

@Suite("Core pieces: multipart, ranges, JSON, faults, clock")
struct SandboxCoreUnitTests {
    private func request(_ body: Data, contentType: String) -> SandboxRequest {
        SandboxRequest(
            method: "POST", path: "/", query: [], headers: SandboxHeaders([("Content-Type", contentType)]), body: body,
            requestID: "req_test")
    }

    @Test func multipartFieldsAndFilesRoundTrip() throws {
        var form = MultipartBody()
        form.field("prompt", "a plate\r\nwith two lines")
        form.file("images", filename: "a.png", contentType: "image/png", Fixtures.png)
        form.field("empty", "")
        let parts = try MultipartFormData.parse(request(form.finished(), contentType: form.contentType))
        #expect(parts.map(\.name) == ["prompt", "images", "empty"])
        #expect(parts[0].text == "a plate\r\nwith two lines")
        #expect(parts[1].filename == "a.png" && parts[1].contentType == "image/png" && parts[1].data == Fixtures.png)
        #expect(parts[2].data.isEmpty)
    }

    @Test func multipartAcceptsQuotedBoundaryAndPreamble() throws {
        let simple = Data("ignored\r\n--xyz\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--xyz--".utf8)
        let parts = try MultipartFormData.parse(request(simple, contentType: "multipart/form-data; boundary=\"xyz\""))
        #expect(parts.count == 1 && parts[0].text == "v")
    }

    @Test(arguments: [
        "--xyz\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nno closing boundary",
        "--xyz\r\nContent-Type: text/plain\r\n\r\nv\r\n--xyz--",
        "no boundary at all",
        "--xyz\r\nContent-Disposition: form-data\r\n\r\nv\r\n--xyz--",
    ])
    func malformedMultipartIsRejected(body: String) {
        #expect(throws: MultipartFormData.ParseError.self) {
            try MultipartFormData.parse(self.request(Data(body.utf8), contentType: "multipart/form-data; boundary=xyz"))
        }
    }

    @Test func multipartNeedsABoundary() {
        #expect(throws: MultipartFormData.ParseError.self) {
            try MultipartFormData.parse(self.request(Data(), contentType: "multipart/form-data"))
        }
    }

    @Test func byteRanges() {
        func range(_ header: String, _ length: Int = 100) -> Range<Int>? {
            if case .range(let range) = ByteRange.parse(header, length: length) { return range }
            return nil
        }
        #expect(range("bytes=0-9") == 0..<10)
        #expect(range("bytes=90-") == 90..<100)
        #expect(range("bytes=-5") == 95..<100)
        #expect(range("bytes=50-1000") == 50..<100)
        if case .unsatisfiable = ByteRange.parse("bytes=100-", length: 100) {} else { Issue.record("100- of 100 is unsatisfiable") }
        if case .none = ByteRange.parse("bytes=0-1,5-6", length: 100) {} else { Issue.record("multiple ranges get the whole body") }
        if case .none = ByteRange.parse("items=0-1", length: 100) {} else { Issue.record("other units get the whole body") }
    }

    @Test func jsonSerializationKeepsOrderAndEscapes() {
        let value: JSONValue = .object(["b": .int(1), "a": .string("q\"\n\u{01}"), "c": .array([.null, .bool(true), .number(1.5)])])
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"{"b":1,"a":"q\"\n\u0001","c":[null,true,1.5]}"#)
        #expect(JSONValue.parse(Data("{\"x\":[1,{\"y\":false}]}".utf8))?["x"]?.arrayValue?.count == 2)
        #expect(JSONValue.parse(Data("{nope".utf8)) == nil)
    }

    @Test func faultRulesDecodeFromJSON() throws {
        let json = """
            {"faults": [
              {"route": "POST /orville/api/v1/cad/jobs", "count": 2, "action": "status", "status": 503, "retry_after": 2},
              {"route": "*", "action": "status", "status": 429, "retry_after_http_date": 5},
              {"action": "close_before"}, {"action": "close_after"}, {"action": "truncate", "keep_bytes": 3},
              {"action": "invalid_json"}, {"action": "delay", "seconds": 0.5}, {"action": "ignore_range"}
            ]}
            """
        let rules = try FaultPlan.rules(fromJSON: Data(json.utf8))
        #expect(rules.map(\.action) == [
            .status(503, retryAfter: .seconds(2)), .status(429, retryAfter: .httpDate(secondsFromNow: 5)),
            .closeBeforeProcessing, .closeAfterProcessing, .truncateBody(keepBytes: 3), .invalidJSON, .delay(seconds: 0.5),
            .ignoreRange,
        ])
        #expect(rules[0].count == 2 && rules[2].route == "*")
        let encoded = try JSONEncoder().encode(rules)
        #expect(try FaultPlan.rules(fromJSON: encoded) == rules)
        #expect(throws: (any Error).self) { try FaultPlan.rules(fromJSON: Data(#"[{"action":"explode"}]"#.utf8)) }
    }

    @Test func faultRulesMatchRoutesPathsAndPrefixes() {
        let plan = FaultPlan([
            FaultRule(route: "GET /a/{id}", count: 1, action: .invalidJSON),
            FaultRule(route: "/b/*", count: 2, action: .closeBeforeProcessing),
        ])
        #expect(plan.take(method: "POST", pattern: "/a/{id}", path: "/a/1") == nil)
        #expect(plan.take(method: "GET", pattern: "/a/{id}", path: "/a/1") == .invalidJSON)
        #expect(plan.take(method: "GET", pattern: "/a/{id}", path: "/a/1") == nil)
        #expect(plan.take(method: "PUT", pattern: nil, path: "/b/x/y") == .closeBeforeProcessing)
        #expect(plan.take(method: "PUT", pattern: nil, path: "/b/z") == .closeBeforeProcessing)
        #expect(plan.pending.isEmpty)
    }

    @Test func manualClockWakesSleepersWhenAdvanced() async throws {
        let clock = ManualClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        let sleeper = Task { try await clock.sleep(until: deadline, tolerance: nil) }
        clock.advance(by: .seconds(10))
        try await sleeper.value
        #expect(clock.now.offset == .seconds(10))
    }

    @Test func manualClockSleepIsCancellable() async {
        let clock = ManualClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        let sleeper = Task { try await clock.sleep(until: deadline, tolerance: nil) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func builtInKeysDoNotLookLikeRealKeys() throws {
        let pattern = try Regex("(bbk|gcad_live|mk_pub)_[A-Za-z0-9]{16,}")
        for key in SandboxKey.defaults { #expect(key.key.firstMatch(of: pattern) == nil, "\(key.name)") }
    }
}
