import CADTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx, started by a test as the current user: a private CA and a server certificate made with
/// `openssl` for the test, TLS 1.3 with HTTP/2 (ALPN) on a free loopback port, everything in a temporary
/// directory removed by `stop()`.
///
/// - `/small`: a small JSON document;
/// - `/slow`: 12 KiB sent at 8 KiB/s (nginx lets the first second's worth go at once: one to two seconds),
///   so concurrent requests overlap;
/// - `/reset`: `return 444`, which nginx answers on HTTP/2 with RST_STREAM for that stream alone.
///
/// The access log has, per request, nginx's connection serial number (`$connection`), the protocol, the
/// status, and the request's start and end (`$msec - $request_time`), so a test can prove which requests
/// shared a connection and that they were in flight at the same time.
final class NginxTestServer: Sendable {
    static let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let isAvailable = nginx != nil && TLSTestServer.openssl != nil

    /// One request as nginx logged it.
    struct LoggedRequest: Sendable {
        var connection: Int
        var path: String
        var status: Int
        var httpProtocol: String
        /// Seconds since the epoch.
        var start: Double
        var end: Double
        /// Body bytes nginx sent.
        var bodyBytes: Int
    }

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

    static func start() async throws -> NginxTestServer {
        guard let nginx, let openssl = TLSTestServer.openssl else {
            throw POSIXFailure(message: "nginx or openssl is missing (make setup installs both)")
        }
        let directory = makeTemporaryDirectory()
        // Started as root, nginx runs its worker as `nobody`, which must be able to read what it serves.
        chmod(directory, 0o755)
        func path(_ name: String) -> String { directory + "/" + name }
        try await TestCertificates.make(openssl: openssl, in: directory,
                                        subjectAltNames: ["IP:127.0.0.1", "DNS:localhost"], name: "cadctl nginx test")
        try FileManager.default.createDirectory(atPath: path("www"), withIntermediateDirectories: true)
        try #"{"status":"running"}"#.write(toFile: path("www/small"), atomically: true, encoding: .utf8)
        try Data(repeating: UInt8(ascii: "x"), count: 12 << 10).write(to: URL(fileURLWithPath: path("www/slow")))

        let port = try freeLoopbackPort()
        try configuration(directory: directory, port: port).write(toFile: path("nginx.conf"), atomically: true, encoding: .utf8)
        // Notices go to stdout: nginx says "start worker process" once its listening socket is open.
        let server = try ChildProcess.start(nginx, ["-p", directory, "-c", path("nginx.conf"), "-e", "/dev/stdout"])
        guard await server.line(containing: "start worker process") != nil else {
            server.stop()
            let errors = (try? String(contentsOfFile: path("error.log"), encoding: .utf8)) ?? ""
            removeTree(directory)
            throw POSIXFailure(message: "nginx did not start: \(errors)")
        }
        return NginxTestServer(caPath: path("ca.pem"), port: port, directory: directory, server: server)
    }

    func stop() {
        server.stop()
        removeTree(directory)
    }

    /// The log once it holds at least `count` requests: nginx writes a request's line when it finalises the
    /// request, which can come just after the client has the last byte. Gives up after five seconds.
    func loggedRequests(atLeast count: Int) async throws -> [LoggedRequest] {
        let deadline = ContinuousClock.now + .seconds(5)
        var logged = loggedRequests()
        while logged.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            logged = loggedRequests()
        }
        return logged
    }

    /// Every request logged so far (nginx writes a line when a request ends).
    func loggedRequests() -> [LoggedRequest] {
        let text = (try? String(contentsOfFile: directory + "/access.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 7, let connection = Int(fields[0]), let status = Int(fields[3]),
                  let end = Double(fields[4]), let duration = Double(fields[5]), let bytes = Int(fields[6]) else { return nil }
            return LoggedRequest(connection: connection, path: String(fields[1]), status: status,
                                 httpProtocol: String(fields[2]), start: end - duration, end: end, bodyBytes: bytes)
        }
    }

    private static func configuration(directory: String, port: Int) -> String {
        """
        worker_processes 1;
        daemon off;
        pid \(directory)/nginx.pid;
        error_log /dev/stdout notice;
        events { worker_connections 512; }
        http {
            client_body_temp_path \(directory)/client_body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            http2_max_concurrent_streams 512;
            log_format requests '$connection $uri $server_protocol $status $msec $request_time $body_bytes_sent';
            access_log \(directory)/access.log requests;
            server {
                listen 127.0.0.1:\(port) ssl http2;
                ssl_protocols TLSv1.3;
                ssl_certificate \(directory)/server.pem;
                ssl_certificate_key \(directory)/server.key;
                root \(directory)/www;
                location = /small { default_type application/json; }
                location = /slow { default_type application/octet-stream; limit_rate 8k; }
                location = /reset { return 444; }
            }
        }

        """
    }
}

/// A loopback TCP port nothing listens on right now (bound to port 0, read back, closed).
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXFailure(message: "socket") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    guard bound else { throw POSIXFailure(message: "bind to a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
