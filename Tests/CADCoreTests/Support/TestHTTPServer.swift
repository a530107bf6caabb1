import CADCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A request as the test server saw it.
struct SeenRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the test server does with one request.
enum Reply: Sendable {
    /// A complete response (Content-Length added unless given).
    case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
    /// Headers announcing `announced` bytes (and `headers`), then `body`, then the connection closes.
    case truncated(status: Int, headers: [(String, String)] = [], announced: Int, body: [UInt8])
    /// A TCP reset at once, nothing sent.
    case reset
    /// Headers and part of a body, then nothing more, ever (until the client goes away).
    case stall(status: Int, announced: Int, body: [UInt8])
}

/// An HTTP/1.1 server on 127.0.0.1 in the test process (SwiftNIO), scripted per request.
final class TestHTTPServer: Sendable {
    typealias Script = @Sendable (SeenRequest) -> Reply

    let port: Int
    private let channel: any Channel
    private let seen = Mutex<[SeenRequest]>([])

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var requests: [SeenRequest] { seen.withLock { $0 } }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(_ script: @escaping Script) async throws -> TestHTTPServer {
        let box = Mutex<TestHTTPServer?>(nil)
        let recorder: @Sendable (SeenRequest) -> Void = { request in
            box.withLock { $0?.seen.withLock { $0.append(request) } }
        }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(Handler(script: script, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = TestHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel)
        box.withLock { $0 = server }
        return server
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    func stop() async {
        try? await channel.close()
    }
}

private final class Handler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let script: TestHTTPServer.Script
    private let recorder: @Sendable (SeenRequest) -> Void
    private var current: SeenRequest?

    init(script: @escaping TestHTTPServer.Script, recorder: @escaping @Sendable (SeenRequest) -> Void) {
        self.script = script
        self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            current = SeenRequest(method: head.method.rawValue, uri: head.uri,
                                  headers: head.headers.map { ($0.name, $0.value) }, body: [])
        case .body(let buffer):
            current?.body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let request = current else { return }
            current = nil
            recorder(request)
            perform(script(request), context: context)
        }
    }

    private func head(_ status: Int, _ headers: [(String, String)], length: Int) -> HTTPResponseHead {
        var head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if !head.headers.contains(name: "Content-Length") {
            head.headers.add(name: "Content-Length", value: "\(length)")
        }
        return head
    }

    private func perform(_ reply: Reply, context: ChannelHandlerContext) {
        switch reply {
        case .respond(let status, let headers, let body):
            context.write(wrapOutboundOut(.head(head(status, headers, length: body.count))), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                              promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .truncated(let status, let headers, let announced, let body):
            context.write(wrapOutboundOut(.head(head(status, headers, length: announced))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .reset:
            guard let sockets = context.channel as? any SocketOptionProvider else {
                context.close(promise: nil)
                return
            }
            sockets.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .stall(let status, let announced, let body):
            context.write(wrapOutboundOut(.head(head(status, [], length: announced))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                                  promise: nil)
        }
    }
}
