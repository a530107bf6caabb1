import CADCore
import CADTransport
import Foundation

/// Turns one request and its response into a scrubbed HAR entry.
struct ExchangeCapture {
    var scrubber: CassetteScrubber
    /// Response bodies larger than this keep only their digest.
    var responseBodyLimit: Int

    func entry(
        request: HTTPRequest, response: HTTPResponse, responseBody: Data?, started: Date, duration: Duration
    ) throws -> HAR.Entry {
        let contentType = request.headers["Content-Type"]
        var postData: HAR.PostData?
        var bodySize = 0
        if !request.body.isEmpty {
            let fingerprint = try BodyFingerprint.of(request.body, contentType: contentType)
            bodySize = fingerprint.size
            let text = fingerprint.text.map(scrubber.text)
            postData = HAR.PostData(
                mimeType: contentType.map(BodyFingerprint.normalisedContentType) ?? "application/octet-stream",
                text: text ?? "", sha256: fingerprint.sha256, omitted: text == nil ? true : nil)
        }
        var requestHeaders = request.headers
        if let contentType { requestHeaders["Content-Type"] = BodyFingerprint.normalisedContentType(contentType) }
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        let query = (components?.queryItems ?? []).map { item in
            HAR.Header(name: item.name, value: queryValue(name: item.name, value: item.value ?? ""))
        }
        let harRequest = HAR.Request(
            method: request.method.rawValue, url: scrubber.url(request.url),
            headers: scrubber.headers(requestHeaders), queryString: query, postData: postData, bodySize: bodySize)

        var responseHeaders = response.headers
        let body = responseBody ?? Data()
        let mimeType = response.headers["Content-Type"] ?? ""
        let content: HAR.Content
        if responseBody == nil || body.count > responseBodyLimit {
            let fingerprint = BodyFingerprint.of(body, contentType: nil)
            content = HAR.Content(
                size: Int(response.bodyBytesReceived), mimeType: mimeType, text: nil, encoding: nil,
                sha256: responseBody == nil ? nil : fingerprint.sha256, omitted: true)
        } else if let text = String(validating: body, as: UTF8.self) {
            content = HAR.Content(size: body.count, mimeType: mimeType, text: scrubber.text(text), encoding: nil, sha256: nil, omitted: nil)
        } else {
            content = HAR.Content(
                size: body.count, mimeType: mimeType, text: body.base64EncodedString(), encoding: "base64",
                sha256: nil, omitted: nil)
        }
        if responseHeaders.contains("Content-Length") {
            // The kept body is the decoded one: its length is what a replay announces.
            responseHeaders["Content-Length"] = String(content.text.map { _ in body.count } ?? Int(response.bodyBytesReceived))
        }
        let location = response.headers["Location"].map { scrubber.text($0) } ?? ""
        return HAR.Entry(
            startedDateTime: started.formatted(.iso8601), time: Self.milliseconds(duration),
            request: harRequest,
            response: HAR.Response(
                status: response.status,
                headers: scrubber.headers(responseHeaders, dropping: CassetteScrubber.droppedHeaders),
                content: content, redirectURL: location))
    }

    private func queryValue(name: String, value: String) -> String {
        if Redactor.sensitiveQueryParameters.contains(name.lowercased()) { return Redactor.mask }
        return scrubber.text(value)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
