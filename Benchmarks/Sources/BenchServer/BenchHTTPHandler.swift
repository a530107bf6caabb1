import NIOCore
import NIOHTTP1

/// One connection's requests, answered in order (HTTP/1.1 keep-alive, no pipelining needed by the clients).
final class BenchHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The JSON document of /small and /slow: about the size of a job status.
    static let smallBody: String = #"{"id":"job_01HZX3B9Q4","status":"running","progress":0.42,"#
        + #""created_at":"2026-11-24T05:00:00Z","updated_at":"2026-11-24T05:00:07Z","#
        + #""artifacts":[],"next_poll_after_ms":2000}"#

    /// One chunk of /big, written again and again (a ByteBuffer shares its storage: no copy per write).
    static let chunkSize = 256 << 10

    private var head: HTTPRequestHead?
    private var uploaded: Int64 = 0
    private var keepAlive = true
    /// The remaining bytes of a /big response while it streams.
    private var bigRemaining: Int64 = 0
    private var bigChunk: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            uploaded = 0
            keepAlive = requestHead.isKeepAlive
            if requestHead.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: requestHead.version, status: .continue))),
                                      promise: nil)
            }
        case .body(let buffer):
            uploaded += Int64(buffer.readableBytes)
        case .end:
            guard let requestHead = head else { return }
            head = nil
            respond(to: requestHead, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let (path, query) = split(request.uri)
        switch path {
        case "/small":
            sendSmall(context: context)
        case "/slow":
            let ms = Int64(query["ms"] ?? "") ?? 200
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(ms)) {
                let (handler, context) = loopBound.value
                handler.sendSmall(context: context)
            }
        case "/big":
            startBig(bytes: Int64(query["bytes"] ?? "") ?? (1 << 30), context: context)
        case "/upload":
            sendJSON(#"{"received":\#(uploaded)}"#, context: context)
        default:
            sendJSON(#"{"error":"not found"}"#, status: .notFound, context: context)
        }
    }

    private func sendSmall(context: ChannelHandlerContext) {
        sendJSON(Self.smallBody, context: context)
    }

    private func sendJSON(_ json: String, status: HTTPResponseStatus = .ok, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(json.utf8.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: json)))), promise: nil)
        finish(context: context)
    }

    private func finish(context: ChannelHandlerContext) {
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func startBig(bytes: Int64, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/octet-stream")
        headers.add(name: "Content-Length", value: String(bytes))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                      promise: nil)
        if bigChunk == nil {
            var chunk = context.channel.allocator.buffer(capacity: Self.chunkSize)
            for index in 0..<Self.chunkSize { chunk.writeInteger(UInt8(truncatingIfNeeded: index &* 31 &+ 7)) }
            bigChunk = chunk
        }
        bigRemaining = bytes
        writeBig(context: context)
    }

    /// Writes chunks while the channel is writable; `channelWritabilityChanged` resumes it. Never recurses.
    private func writeBig(context: ChannelHandlerContext) {
        guard bigRemaining > 0, let chunk = bigChunk else { return }
        while bigRemaining > 0 && context.channel.isWritable {
            let size = Int(min(Int64(chunk.readableBytes), bigRemaining))
            let slice = chunk.getSlice(at: chunk.readerIndex, length: size) ?? chunk
            bigRemaining -= Int64(size)
            context.write(wrapOutboundOut(.body(.byteBuffer(slice))), promise: nil)
        }
        if bigRemaining == 0 {
            finish(context: context)
        } else {
            context.flush()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { writeBig(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func split(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { query[String(parts[0])] = String(parts[1]) }
        }
        return (String(uri[..<mark]), query)
    }
}
