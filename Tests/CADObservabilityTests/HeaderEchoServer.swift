import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An HTTP/1.1 server on 127.0.0.1 (SwiftNIO) that answers every request with a JSON object of the request's
/// headers (lowercased names). The first `rateLimitedFirst` requests get a 429 with `Retry-After: 0` instead.
final class HeaderEchoServer: Sendable {
    let port: Int
    private let channel: any Channel

    var baseURL: URL {
        get throws {
            guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw URLError(.badURL) }
            return url
        }
    }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(rateLimitedFirst: Int = 0) async throws -> HeaderEchoServer {
        let remaining = RemainingLimited(rateLimitedFirst)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(EchoHandler(remaining: remaining))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return HeaderEchoServer(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// How many requests are still to be answered 429, shared by every connection.
private final class RemainingLimited: Sendable {
    let count: Mutex<Int>
    init(_ count: Int) { self.count = Mutex(count) }
}

private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let remaining: RemainingLimited
    private var headers: [String: String] = [:]

    init(remaining: RemainingLimited) { self.remaining = remaining }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            headers = Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
        case .body:
            break
        case .end:
            let limited = remaining.count.withLock { count in
                guard count > 0 else { return false }
                count -= 1
                return true
            }
            let body = limited ? Data() : ((try? JSONSerialization.data(withJSONObject: headers)) ?? Data())
            var head = HTTPResponseHead(version: .http1_1, status: limited ? .tooManyRequests : .ok)
            head.headers.add(name: "Content-Length", value: "\(body.count)")
            head.headers.add(name: "Content-Type", value: "application/json")
            if limited { head.headers.add(name: "Retry-After", value: "0") }
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                              promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
