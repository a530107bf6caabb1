import CADCore
import Foundation
import Logging
import MCP
import Synchronization

/// A transport in front of the MCP SDK's stdio transport that holds the line for the protocol:
///
/// - a line that is not JSON is answered with JSON-RPC's parse error (`-32700`, `id: null`), and a JSON
///   value that is not a JSON-RPC 2.0 message with `-32600` (invalid request), carrying its `id` when it
///   had a usable one; neither reaches the server, which keeps serving;
/// - every message sent is scanned for the keys this process knows and any occurrence is replaced with
///   `[redacted]` (the tools never put a key in a result; this is the last line of defence);
/// - the protocol version the client asked for in `initialize` is noted, so results carry structured
///   content only where the negotiated version defines it;
/// - when standard input closes, the requests already received are answered before the stream ends (for
///   at most `drainLimit`), so a client that writes its requests and closes its end still gets the answers.
public actor GuardedTransport: Transport {
    /// Where the transport would log (nowhere: standard output is the protocol's, standard error the user's).
    public nonisolated let logger = Logger(label: "cadctl.mcp", factory: { _ in SwiftLogNoOpLogHandler() })

    private let inner: any Transport
    private let secrets: [String]
    private let session: SessionFacts
    private var pump: Task<Void, Never>?
    private var inFlight: Set<String> = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private let drainLimit: Duration
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    /// Guards `inner`, redacting `secrets` from everything sent and noting facts in `session`.
    public init(_ inner: any Transport, secrets: [String], session: SessionFacts, drainLimit: Duration = .seconds(10)) {
        self.drainLimit = drainLimit
        self.inner = inner
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        self.session = session
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    /// Connects the inner transport and starts checking what it receives.
    public func connect() async throws {
        try await inner.connect()
        let incoming = await inner.receive()
        pump = Task { [weak self] in
            do {
                for try await line in incoming {
                    guard let self else { return }
                    await self.admit(line)
                }
                await self?.drain()
                self?.continuation.finish()
            } catch {
                self?.continuation.finish(throwing: error)
            }
        }
    }

    /// Disconnects the inner transport.
    public func disconnect() async {
        pump?.cancel()
        await inner.disconnect()
        continuation.finish()
    }

    /// Sends `data` with every known key replaced by `[redacted]`.
    public func send(_ data: Data) async throws {
        try await inner.send(redacted(data))
        let answered = JSONRPCCheck.responseIDs(data)
        guard !answered.isEmpty else { return }
        inFlight.subtract(answered)
        if inFlight.isEmpty {
            for waiter in idleWaiters { waiter.resume() }
            idleWaiters.removeAll()
        }
    }

    /// Waits until every request received has been answered, or `drainLimit` has passed.
    private func drain() async {
        guard !inFlight.isEmpty else { return }
        let limit = drainLimit
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.untilIdle() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
            self.releaseWaiters()
        }
    }

    private func untilIdle() async {
        guard !inFlight.isEmpty else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func releaseWaiters() {
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters.removeAll()
    }

    /// The checked messages.
    public nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { stream }

    /// Forwards a well-formed message; answers a malformed one with the protocol's error.
    private func admit(_ line: Data) async {
        switch JSONRPCCheck.check(line) {
        case .message(let requestIDs, let initializeVersion):
            if let initializeVersion { session.requestedProtocolVersion = initializeVersion }
            inFlight.formUnion(requestIDs)
            continuation.yield(line)
        case .reject(let answer):
            try? await inner.send(answer)
        }
    }

    private func redacted(_ data: Data) -> Data {
        guard !secrets.isEmpty else { return data }
        var text = String(decoding: data, as: UTF8.self)
        var changed = false
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
            changed = true
        }
        return changed ? Data(text.utf8) : data
    }
}

/// Facts about the session that the transport sees and the tools need.
public final class SessionFacts: Sendable {
    private let version = Mutex<String?>(nil)

    /// A session with nothing known yet.
    public init() {}

    /// The `protocolVersion` of the client's `initialize`, once seen.
    public var requestedProtocolVersion: String? {
        get { version.withLock { $0 } }
        set { version.withLock { $0 = newValue } }
    }

