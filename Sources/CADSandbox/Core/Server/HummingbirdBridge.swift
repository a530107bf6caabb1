import Foundation
import Hummingbird

/// The name type of `HTTPFields` (from swift-http-types, reached through Hummingbird's export).
typealias HeaderName = HTTPFields.Element.Name

/// Request context with room for large uploads (Orville allows five 10 MB images per request).
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    var maxUploadSize: Int { 96 << 20 }
}

/// Hands Hummingbird requests to a `Dispatcher` and converts its responses.
struct DispatchResponder: HTTPResponder {
    typealias Context = SandboxRequestContext
    let dispatcher: Dispatcher

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var headers = SandboxHeaders()
        for field in request.headers { headers.add(field.name.canonicalName, field.value) }
        let head = Dispatcher.Head(
            method: request.method.rawValue.uppercased(), path: request.uri.path,
            query: Self.queryItems(request.uri.query), headers: headers)
        let body = request.body
        let maxSize = context.maxUploadSize
        let response = await dispatcher.dispatch(head) {
            var buffer = try await body.collect(upTo: maxSize)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        }
        return Self.convert(response)
    }

    static func convert(_ response: SandboxResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HeaderName(name) { fields.append(HTTPFields.Element(name: fieldName, value: value)) }
        }
        switch response.disposition {
        case .normal: break
        case .closeConnection:
            if let marker = HeaderName(FaultChannelHandler.markerName) { fields[marker] = "close" }
        case .truncate(let bytes):
            if let marker = HeaderName(FaultChannelHandler.markerName) { fields[marker] = "truncate=\(bytes)" }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// Query items, split on `&` and `=`, with `+` and percent escapes decoded.
    static func queryItems(_ query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (name: decode(pair[0]), value: pair.count > 1 ? decode(pair[1]) : "")
        }
    }
}
