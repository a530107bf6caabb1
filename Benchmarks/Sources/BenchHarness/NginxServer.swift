import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx as the TLS server of the TLS/HTTP/2 workloads, run as the current user from a temporary
/// directory: its configuration, a per-run CA and a server certificate it signs (made with `openssl`), the
/// files it serves, its logs.
///
/// - `h2Port`: TLS 1.3 with ALPN `h2` and `http/1.1` (clients that can speak HTTP/2 do);
/// - `h1Port`: TLS 1.3, HTTP/1.1 only;
/// - both serve `/small` (the bench server's JSON document, as a static file), `/big` (a file of
///   `bigFileBytes`); everything else is proxied to the upstream: `/slow?ms=` to the bench server (which
///   answers later without blocking), `/upload` (a PUT streamed to it and discarded), or the sandbox's API.
///
/// The access log records nginx's connection serial number and whether the TLS session was resumed for
/// every request, so a run's TLS handshakes and resumptions are counted from the server side.
final class NginxServer {
    let directory: String
    let caPath: String
    let h2Port: Int
    let h1Port: Int
    private let accessLog: String
    private let server: BackgroundServer

    /// Handshakes seen in the access log since an offset: distinct connections, and how many of them
    /// resumed a TLS session.
    struct Handshakes: Sendable {
        var connections: Int
        var resumed: Int
    }

    static var executable: String? {
        ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(upstreamPort: String, smallBody: String, bigFileBytes: Int64, scratch: URL) throws {
        guard let nginx = Self.executable else { throw ClientRunner.Failure.run("nginx is not installed (apt-get install nginx)") }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let directory = scratch.appendingPathComponent("nginx-\(getpid())-\(Int(monotonicSeconds() * 1000))").path
        self.directory = directory
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory + "/www", withIntermediateDirectories: true)
        func path(_ name: String) -> String { directory + "/" + name }
        caPath = path("ca.pem")
        accessLog = path("access.log")

        try Self.makeCertificates(in: directory)
        try smallBody.write(toFile: path("www/small"), atomically: true, encoding: .utf8)
        try PseudoRandomFile.write(at: path("www/big"), bytes: bigFileBytes)

        let h2Port = try freePort()
        let h1Port = try freePort()
        self.h2Port = h2Port
        self.h1Port = h1Port
        let configuration = Self.configuration(directory: directory, h2Port: h2Port, h1Port: h1Port, upstreamPort: upstreamPort)
        try configuration.write(toFile: path("nginx.conf"), atomically: true, encoding: .utf8)

        // nginx prints nothing when it is ready: the shell says it started, then the ports are polled.
        server = try BackgroundServer(
            executable: "/bin/sh",
            arguments: ["-c", "echo started; exec \"$0\" -p \"$1\" -c \"$1/nginx.conf\" -e \"$1/error.log\"", nginx, directory],
            stderrPath: path("stderr.log")) { $0 == "started" }
        guard waitUntilListening(h2Port), waitUntilListening(h1Port) else {
            server.stop()
            let errors = (try? String(contentsOfFile: path("error.log"), encoding: .utf8)) ?? ""
            throw ClientRunner.Failure.run("nginx did not listen on \(h2Port)/\(h1Port): \(errors.suffix(600))")
        }
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var h2BaseURL: String { "https://127.0.0.1:\(h2Port)" }
    var h1BaseURL: String { "https://127.0.0.1:\(h1Port)" }

    /// The access log's current size, to count the handshakes of what runs next.
    func logOffset() -> Int { Int(fileSize(accessLog) ?? 0) }

    /// Requests logged after `offset`.
    func loggedRequests(since offset: Int) -> Int {
        guard let handle = FileHandle(forReadingAtPath: accessLog) else { return 0 }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        return handle.readDataToEndOfFile().reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Connections (and resumed TLS sessions) of the requests logged after `offset`. nginx writes the log
    /// line when a request ends, so this is complete once the client has its responses.
    func handshakes(since offset: Int) -> Handshakes {
        guard let handle = FileHandle(forReadingAtPath: accessLog) else { return Handshakes(connections: 0, resumed: 0) }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var resumedByConnection: [Substring: Bool] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            resumedByConnection[fields[0]] = fields[1] == "r"
        }
        return Handshakes(connections: resumedByConnection.count, resumed: resumedByConnection.values.filter { $0 }.count)
    }

    private static func configuration(directory: String, h2Port: Int, h1Port: Int, upstreamPort: String) -> String {
        """
        worker_processes 1;
        pid \(directory)/nginx.pid;
        daemon off;
        error_log \(directory)/error.log warn;
        worker_rlimit_nofile 16384;
        events { worker_connections 8192; }
        http {
            default_type application/octet-stream;
            client_body_temp_path \(directory)/client_body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            log_format handshakes '$connection $ssl_session_reused $request_uri $status';
            access_log \(directory)/access.log handshakes buffer=256k flush=100ms;
            sendfile on;
            keepalive_requests 100000;
            keepalive_timeout 120s;
            # One HTTP/2 connection carries the whole concurrent workload (nginx's default is 128 streams).
            http2_max_concurrent_streams 1024;
            ssl_protocols TLSv1.3;
            ssl_certificate \(directory)/server.pem;
            ssl_certificate_key \(directory)/server.key;
            ssl_session_cache shared:bench:10m;
            ssl_session_tickets on;
            upstream bench {
                server 127.0.0.1:\(upstreamPort);
                keepalive 1024;
            }
            server {
                listen 127.0.0.1:\(h2Port) ssl http2 backlog=4096;
                listen 127.0.0.1:\(h1Port) ssl backlog=4096;
                root \(directory)/www;
                location = /small { default_type application/json; }
                location = /big { }
                location = /slow {
                    proxy_pass http://bench;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
                location / {
                    proxy_pass http://bench;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
                location = /upload {
                    client_max_body_size 0;
                    proxy_request_buffering off;
                    proxy_pass http://bench;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        }

        """
    }

    private static func makeCertificates(in directory: String) throws {
        func path(_ name: String) -> String { directory + "/" + name }
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ecKey + ["-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2",
                                                "-subj", "/CN=cadctl bench CA"])
        try openssl(["req"] + ecKey + ["-keyout", path("server.key"), "-out", path("server.csr"),
                                       "-subj", "/CN=cadctl bench server"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            .write(toFile: path("ext.cnf"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                     "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("ext.cnf")])
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try runMeasured(["/usr/bin/openssl"] + arguments)
        guard result.exitStatus == 0 else {
            throw ClientRunner.Failure.run("openssl \(arguments.first ?? "") exited \(result.exitStatus): \(result.stderr)")
        }
    }

}

/// A TCP port on 127.0.0.1 that nothing listens on right now (bound to port 0, read, closed).
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ClientRunner.Failure.run("socket: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw ClientRunner.Failure.run("bind: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port` within five seconds.
func waitUntilListening(_ port: Int) -> Bool {
    let deadline = monotonicSeconds() + 5
    while monotonicSeconds() < deadline {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        close(descriptor)
        if connected { return true }
        usleep(20_000)  // polling for readiness: nginx has no ready signal of its own
    }
    return false
}
