#if canImport(Glibc)
import Glibc
#endif
import CADRecording
import CADTestSupport
import CADTransport
import Foundation
import Testing

/// The cassettes committed under `Recordings/`: each one loads, is scrubbed, replays entry by entry through
/// `ReplayTransport`, and together they cover every endpoint of the three providers.
@Suite("Committed cassettes under Recordings/")
struct PublishedCassetteTests {
    /// The repository root, found from this file's path (`Tests/CADRecordingTests/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let recordings = root.appendingPathComponent("Recordings")
    static let providers: Set<String> = ["bitbybit", "orville", "makistry"]

    /// Every `.har` under `Recordings/`, relative to it (`orville/poll-job.har`), sorted.
    static let cassettes: [String] = {
        guard let walker = FileManager.default.enumerator(atPath: recordings.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".har") }.sorted()
    }()

    static func load(_ relative: String) throws -> (cassette: Cassette, text: String, data: Data) {
        let path = recordings.appendingPathComponent(relative).path
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return (try Cassette.load(from: path), String(decoding: data, as: UTF8.self), data)
    }

    @Test("there are cassettes for each provider")
    func cassettesExist() {
        for provider in Self.providers {
            #expect(Self.cassettes.contains { $0.hasPrefix(provider + "/") }, "no cassette under Recordings/\(provider)/")
        }
    }

    @Test("loads, carries its metadata, and is exactly what Cassette.save writes", arguments: cassettes)
    func loadsWithMetadata(_ relative: String) throws {
        let (cassette, _, data) = try Self.load(relative)
        #expect(cassette.document.log.version == "1.2")
        #expect(!cassette.entries.isEmpty)
        let metadata = try #require(cassette.metadata, "\(relative) has no log._cadctl")
        let folder = String(relative.split(separator: "/").first ?? "")
        #expect(metadata.provider == folder, "\(relative): provider \(metadata.provider) in the \(folder) folder")
        #expect(Self.providers.contains(metadata.provider))
        #expect(!metadata.how.isEmpty)
        #expect((try? Date(metadata.recordedAt, strategy: .iso8601)) != nil, "recordedAt \(metadata.recordedAt)")
        if metadata.source == .publishedExamples {
            #expect(metadata.apiVersion != nil)
            #expect(metadata.how.contains("build_published_cassettes.py"))
        }
        // Byte for byte what Cassette.save would write: the generator's layout is JSONEncoder's.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var saved = try encoder.encode(cassette.document)
        saved.append(0x0A)
        #expect(saved == data, "\(relative) is not laid out as Cassette.save writes it")
    }

    @Test("keeps no key: no key-shaped text, Bearer and x-api-key only as ***", arguments: cassettes)
    func keepsNoSecrets(_ relative: String) throws {
        let (cassette, text, _) = try Self.load(relative)
        let range = NSRange(text.startIndex..., in: text)
        for pattern in [#"(bbk|gcad_live|mk_pub)_[A-Za-z0-9]{16,}"#, #"Bearer (?!\*\*\*)"#,
                        #"(?i)"x-api-key"\s*,\s*"value"\s*:\s*"(?!\*\*\*")"#]
        {
            let regex = try NSRegularExpression(pattern: pattern)
            let match = regex.firstMatch(in: text, range: range)
            #expect(match == nil, "\(relative) matches \(pattern): \(match.flatMap { Range($0.range, in: text) }.map { String(text[$0]) } ?? "")")
        }
        for entry in cassette.entries {
            for header in entry.request.headers + entry.response.headers {
                switch header.name.lowercased() {
                case "authorization": #expect(header.value == "Bearer ***" || header.value == "***", "\(relative): \(header.value)")
                case "x-api-key", "cookie", "set-cookie": #expect(header.value == "***", "\(relative): \(header.name)")
                default: break
                }
            }
        }
    }

    @Test("every entry replays in order from a request rebuilt from the entry itself", arguments: cassettes)
    func replaysEntryByEntry(_ relative: String) async throws {
        let (cassette, _, _) = try Self.load(relative)
        let rebuilt = try cassette.entries.map { try Self.rebuild($0, in: relative, source: cassette.metadata?.source) }
        // Bodies are matched unless one of them could not be rebuilt (a live recording's binary upload).
        let rules: MatchRules = rebuilt.allSatisfy(\.bodyKnown) ? .default : [.method, .path, .query]
        let replay = ReplayTransport(cassette: cassette, source: relative, rules: rules)
        for (index, entry) in cassette.entries.enumerated() {
            let response = try await replay.sendSingleHop(rebuilt[index].request)
            #expect(response.status == entry.response.status, "\(relative) #\(index + 1)")
            #expect(response.body == (try Self.body(of: entry.response.content)), "\(relative) #\(index + 1)")
            if entry.response.status == 302 || entry.response.status == 301 {
                #expect(!entry.response.redirectURL.isEmpty && response.headers["Location"] == entry.response.redirectURL)
            }
        }
        #expect(replay.unusedCount == 0)
    }

    @Test("JSON bodies parse; error and envelope shapes are the provider's", arguments: cassettes)
    func bodiesHaveTheProvidersShape(_ relative: String) throws {
        let (cassette, _, _) = try Self.load(relative)
        let provider = cassette.metadata?.provider ?? ""
        for (index, entry) in cassette.entries.enumerated() {
            let label = "\(relative) #\(index + 1)"
            if let postData = entry.request.postData, postData.mimeType.contains("json") {
                #expect((try? JSONSerialization.jsonObject(with: Data(postData.text.utf8))) != nil, "\(label): request JSON")
            }
            let content = entry.response.content
            guard content.mimeType.contains("json"), let text = content.text, !text.isEmpty else { continue }
            let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8))
            let object = try #require(parsed as? [String: Any], "\(label): response is not a JSON object")
            let status = entry.response.status
            switch provider {
            case "bitbybit":
                let ok = try #require(object["ok"] as? Bool, "\(label): no ok in the envelope")
                #expect(ok == (status < 400), "\(label)")
                if ok {
                    #expect(object["data"] != nil && object["error"] == nil, "\(label)")
                } else {
                    let error = try #require(object["error"] as? [String: Any], "\(label)")
                    #expect(error["code"] is String && error["message"] is String, "\(label)")
                }
                #expect(Set(object.keys).isSubset(of: ["ok", "data", "error"]), "\(label)")
            case "orville":
                #expect(object["request_id"] is String, "\(label): no request_id")
                if status >= 400 {
                    let error = try #require(object["error"] as? [String: Any], "\(label)")
                    #expect(error["code"] is String && error["message"] is String, "\(label)")
                }
            case "makistry":
                if status >= 400 { #expect(object["error_code"] is String && object["message"] is String, "\(label)") }
            default:
                Issue.record("\(label): unknown provider \(provider)")
            }
        }
    }

    // MARK: Coverage

    /// Every (method, path) a cassette asks of `host`.
    static func requests(to host: String) throws -> [(method: String, path: String)] {
        try cassettes.flatMap { try load($0).cassette.entries }.compactMap { entry in
            guard let url = URL(string: entry.request.url), url.host == host else { return nil }
            return (entry.request.method, url.path)
        }
    }

    static func matches(template: String, path: String) -> Bool {
        let left = template.split(separator: "/", omittingEmptySubsequences: false)
        let right = path.split(separator: "/", omittingEmptySubsequences: false)
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }

    @Test("every operation of the Bitbybit OpenAPI document has a cassette entry")
    func bitbybitCoverage() throws {
        let spec = Self.root.appendingPathComponent("Sources/CADSandbox/Resources/bitbybit-openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: spec)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [(method: String, template: String)] = []
        for (template, methods) in paths {
            for method in methods.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.append((method.uppercased(), template))
            }
        }
        #expect(operations.count == 32)
        let sent = try Self.requests(to: "api.bitbybit.dev")
        for operation in operations {
            // A request counts for a templated path only when no literal path of the document is it.
            let covered = sent.contains { request in
                guard request.method == operation.method else { return false }
                if operation.template == request.path { return true }
                let literal = operations.contains { $0.method == request.method && $0.template == request.path }
                return !literal && Self.matches(template: operation.template, path: request.path)
            }
            #expect(covered, "no cassette entry for \(operation.method) \(operation.template)")
        }
    }

    /// The endpoints orville-ballista-cad-api.txt documents ("Endpoints" section).
    static let orvilleEndpoints = [
        ("GET", "/api/v1/cad/jobs"), ("POST", "/api/v1/cad/jobs"), ("GET", "/api/v1/cad/jobs/{job_id}"),
        ("POST", "/api/v1/cad/jobs/{job_id}/messages"), ("POST", "/api/v1/cad/jobs/{job_id}/review"),
        ("GET", "/api/v1/cad/jobs/{job_id}/messages"), ("GET", "/api/v1/cad/jobs/{job_id}/artifacts"),
        ("GET", "/api/v1/artifacts/{artifact_id}/download"), ("GET", "/api/v1/billing/balance"),
    ]

    @Test("every endpoint of the Orville and Makistry documents has a cassette entry")
    func orvilleAndMakistryCoverage() throws {
        // When the published page is at hand, the list above must be the page's.
        let page = "/work/shared/specs/orville-ballista-cad-api.txt"
        if let text = try? String(contentsOfFile: page, encoding: .utf8) {
            let regex = try NSRegularExpression(pattern: #"(?m)^(GET|POST)(/api/v1/\S+)$"#)
            let listed = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
                (String(text[Range(match.range(at: 1), in: text)!]), String(text[Range(match.range(at: 2), in: text)!]))
            }
            #expect(listed.map { "\($0.0) \($0.1)" }.sorted() == Self.orvilleEndpoints.map { "\($0.0) \($0.1)" }.sorted())
        }
        let orville = try Self.requests(to: "www.ballistalabs.ai")
        for (method, template) in Self.orvilleEndpoints {
            #expect(orville.contains { $0.method == method && Self.matches(template: template, path: $0.path) },
                    "no cassette entry for Orville \(method) \(template)")
        }
        let makistry = try Self.requests(to: "api.makistry.ai")
        for (method, template) in [("POST", "/v1/text-to-cad"), ("POST", "/v1/image-to-cad"), ("GET", "/v1/jobs/{job_id}")] {
            #expect(makistry.contains { $0.method == method && Self.matches(template: template, path: $0.path) },
                    "no cassette entry for Makistry \(method) \(template)")
        }
    }

    /// `python3` on `PATH`, if any.
    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the published-example cassettes are exactly what the generator builds", .enabled(if: python != nil))
    func generatorReproducesTheCassettes() async throws {
        let python = try #require(Self.python)
        let script = Self.recordings.appendingPathComponent("tools/build_published_cassettes.py").path
        // Waited for off the Swift concurrency pool, which the in-process servers of other tests need.
        let outcome = try await ChildProcess.run(python, ["-B", script, "--check"])
        let (status, message) = (outcome.exitCode, String(decoding: outcome.stderr, as: UTF8.self))
        #expect(status == 0, "build_published_cassettes.py --check: \(message)")
    }

    // MARK: Rebuilding requests from entries

    /// The request an entry records: method, URL, headers, and the body (its text, or for a body kept only
    /// as a digest the bytes in `Recordings/tools/examples/bodies/<sha256>.bin`). Checks the digest.
    ///
    /// A live or sandbox recording of a binary body has no such file (the recorder keeps only the digest):
    /// then the request goes without a body, and `bodyKnown` is false so the replay leaves bodies out of
    /// matching. Published-example cassettes must have every body.
    static func rebuild(_ entry: HAR.Entry, in relative: String, source: CassetteMetadata.Source?) throws
        -> (request: HTTPRequest, bodyKnown: Bool)
    {
        let url = try #require(URL(string: entry.request.url), "\(relative): bad URL \(entry.request.url)")
        var body = RequestBody.empty
        if let postData = entry.request.postData {
            let bytes: Data
            if postData.omitted == true {
                let file = recordings.appendingPathComponent("tools/examples/bodies/\(postData.sha256).bin")
                if let kept = FileManager.default.contents(atPath: file.path) {
                    bytes = kept
                } else {
                    #expect(source != .publishedExamples, "\(relative): the omitted body \(postData.sha256) is not in tools/examples/bodies")
                    #expect(postData.sha256.count == 64 && postData.sha256.allSatisfy { $0.isHexDigit && !$0.isUppercase },
                            "\(relative): _sha256 \(postData.sha256) is not a lowercase hex SHA-256")
                    return (HTTPRequest(
                        method: HTTPMethod(rawValue: entry.request.method), url: url,
                        headers: HTTPHeaders(entry.request.headers.map { ($0.name, $0.value) })), false)
                }
            } else {
                bytes = Data(postData.text.utf8)
            }
            let fingerprint = BodyFingerprint.of(bytes, contentType: postData.mimeType)
            #expect(fingerprint.sha256 == postData.sha256, "\(relative): _sha256 is not the body's digest")
            #expect(fingerprint.size == entry.request.bodySize, "\(relative): bodySize")
            body = .bytes(bytes)
        } else {
            #expect(entry.request.bodySize == 0, "\(relative): bodySize without postData")
        }
        return (HTTPRequest(
            method: HTTPMethod(rawValue: entry.request.method), url: url,
            headers: HTTPHeaders(entry.request.headers.map { ($0.name, $0.value) }), body: body), true)
    }

    static func body(of content: HAR.Content) throws -> Data {
        guard let text = content.text else { return Data() }
        if content.encoding == "base64" { return try #require(Data(base64Encoded: text)) }
        return Data(text.utf8)
    }
}
