import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Carries out connection-level faults and counts accepted connections.
///
/// The dispatcher marks a response with the `x-sandbox-disposition` header (`close` or `truncate=N`);
/// this handler strips the marker and either swallows the response and closes the connection, or sends
/// the head (with its full `Content-Length`) and N body bytes and then closes.
/// Confined to its channel's event loop, as NIO handlers are.
final class FaultChannelHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The marker header name.
    static let markerName = "x-sandbox-disposition"

    private enum Mode {
        case passThrough
        case dropping
        case truncating(remaining: Int)
    }

    private let listener: SandboxInspector.Listener
    private let inspector: SandboxInspector
    private var mode = Mode.passThrough
    private var lastWrite: EventLoopFuture<Void>?

    init(listener: SandboxInspector.Listener, inspector: SandboxInspector) {
        self.listener = listener
        self.inspector = inspector
    }

    func handlerAdded(context: ChannelHandlerContext) {
        inspector.recordConnection(listener)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            guard let name = HeaderName(Self.markerName), let marker = head.headerFields[name] else {
                context.write(data, promise: promise)
                return
            }
            head.headerFields[name] = nil
            if marker.hasPrefix("truncate="), let bytes = Int(marker.dropFirst("truncate=".count)) {
                mode = .truncating(remaining: bytes)
                let future = context.write(wrapOutboundOut(.head(head)))
                lastWrite = future
                future.cascade(to: promise)
            } else {
                mode = .dropping
                promise?.succeed(())
            }
        case .body(var buffer):
            switch mode {
            case .passThrough:
                context.write(data, promise: promise)
            case .dropping:
                promise?.succeed(())
            case .truncating(let remaining):
                let keep = min(remaining, buffer.readableBytes)
                mode = .truncating(remaining: remaining - keep)
                if keep > 0, let slice = buffer.readSlice(length: keep) {
                    let future = context.write(wrapOutboundOut(.body(slice)))
                    lastWrite = future
                }
                promise?.succeed(())
            }
        case .end:
            switch mode {
            case .passThrough:
                context.write(data, promise: promise)
            case .dropping, .truncating:
                mode = .passThrough
                promise?.succeed(())
                context.flush()
                let channel = context.channel
                if let lastWrite {
                    lastWrite.whenComplete { _ in channel.close(promise: nil) }
                } else {
                    channel.close(promise: nil)
                }
                lastWrite = nil
            }
        }
    }
}
