import CADCore
import CADTransport
import Foundation

/// Which parts of a request must equal a recorded one for a replay to serve it.
public struct MatchRules: OptionSet, Sendable, Hashable {
    /// The rules as bits.
    public let rawValue: Int
    /// The rules whose bits are set in `rawValue`.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The method.
    public static let method = MatchRules(rawValue: 1 << 0)
    /// Scheme, host and port. Off by default, so a cassette replays against any base URL.
    public static let host = MatchRules(rawValue: 1 << 1)
    /// The path, as sent (percent-encoded).
    public static let path = MatchRules(rawValue: 1 << 2)
    /// Query parameters, in any order (signed-URL parameters compare as masked).
    public static let query = MatchRules(rawValue: 1 << 3)
    /// The body: equal JSON documents (key order and spacing ignored), else equal SHA-256 digests.
    public static let body = MatchRules(rawValue: 1 << 4)

    /// Method, path, query and body.
    public static let `default`: MatchRules = [.method, .path, .query, .body]
}

/// A request reduced to what matching compares, computed once per request.
struct RequestKey: CustomStringConvertible {
    var method: String
    var origin: String
    var path: String
    var query: [String]
    var bodyDigest: String?
    var bodyText: String?
    var bodySize: Int

    init(request: HTTPRequest, scrubber: CassetteScrubber) throws {
        method = request.method.rawValue
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        origin = Self.origin(components)
        path = components?.percentEncodedPath ?? request.url.path
        query = Self.query(components, scrubber: scrubber)
        if request.body.isEmpty {
            bodyDigest = nil
            bodyText = nil
            bodySize = 0
        } else {
            let fingerprint = try BodyFingerprint.of(request.body, contentType: request.headers["Content-Type"])
            bodyDigest = fingerprint.sha256
            bodyText = fingerprint.text.map(scrubber.text)
            bodySize = fingerprint.size
        }
    }

    init(entry: HAR.Entry) {
        method = entry.request.method.uppercased()
        let components = URLComponents(string: entry.request.url)
        origin = Self.origin(components)
        path = components?.percentEncodedPath ?? entry.request.url
        query = Self.query(components, scrubber: nil)
        if let postData = entry.request.postData {
            bodyDigest = postData.sha256.isEmpty ? nil : postData.sha256
            bodyText = postData.omitted == true ? nil : postData.text
            bodySize = entry.request.bodySize
        } else {
            bodyDigest = nil
            bodyText = nil
            bodySize = 0
        }
    }

    var description: String {
        var text = "\(method) \(path)"
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        if bodySize > 0 || bodyText != nil { text += " (\(bodySize)-byte body)" }
        return text
    }

    /// The parts of `self` that differ from `other` under `rules`.
    func differences(from other: RequestKey, rules: MatchRules) -> [String] {
        var found: [String] = []
        if rules.contains(.method), method != other.method { found.append("method \(other.method)") }
        if rules.contains(.host), origin != other.origin { found.append("host \(other.origin)") }
        if rules.contains(.path), path != other.path { found.append("path \(other.path)") }
        if rules.contains(.query), query != other.query {
            found.append("query " + (other.query.isEmpty ? "(none)" : other.query.joined(separator: "&")))
        }
        if rules.contains(.body), !sameBody(as: other) {
            let recorded = other.bodyText.map { Self.excerpt($0) } ?? other.bodyDigest.map { "sha256 \($0.prefix(12))…" } ?? "(none)"
            found.append("body, recorded as \(recorded)")
        }
        return found
    }

    private func sameBody(as other: RequestKey) -> Bool {
        if bodyDigest == nil && other.bodyDigest == nil && bodyText == nil && other.bodyText == nil { return true }
        if let mine = bodyText, let theirs = other.bodyText, let left = Self.json(mine), let right = Self.json(theirs) {
            return left == right
        }
        if let mine = bodyText, let theirs = other.bodyText, mine == theirs { return true }
        return bodyDigest != nil && bodyDigest == other.bodyDigest
    }

    private static func json(_ text: String) -> NSObject? {
        guard let data = text.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return nil }
        return value as? NSObject
    }

    private static func excerpt(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    private static func origin(_ components: URLComponents?) -> String {
        guard let components else { return "" }
        let scheme = components.scheme?.lowercased() ?? ""
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(components.host?.lowercased() ?? ""):\(port)"
    }

    private static func query(_ components: URLComponents?, scrubber: CassetteScrubber?) -> [String] {
        (components?.queryItems ?? []).map { item in
            let value = item.value ?? ""
            let kept: String
            if Redactor.sensitiveQueryParameters.contains(item.name.lowercased()) {
                kept = Redactor.mask
            } else {
                kept = scrubber.map { $0.text(value) } ?? value
            }
            return "\(item.name)=\(kept)"
        }.sorted()
    }
}
