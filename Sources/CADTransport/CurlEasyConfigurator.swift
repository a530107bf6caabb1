import CCurl

/// Applies an `HTTPRequest` to a (freshly reset) libcurl easy handle.
enum CurlEasyConfigurator {
    /// The receive buffer of transfers whose body goes to a file or a stream consumer.
    static let bulkReceiveBufferSize = 256 << 10
    /// The upload buffer of request bodies of at least this size (libcurl's default is 64 KiB).
    static let bulkUploadBufferSize = 1 << 20

    struct Options {
        var userAgent: String
        var caBundlePath: String?
        /// DNS cache and TLS sessions shared with every other transfer of the process.
        var share: UnsafeMutableRawPointer?
    }

    /// Configures `easy` for `transfer`. Returns the header list to free when the transfer ends.
    static func configure(
        _ easy: UnsafeMutableRawPointer, for transfer: CurlTransfer, options: Options
    ) -> UnsafeMutablePointer<curl_slist>? {
        let request = transfer.request
        let context = Unmanaged.passUnretained(transfer).toOpaque()

        _ = cadcurl_easy_setopt_string(easy, CURLOPT_URL, request.url.absoluteString)
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = cadcurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)  // redirects are followed in Swift
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1)
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        if let ca = options.caBundlePath { _ = cadcurl_easy_setopt_string(easy, CURLOPT_CAINFO, ca) }
        if let share = options.share { _ = cadcurl_easy_setopt_share(easy, share) }
        // HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise; over TLS, a transfer that
        // starts while the host's first connection is still being set up waits for it, to become one of its
        // streams. Cleartext stays HTTP/1.1, where waiting would only delay the next connection.
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if request.url.scheme?.lowercased() == "https" {
            _ = cadcurl_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        }

        // Compressed responses for API calls; downloads to a file stay byte-exact so lengths and
        // Range offsets refer to the stored bytes.
        if case .file = request.destination {} else {
            _ = cadcurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        }

        // Bodies that go to a file or a consumer can be large: libcurl's default 16 KiB receive buffer
        // costs one write callback (and one write(2)) per 16 KiB. A larger buffer cuts that sixteen-fold
        // (`make bench`, workload 3: a 1 GiB download went from 0.80× to par with the curl command,
        // which uses 100 KiB). The handle is not pooled afterwards, so idle handles keep small buffers.
        if transfer.usesBulkReceiveBuffer {
            _ = cadcurl_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, Self.bulkReceiveBufferSize)
        }

        let timeouts = request.timeouts
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(timeouts.connect))
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, timeouts.lowSpeedBytesPerSecond)
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, milliseconds(timeouts.lowSpeedWindow) / 1000))
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeouts.total.map(milliseconds) ?? 0)

        _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(transfer.errorBuffer))
        _ = cadcurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, CurlCallbacks.write)
        _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        _ = cadcurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, CurlCallbacks.header)
        _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        if transfer.watchesConnection {
            _ = cadcurl_easy_setopt_prereq_callback(easy, CurlCallbacks.connected)
            _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_PREREQDATA, context)
        }
        if request.progress != nil {
            _ = cadcurl_easy_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
            _ = cadcurl_easy_setopt_xferinfo_callback(easy, CurlCallbacks.progress)
            _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_XFERINFODATA, context)
        }

        configureMethodAndBody(easy, transfer: transfer, context: context)

        // libcurl silently re-sends a request whose reused connection died after sending it. That is
        // harmless for idempotent methods and for writes that carry an Idempotency-Key, but would
        // duplicate a plain POST (a paid job): such requests always get a connection of their own.
        if transfer.needsOwnConnection {
            _ = cadcurl_easy_setopt_long(easy, CURLOPT_FRESH_CONNECT, 1)
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        var hasUserAgent = false
        for field in request.headers {
            if field.name.caseInsensitiveEquals("User-Agent") { hasUserAgent = true }
            // "Name;" is libcurl's way to send a header with an empty value.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            list = curl_slist_append(list, line)
        }
        if !request.headers.contains("Expect") {
            list = curl_slist_append(list, "Expect:")  // no 100-continue round trip before uploads
        }
        if !hasUserAgent { _ = cadcurl_easy_setopt_string(easy, CURLOPT_USERAGENT, options.userAgent) }
        _ = cadcurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        return list
    }

    private static func configureMethodAndBody(_ easy: UnsafeMutableRawPointer, transfer: CurlTransfer, context: UnsafeMutableRawPointer) {
        let method = transfer.request.method
        guard let length = transfer.uploadLength, transfer.bodyReader != nil else {
            switch method {
            case .get: _ = cadcurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
            case .head: _ = cadcurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
            case .post:
                _ = cadcurl_easy_setopt_long(easy, CURLOPT_POST, 1)
                _ = cadcurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0)
                _ = cadcurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
            default:
                _ = cadcurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method.rawValue)
            }
            return
        }
        // Every body is streamed through the read callback, from memory or from disk, with its exact
        // length announced; the seek callback lets libcurl rewind when it must send it again.
        _ = cadcurl_easy_setopt_long(easy, CURLOPT_POST, 1)
        _ = cadcurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(length))
        // A large body is read and sent in 1 MiB pieces rather than 64 KiB ones: a sixteenth of the read
        // callbacks, read(2) calls and turns of the loop per byte (Benchmarks/NOTES.md, the upload profile).
        if length >= Int64(Self.bulkUploadBufferSize) {
            _ = cadcurl_easy_setopt_long(easy, CURLOPT_UPLOAD_BUFFERSIZE, Self.bulkUploadBufferSize)
        }
        _ = cadcurl_easy_setopt_data_callback(easy, CURLOPT_READFUNCTION, CurlCallbacks.read)
        _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_READDATA, context)
        _ = cadcurl_easy_setopt_seek_callback(easy, CurlCallbacks.seek)
        _ = cadcurl_easy_setopt_pointer(easy, CURLOPT_SEEKDATA, context)
        if method != .post {
            _ = cadcurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method.rawValue)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
