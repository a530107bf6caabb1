import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A request as the loopback server saw it. The body is counted and checksummed as it streams in; only
/// its first 1 MiB is kept, so uploads of any size cost the server no memory.
struct ReceivedRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var bodyByteCount: Int
    /// Whether every body byte so far equals `PatternBytes` at its offset.
    var bodyMatchesPattern: Bool
    var bodyPrefix: [UInt8]
    var connectionNumber: Int

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the loopback server does with a request.
indirect enum ScriptedResponse: Sendable {
    /// A complete response.
    case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
    /// `length` bytes of `PatternBytes` streamed with backpressure, with a Content-Length.
    case pattern(length: Int)
    /// Headers announcing `announced` bytes, then `body`, then the connection closes.
    case truncated(announced: Int, body: [UInt8])
    /// Closes the connection at once with a TCP reset, sending nothing.
    case reset
    /// Headers, then `chunkSize` bytes every `interval`, forever (until the client goes).
    case trickle(chunkSize: Int, interval: Duration)
    /// Waits, then does `then`.
    case delayed(Duration, then: ScriptedResponse)
}

/// A byte pattern whose every 64,256-byte block is identical (offset % 251), so huge bodies are produced
/// and checked by block copies rather than byte loops.
enum PatternBytes {
    static let blockSize = 251 * 256
    static let block: [UInt8] = (0..<blockSize).map { UInt8($0 % 251) }

    /// Whether `bytes` equal the pattern starting at stream offset `offset` (block compares, no byte loop).
    static func matches(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var consumed = 0
        return block.withUnsafeBytes { reference in
            while consumed < bytes.count {
                let phase = (offset + consumed) % blockSize
                let count = min(blockSize - phase, bytes.count - consumed)
                if memcmp(bytes.baseAddress! + consumed, reference.baseAddress! + phase, count) != 0 { return false }
                consumed += count
            }
            return true
        }
    }
}

/// An HTTP/1.1 server on 127.0.0.1 inside the test process (SwiftNIO), scripted per request, counting
/// the connections it accepts and closes.
final class LoopbackServer: Sendable {
    typealias Script = @Sendable (ReceivedRequest) -> ScriptedResponse

    let port: Int
    private let channel: any Channel
    private let state: Mutex<State>

    private struct State {
        var connectionsOpened = 0
        var connectionsClosed = 0
        var requests: [ReceivedRequest] = []
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var connectionsOpened: Int { state.withLock { $0.connectionsOpened } }
    var connectionsClosed: Int { state.withLock { $0.connectionsClosed } }
    var requests: [ReceivedRequest] { state.withLock { $0.requests } }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
        self.state = Mutex(State())
    }

    static func start(_ script: @escaping Script) async throws -> LoopbackServer {
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(box: box, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = LoopbackServer(port: channel.localAddress?.port ?? 0, channel: channel)
        box.server.withLock { $0 = server }
        return server
    }

    func stop() async {
        try? await channel.close()
    }

    fileprivate func opened() -> Int {
        state.withLock { state in
            state.connectionsOpened += 1
            return state.connectionsOpened
        }
    }

    fileprivate func closed() { state.withLock { $0.connectionsClosed += 1 } }
    fileprivate func record(_ request: ReceivedRequest) { state.withLock { $0.requests.append(request) } }
}

/// Lets handlers reach the server object created after the bootstrap.
private final class ServerBox: Sendable {
    let server = Mutex<LoopbackServer?>(nil)
}

private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let box: ServerBox
    private let script: LoopbackServer.Script
    private var current: ReceivedRequest?
    private var connectionNumber = 0

    init(box: ServerBox, script: @escaping LoopbackServer.Script) {
        self.box = box
        self.script = script
    }

    func channelActive(context: ChannelHandlerContext) {
        connectionNumber = box.server.withLock { $0?.opened() } ?? 0
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        box.server.withLock { $0?.closed() }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            current = ReceivedRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                bodyByteCount: 0, bodyMatchesPattern: true, bodyPrefix: [], connectionNumber: connectionNumber)
        case .body(let buffer):
            guard var request = current else { return }
            buffer.withUnsafeReadableBytes { bytes in
                if request.bodyMatchesPattern {
                    request.bodyMatchesPattern = PatternBytes.matches(bytes, at: request.bodyByteCount)
                }
                if request.bodyPrefix.count < 1 << 20 {
                    request.bodyPrefix.append(contentsOf: bytes.prefix((1 << 20) - request.bodyPrefix.count))
                }
            }
            request.bodyByteCount += buffer.readableBytes
            current = request
        case .end:
            guard let request = current else { return }
            current = nil
            box.server.withLock { $0?.record(request) }
            perform(script(request), context: context)
        }
    }

    private func perform(_ response: ScriptedResponse, context: ChannelHandlerContext) {
        switch response {
        case .respond(let status, let headers, let body):
            var head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status))
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            if !head.headers.contains(name: "Content-Length") {
                head.headers.add(name: "Content-Length", value: "\(body.count)")
            }
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .pattern(let length):
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "Content-Length", value: "\(length)")
            head.headers.add(name: "Content-Type", value: "application/octet-stream")
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            writePattern(remaining: length, context: context)
        case .truncated(let announced, let body):
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "Content-Length", value: "\(announced)")
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .reset:
            guard let sockets = context.channel as? any SocketOptionProvider else {
                context.close(promise: nil)
                return
            }
            sockets.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .trickle(let chunkSize, let interval):
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "Content-Type", value: "application/octet-stream")
            context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
            trickle(chunkSize: chunkSize, interval: interval, context: context)
        case .delayed(let delay, let then):
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(delay.nanoseconds)) {
                self.perform(then, context: context)
            }
        }
    }

    private func writePattern(remaining: Int, context: ChannelHandlerContext) {
        guard remaining > 0 else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let count = min(remaining, PatternBytes.blockSize)
        let buffer = context.channel.allocator.buffer(bytes: PatternBytes.block[0..<count])
        // Next chunk once this one is in the socket, on a later loop tick: a write that completes at once
        // must not recurse (8,000 nested calls would overflow the stack).
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).assumeIsolated().whenSuccess {
            context.eventLoop.assumeIsolated().execute {
                self.writePattern(remaining: remaining - count, context: context)
            }
        }
    }

    private func trickle(chunkSize: Int, interval: Duration, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let buffer = context.channel.allocator.buffer(repeating: 0x41, count: chunkSize)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(interval.nanoseconds)) {
            self.trickle(chunkSize: chunkSize, interval: interval, context: context)
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
