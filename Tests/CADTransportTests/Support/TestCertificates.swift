import CADTestSupport
import Foundation

/// A certificate authority made for one test and a server certificate it signed (EC P-256, two days), written
/// with the openssl command into a directory of the test's own.
enum TestCertificates {
    /// Writes `ca.pem`/`ca.key` and `server.pem`/`server.key` (for `subjectAltNames`, e.g. `IP:127.0.0.1`) into
    /// `directory`, naming both after `name`.
    static func make(openssl: String, in directory: String, subjectAltNames: [String], name: String) async throws {
        func path(_ file: String) -> String { directory + "/" + file }
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await run(openssl, ["req", "-x509"] + ecKey + ["-keyout", path("ca.key"), "-out", path("ca.pem"),
                                                          "-days", "2", "-subj", "/CN=\(name) CA"])
        try await run(openssl, ["req"] + ecKey + ["-keyout", path("server.key"), "-out", path("server.csr"),
                                                 "-subj", "/CN=\(name) server"])
        try "subjectAltName=\(subjectAltNames.joined(separator: ","))\nbasicConstraints=CA:FALSE\n"
            .write(toFile: path("ext.cnf"), atomically: true, encoding: .utf8)
        try await run(openssl, ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"),
                                "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("server.pem"),
                                "-days", "2", "-extfile", path("ext.cnf")])
    }

    /// Runs `executable` to completion off the concurrency pool; throws on a non-zero exit.
    static func run(_ executable: String, _ arguments: [String]) async throws {
        let outcome = try await ChildProcess.run(executable, arguments)
        guard outcome.exitCode == 0 else {
            throw POSIXFailure(message: "\(executable) \(arguments.joined(separator: " ")) exited \(outcome.exitCode): "
                + String(decoding: outcome.stderr, as: UTF8.self))
        }
    }
}
