import CCurl

/// The C entry points libcurl calls. Each recovers its `CurlTransfer` from the user-data pointer, which the
/// engine keeps alive (it holds the transfer in its active table) for as long as the handle is in the multi.
enum CurlCallbacks {
    static let write: cadcurl_data_callback = { buffer, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let chunk = UnsafeRawBufferPointer(start: buffer, count: size * count)
        return transfer.receiveBody(chunk)
    }

    static let header: cadcurl_data_callback = { buffer, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: size * count))
        return size * count
    }

    static let read: cadcurl_data_callback = { buffer, size, count, userdata in
        guard let userdata else { return Int(CURL_READFUNC_ABORT) }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let target = UnsafeMutableRawBufferPointer(start: buffer, count: size * count)
        return transfer.readBody(into: target) ?? Int(CURL_READFUNC_ABORT)
    }

    static let seek: cadcurl_seek_callback = { userdata, offset, origin in
        guard let userdata, offset == 0, origin == SEEK_SET else { return CURL_SEEKFUNC_CANTSEEK }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.rewindBody() ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_CANTSEEK
    }

    /// The transfer has its connection (TLS handshake done): notes what the handshake negotiated.
    static let connected: cadcurl_prereq_callback = { userdata, _, _, _, _ in
        guard let userdata else { return Int32(CURL_PREREQFUNC_OK) }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.connectionEstablished()
        return Int32(CURL_PREREQFUNC_OK)
    }

    static let progress: cadcurl_xferinfo_callback = { userdata, dltotal, dlnow, ultotal, ulnow in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.reportProgress(
            downloadTotal: Int64(dltotal), downloaded: Int64(dlnow), uploadTotal: Int64(ultotal), uploaded: Int64(ulnow))
        return 0
    }
}
