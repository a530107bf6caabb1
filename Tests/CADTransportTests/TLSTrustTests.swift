import CADTransport
import Foundation
import Testing

/// Certificate verification against a real TLS server (`openssl s_server`) with a private CA made for the
/// test: never trusted by default, trusted through `caBundlePath` (`--cacert`), and the host name still
/// checked when the CA is trusted. Skipped, saying so, when the `openssl` command is missing.
@Suite("TLS trust: verification is always on; a private CA through caBundlePath", .serialized)
struct TLSTrustTests {
    @Test(.enabled(if: TLSTestServer.openssl != nil, "the openssl command is missing: apt-get install openssl"))
    func aPrivateCAIsTrustedOnlyWhenGiven() async throws {
        let server = try await TLSTestServer.start(subjectAltNames: ["IP:127.0.0.1", "DNS:localhost"])
        defer { server.stop() }
        let url = try #require(URL(string: server.baseURL + "/"))

        // The system store does not know the test CA: a TLS failure that says how to fix it, nothing sent.
        let error = await #expect(throws: TransportError.self) {
            try await CurlTransport().send(HTTPRequest(url: url))
        }
        #expect(error?.kind == .tlsFailure, "\(String(describing: error))")
        #expect(error?.message.contains("--cacert") == true, "\(String(describing: error))")
        #expect(error?.requestMayHaveBeenSent == false)

        // The CA given: the same server answers.
        let trusting = CurlTransport(configuration: .init(caBundlePath: server.caPath))
        let response = try await trusting.send(HTTPRequest(url: url))
        #expect(response.status == 200)
        let byName = try await trusting.send(HTTPRequest(url: try #require(URL(string: "https://localhost:\(server.port)/"))))
        #expect(byName.status == 200)
    }

    @Test(.enabled(if: TLSTestServer.openssl != nil, "the openssl command is missing: apt-get install openssl"))
    func aTrustedCertificateForAnotherNameIsRefused() async throws {
        // Signed by the trusted CA, but for another host: host-name verification must still refuse it.
        let server = try await TLSTestServer.start(subjectAltNames: ["DNS:files.example.invalid"])
        defer { server.stop() }
        let trusting = CurlTransport(configuration: .init(caBundlePath: server.caPath))
        let error = await #expect(throws: TransportError.self) {
            try await trusting.send(HTTPRequest(url: try #require(URL(string: server.baseURL + "/"))))
        }
        #expect(error?.kind == .tlsFailure, "\(String(describing: error))")
    }
}
