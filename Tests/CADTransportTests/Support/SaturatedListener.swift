import CADTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP listener with a backlog of zero whose queue is filled and never accepted, so a new
/// connection attempt hangs in the SYN stage: a connect timeout without leaving the machine.
final class SaturatedListener {
    let port: Int
    private var descriptors: [Int32] = []

    init() throws {
        let (listener, port) = try LoopbackSocket.listen(backlog: 0)
        descriptors.append(listener)
        self.port = port
        // Fill the accept queue (backlog 0 admits one) with connections nobody accepts.
        for _ in 0..<3 { descriptors.append(try LoopbackSocket.connectWithoutWaiting(to: port)) }
    }

    func close() {
        for descriptor in descriptors { _ = Glibc.close(descriptor) }
        descriptors.removeAll()
    }
}
