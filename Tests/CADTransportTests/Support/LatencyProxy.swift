import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP relay to `127.0.0.1:upstreamPort` that holds every chunk travelling from the server to
/// the client for `latency` before passing it on: a distant server's round trip, on loopback. The client
/// side sees each TLS flight and HTTP/2 frame late, as over a real network (nginx's SETTINGS frame one
/// round trip after the handshake, not microseconds). One thread per direction per connection.
final class LatencyProxy: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let latency: Duration

    init(upstreamPort: Int, latency: Duration) throws {
        self.upstreamPort = upstreamPort
        self.latency = latency
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXFailure(message: "socket") }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1024) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw POSIXFailure(message: "bind/listen")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting; relayed connections end when either side closes.
    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else {
                close(client)
                close(upstream)
                continue
            }
            let latency = self.latency
            let pair = SocketPair(client, upstream)
            Thread { Self.pump(from: client, to: upstream, delay: nil); pair.finishOne() }.start()
            Thread { Self.pump(from: upstream, to: client, delay: latency); pair.finishOne() }.start()
        }
    }

    private static func pump(from source: Int32, to target: Int32, delay: Duration?) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = read(source, &buffer, buffer.count)
            if count <= 0 { break }
            if let delay {
                let (seconds, attoseconds) = delay.components
                usleep(useconds_t(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(target, $0.baseAddress! + offset, count - offset) }
                if written <= 0 { break }
                offset += written
            }
            if offset < count { break }
        }
        shutdown(target, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }
}

/// The two sockets of a relayed connection, closed when both directions have ended.
private final class SocketPair: @unchecked Sendable {
    private let descriptors: (Int32, Int32)
    private let lock = NSLock()
    private var running = 2

    init(_ first: Int32, _ second: Int32) { descriptors = (first, second) }

    func finishOne() {
        lock.lock()
        running -= 1
        let last = running == 0
        lock.unlock()
        if last {
            close(descriptors.0)
            close(descriptors.1)
        }
    }
}
