import CCurl

/// Turns a libcurl result code into a `TransportError` that says in words what happened.
enum CurlErrorMapping {
    static func error(code: CURLcode, curlMessage: String?, url: URL, requestBytesSent: Int64) -> TransportError {
        let sent = requestBytesSent > 0
        let display = TransportError.displayURL(url)
        let host = url.host ?? "the server"
        let (kind, sentence): (TransportError.Kind, String)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            (kind, sentence) = (.dnsFailure, "could not resolve host \(host): check the base URL and your DNS")
        case CURLE_COULDNT_CONNECT:
            (kind, sentence) = (.connectFailed, "could not connect to \(host)\(portText(url)): connection refused or unreachable")
        case CURLE_OPERATION_TIMEDOUT:
            (kind, sentence) = sent
                ? (.timedOut, "timed out waiting for \(host) to respond")
                : (.timedOut, "timed out connecting to \(host)\(portText(url))")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_USE_SSL_FAILED:
            (kind, sentence) = (.tlsFailure, "TLS with \(host) failed: \(curlMessage ?? "handshake or certificate check failed") (use --cacert for a private CA)")
        case CURLE_GOT_NOTHING:
            (kind, sentence) = (.connectionReset, "\(host) closed the connection without answering")
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            (kind, sentence) = (.connectionReset, "the connection to \(host) was reset")
        case CURLE_HTTP2_STREAM:
            // RST_STREAM for this request alone; the connection and its other streams go on. (A stream the
            // server refused before processing it, REFUSED_STREAM, libcurl retries by itself.)
            (kind, sentence) = (.connectionReset, "\(host) reset the HTTP/2 stream of this request: \(curlMessage ?? "stream error")")
        case CURLE_HTTP2:
            // The HTTP/2 connection failed (GOAWAY with an error, a framing error): every stream on it ends.
            (kind, sentence) = (.connectionReset, "the HTTP/2 connection to \(host) failed: \(curlMessage ?? "protocol error")")
        case CURLE_PARTIAL_FILE:
            (kind, sentence) = (.truncatedBody, "the response from \(host) ended before its announced length (truncated body)")
        case CURLE_BAD_CONTENT_ENCODING:
            (kind, sentence) = (.truncatedBody, "the response from \(host) has a corrupt content encoding")
        case CURLE_WEIRD_SERVER_REPLY:
            (kind, sentence) = (.other, "\(host) sent a reply that is not valid HTTP")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            (kind, sentence) = (.invalidURL, "cannot use the URL: \(curlMessage ?? "unsupported or malformed")")
        default:
            (kind, sentence) = (.other, "the request to \(host) failed: \(curlMessage ?? "libcurl error")")
        }
        return TransportError(
            kind: kind, curlCode: Int(code.rawValue), message: sentence, url: display,
            requestMayHaveBeenSent: sent)
    }

    private static func portText(_ url: URL) -> String {
        url.port.map { " port \($0)" } ?? ""
    }
}
