import CADCore
import Synchronization

/// An in-test `HTTPTransport` that replays a fixed list of outcomes and records every request, for the pure
/// retry and decision logic of `APIClientCore`. Anything that touches the wire is tested through the real
/// `CurlTransport` against `TestHTTPServer` instead.
final class ScriptedTransport: HTTPTransport {
    enum Outcome: Sendable {
        case response(status: Int, headers: HTTPHeaders = [:], body: String = "")
        case failure(TransportError)
    }

    private let state: Mutex<(outcomes: [Outcome], requests: [HTTPRequest])>

    init(_ outcomes: [Outcome]) {
        state = Mutex((outcomes, []))
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let outcome = state.withLock { state -> Outcome? in
            state.requests.append(request)
            return state.outcomes.isEmpty ? nil : state.outcomes.removeFirst()
        }
        switch outcome {
        case .response(let status, let headers, let body):
            return HTTPResponse(status: status, headers: headers, body: Data(body.utf8), url: request.url)
        case .failure(let error):
            throw error
        case nil:
            throw TransportError(kind: .other, message: "script exhausted", url: request.url.absoluteString,
                                 requestMayHaveBeenSent: false)
        }
    }
}

extension TransportError {
    static func test(_ kind: Kind, sent: Bool) -> TransportError {
        TransportError(kind: kind, message: "test \(kind.rawValue)", url: "https://api.example.com/x",
                       requestMayHaveBeenSent: sent)
    }
}

/// Collects values handed to `@Sendable` callbacks.
final class Collector<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}

/// A deterministic pseudo-random generator (SplitMix64) for fuzz tests: failures reproduce from the seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