    /// Whether the session's protocol version defines `outputSchema` and `structuredContent`
    /// (2025-06-18 and later; versions are dates, so they compare as text). A version the server does not
    /// support is negotiated to the latest one, which does.
    public var allowsStructuredContent: Bool {
        guard let requested = requestedProtocolVersion, Version.supported.contains(requested) else { return true }
        return requested >= "2025-06-18"
    }
}

/// The check of one incoming line against JSON-RPC 2.0.
enum JSONRPCCheck {
    enum Outcome {
        /// A message to hand to the server: the ids of the requests in it (to be answered), and for
        /// `initialize` the protocol version the client asked for.
        case message(requestIDs: [String], initializeVersion: String?)
        /// An error response to send back instead.
        case reject(Data)
    }

    static func check(_ line: Data) -> Outcome {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            return .reject(errorResponse(id: .null, code: -32700, message: "Parse error: the message is not valid JSON"))
        }
        if let batch = value.arrayValue {
            // The SDK answers batches item by item; an item that is not an object is refused here.
            guard !batch.isEmpty, batch.allSatisfy(\.isObject) else {
                return .reject(errorResponse(
                    id: .null, code: -32600, message: "Invalid Request: a batch must be a non-empty array of objects"))
            }
            let ids = batch.compactMap { item in item["method"] == nil ? nil : key(usableID(item["id"])) }
            return .message(requestIDs: ids, initializeVersion: nil)
        }
        guard let object = value.objectValue else {
            return .reject(errorResponse(id: .null, code: -32600, message: "Invalid Request: a message must be a JSON object"))
        }
        let id = usableID(object["id"])
        guard object["jsonrpc"]?.stringValue == "2.0" else {
            return .reject(errorResponse(id: id, code: -32600, message: "Invalid Request: \"jsonrpc\" must be \"2.0\""))
        }
        if let method = object["method"] {
            guard let name = method.stringValue, !name.isEmpty else {
                return .reject(errorResponse(id: id, code: -32600, message: "Invalid Request: \"method\" must be a string"))
            }
            if let params = object["params"], !params.isObject, params.arrayValue == nil {
                return .reject(errorResponse(
                    id: id, code: -32600, message: "Invalid Request: \"params\" must be an object or an array"))
            }
            if let raw = object["id"], !raw.isNull, id == .null {
                return .reject(errorResponse(
                    id: .null, code: -32600, message: "Invalid Request: \"id\" must be a string or an integer"))
            }
            let version = name == "initialize" ? object["params"]?["protocolVersion"]?.stringValue : nil
            return .message(requestIDs: key(id).map { [$0] } ?? [], initializeVersion: version)
        }
        guard id != .null, object["result"] != nil || object["error"] != nil else {
            return .reject(errorResponse(
                id: id, code: -32600,
                message: "Invalid Request: neither a request (\"method\") nor a response (\"result\" or \"error\" with \"id\")"))
        }
        return .message(requestIDs: [], initializeVersion: nil)
    }

    /// The ids of the responses in an outgoing message (one response or a batch of them).
    static func responseIDs(_ data: Data) -> [String] {
        guard let value = try? JSONValue(parsing: data) else { return [] }
        let items = value.arrayValue ?? [value]
        return items.compactMap { item in
            guard item["method"] == nil, item["result"] != nil || item["error"] != nil else { return nil }
            return key(usableID(item["id"]))
        }
    }

    /// An id as a set key (`null` has none).
    private static func key(_ id: JSONValue) -> String? {
        id == .null ? nil : id.serialized()
    }

    /// A string or integer id, as JSON-RPC allows; `null` otherwise.
    private static func usableID(_ raw: JSONValue?) -> JSONValue {
        switch raw {
        case .string?: return raw ?? .null
        case .number(let number)? where number == number.rounded() && abs(number) < 9e15: return .number(number)
        default: return .null
        }
    }

    private static func errorResponse(id: JSONValue, code: Int, message: String) -> Data {
        let response: JSONValue = [
            "jsonrpc": "2.0", "id": id, "error": ["code": .number(Double(code)), "message": .string(message)],
        ]
        return Data(response.serialized().utf8)
    }
}
