import CADTransport
import Foundation
import Synchronization

/// Serves the exchanges of a cassette instead of the network.
///
/// Each request is matched against the recorded ones by `rules` (method, path, query and body by
/// default); the first unused match, in recorded order, answers it, so a recorded sequence of polls
/// replays in order. With `allowRepeats`, a request whose matches are all used gets the last of them
/// again. A request that matches nothing fails with `ReplayMismatchError`, which names the request and
/// the nearest recorded one and how they differ. Redirects are followed hop by hop with the same rules
/// as `CurlTransport`.
public final class ReplayTransport: SingleHopTransport {
    /// The cassette being served.
    public let cassette: Cassette
    /// Where it came from (for error messages).
    public let source: String
    /// Which parts of a request must equal a recorded one.
    public let rules: MatchRules
    /// Whether an exchange may be served more than once.
    public let allowRepeats: Bool
    private let scrubber: CassetteScrubber
    private let keys: [RequestKey]
    private let state: Mutex<State>

    private struct State {
        var used: Set<Int> = []
        var lastServed: [String: Int] = [:]
    }

    /// Serves `cassette`.
    /// - Parameters:
    ///   - cassette: the recorded exchanges.
    ///   - source: a name for the cassette in errors (its path).
    ///   - rules: how requests are matched against the recorded ones.
    ///   - allowRepeats: serve an exchange again when it was already used (otherwise each is served once,
    ///     in recorded order for repeated requests such as polls).
    ///   - scrubber: applied to incoming bodies and URLs before comparing, as the recorder applied it.
    public init(
        cassette: Cassette, source: String = "cassette", rules: MatchRules = .default, allowRepeats: Bool = false,
        scrubber: CassetteScrubber = CassetteScrubber()
    ) {
        self.cassette = cassette
        self.source = source
        self.rules = rules
        self.allowRepeats = allowRepeats
        self.scrubber = scrubber
        self.keys = cassette.entries.map(RequestKey.init(entry:))
        self.state = Mutex(State())
    }

    /// Serves the cassette at `path`.
    public convenience init(path: String, rules: MatchRules = .default, allowRepeats: Bool = false,
                            scrubber: CassetteScrubber = CassetteScrubber()) throws {
        self.init(cassette: try Cassette.load(from: path), source: path, rules: rules, allowRepeats: allowRepeats, scrubber: scrubber)
    }

    /// How many recorded exchanges have not been served yet.
    public var unusedCount: Int { state.withLock { cassette.entries.count - $0.used.count } }

