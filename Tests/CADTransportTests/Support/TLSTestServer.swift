import CADTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private certificate authority and a real TLS server for it, both made with the `openssl` command
/// (started with `ChildProcess`, not Foundation's `Process`):
/// a CA, a server certificate it signs for the names given, and `openssl s_server -www` on an ephemeral
/// loopback port, answering every GET with an HTTP 200 status page.
final class TLSTestServer: Sendable {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The CA's certificate (PEM): what `--cacert` / `caBundlePath` takes.
    let caPath: String
    let port: Int
    let directory: String
    private let server: ChildProcess.Running

    private init(caPath: String, port: Int, directory: String, server: ChildProcess.Running) {
        self.caPath = caPath
        self.port = port
        self.directory = directory
        self.server = server
    }

    var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Makes the CA and a certificate for `subjectAltNames` (`IP:127.0.0.1`, `DNS:localhost`), then starts
    /// the server and waits until it listens.
    static func start(subjectAltNames: [String]) async throws -> TLSTestServer {
        guard let openssl else { throw POSIXFailure(message: "the openssl command is missing (apt-get install openssl)") }
        let directory = makeTemporaryDirectory()
        func path(_ name: String) -> String { directory + "/" + name }
        try await TestCertificates.make(openssl: openssl, in: directory, subjectAltNames: subjectAltNames,
                                        name: "cadctl test")

        let server = try ChildProcess.start(openssl, [
            "s_server", "-accept", "127.0.0.1:0", "-cert", path("server.pem"), "-key", path("server.key"), "-www",
            "-naccept", "64",
        ])
        // s_server prints `ACCEPT 127.0.0.1:PORT` once it listens.
        let line = await server.line(containing: "ACCEPT")
        guard let line, let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            server.stop()
            throw POSIXFailure(message: "openssl s_server did not say which port it listens on: \(line ?? "(nothing)")")
        }
        return TLSTestServer(caPath: path("ca.pem"), port: port, directory: directory, server: server)
    }

    func stop() {
        server.stop()
        removeTree(directory)
    }
}
