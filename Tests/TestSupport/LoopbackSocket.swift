#if canImport(Glibc)
import Glibc
#endif

/// TCP sockets on 127.0.0.1 for tests that need a peer misbehaving below HTTP (never answering, never
/// accepting).
public enum LoopbackSocket {
    /// A socket could not be made, bound or connected; `call` names the system call.
    public struct Failure: Error, CustomStringConvertible {
        /// The system call that failed.
        public var call: String
        /// What `errno` said.
        public var reason: String
        /// `"CALL: REASON"`.
        public var description: String { "\(call): \(reason)" }
    }

    /// A socket listening on 127.0.0.1 at a free port, with an accept queue of `backlog`.
    public static func listen(backlog: Int32) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw failure("socket") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, Glibc.listen(descriptor, backlog) == 0 else {
            let error = failure("bind/listen")
            close(descriptor)
            throw error
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Starts a non-blocking connection to 127.0.0.1:`port` and returns its socket without waiting.
    public static func connectWithoutWaiting(to port: Int) throws -> Int32 {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard client >= 0 else { throw failure("socket") }
        var address = loopback(port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return client
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    private static func failure(_ call: String) -> Failure {
        Failure(call: call, reason: String(cString: strerror(errno)))
    }
}