    /// Answers `request` from the cassette, following recorded redirects as a live transport would;
    /// throws a `ReplayMismatchError` naming the nearest recorded request when none matches.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await RedirectFollower.send(request) { hop in try await sendSingleHop(hop) }
    }

    /// Answers one hop from the cassette without following a redirect.
    public func sendSingleHop(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let index = try match(request)
        return try respond(to: request, with: cassette.entries[index])
    }

    /// The index of the entry that answers `request`.
    func match(_ request: HTTPRequest) throws -> Int {
        let key = try RequestKey(request: request, scrubber: scrubber)
        let candidates = keys.indices.filter { keys[$0].differences(from: key, rules: rules).isEmpty }
        let signature = key.description
        let chosen: Int? = state.withLock { state in
            if let unused = candidates.first(where: { !state.used.contains($0) }) {
                state.used.insert(unused)
                state.lastServed[signature] = unused
                return unused
            }
            if allowRepeats, let last = state.lastServed[signature] ?? candidates.last { return last }
            return nil
        }
        if let chosen { return chosen }
        throw mismatch(for: key, exhausted: !candidates.isEmpty)
    }

    private func mismatch(for key: RequestKey, exhausted: Bool) -> ReplayMismatchError {
        let used = state.withLock { $0.used }
        if exhausted {
            return ReplayMismatchError(
                cassette: source, request: key.description, nearest: nil,
                differences: ["every recorded exchange that matches it has already been served (allowRepeats is off)"])
        }
        // Nearest: fewest differences, unused before used, earliest first.
        let ranked = keys.indices.map { index in (index, key.differences(from: keys[index], rules: rules)) }
            .sorted { left, right in
                if left.1.count != right.1.count { return left.1.count < right.1.count }
                let leftUsed = used.contains(left.0), rightUsed = used.contains(right.0)
                if leftUsed != rightUsed { return !leftUsed }
                return left.0 < right.0
            }
        guard let best = ranked.first else {
            return ReplayMismatchError(cassette: source, request: key.description, nearest: nil, differences: ["the cassette is empty"])
        }
        return ReplayMismatchError(
            cassette: source, request: key.description,
            nearest: "#\(best.0 + 1) \(keys[best.0].description)" + (used.contains(best.0) ? " (already served)" : ""),
            differences: best.1)
    }

    private func respond(to request: HTTPRequest, with entry: HAR.Entry) throws -> HTTPResponse {
        let recorded = entry.response
        if recorded.content.omitted == true {
            throw ReplayMismatchError(
                cassette: source, request: RequestKeyDescription.of(entry), nearest: nil,
                differences: ["its \(recorded.content.size)-byte response body was too large to record, so it cannot be replayed"])
        }
        let body: Data
        if recorded.content.encoding == "base64" {
            body = Data(base64Encoded: recorded.content.text ?? "") ?? Data()
        } else {
            body = Data((recorded.content.text ?? "").utf8)
        }
        let headers = HTTPHeaders(recorded.headers.map { ($0.name, $0.value) })
        let status = recorded.status
        let isFollowedRedirect = request.followRedirects && RedirectPolicy.redirectStatuses.contains(status)
        var inMemory = body
        switch request.destination {
        case .memory(let limit):
            if body.count > limit {
                throw TransportError(
                    kind: .bodyTooLarge, message: "the recorded response body is larger than the \(limit)-byte limit",
                    url: TransportError.displayURL(request.url), requestMayHaveBeenSent: true)
            }
        case .file(let path, let append):
            if status < 300 && !isFollowedRedirect {
                try write(body, to: path, append: append, url: request.url)
                inMemory = Data()
            }
        case .stream(let consumer):
            if status < 300 && !isFollowedRedirect {
                try body.withUnsafeBytes { try consumer.consume($0) }
                inMemory = Data()
            }
        }
        if isFollowedRedirect { inMemory = Data() }
        return HTTPResponse(status: status, headers: headers, body: inMemory, url: request.url, bodyBytesReceived: Int64(body.count))
    }

    private func write(_ body: Data, to path: String, append: Bool, url: URL) throws {
        let handle: FileHandle
        if append, let existing = FileHandle(forWritingAtPath: path) {
            handle = existing
            _ = try handle.seekToEnd()
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) , let created = FileHandle(forWritingAtPath: path) else {
                throw TransportError(kind: .fileError, message: "cannot write the response body to \(path)",
                                     url: TransportError.displayURL(url), requestMayHaveBeenSent: true)
            }
            handle = created
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: body)
    }
}

/// A request the cassette cannot answer.
public struct ReplayMismatchError: Error, Sendable, CustomStringConvertible {
    /// The cassette's path or name.
    public var cassette: String
    /// The request, as `METHOD /path?query (n-byte body)`.
    public var request: String
    /// The nearest recorded request, as `#N METHOD /path…`.
    public var nearest: String?
    /// How the nearest one differs (`path /api/v1/other`, `body, recorded as {…}`).
    public var differences: [String]

    public var description: String {
        var text = "replay: no recorded exchange in \(cassette) answers \(request)"
        if let nearest { text += "; nearest is \(nearest)" }
        if !differences.isEmpty { text += ", which differs in " + differences.joined(separator: "; ") }
        return text
    }
}

enum RequestKeyDescription {
    static func of(_ entry: HAR.Entry) -> String { RequestKey(entry: entry).description }
}
