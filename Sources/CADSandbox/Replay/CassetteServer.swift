import CADRecording
import CADTransport
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Serves a recorded cassette over HTTP on loopback, so `cadctl` (or any client) can be run against a
/// recording: `cad-sandbox --replay FILE`.
///
/// Every request is answered by `ReplayTransport`'s matching (method, path, query and body; host ignored),
/// repeats allowed, so polls past the recorded end keep getting the last recorded answer. Every origin the
/// cassette mentions (the provider's API, its storage host) is rewritten to this server's own in response
/// bodies and `Location` headers, so signed download URLs lead back here. A request the cassette cannot
/// answer gets `599` with the mismatch explained in a JSON body and on standard error.
public final class CassetteServer: Sendable {
    /// `http://HOST:PORT`.
    public let baseURL: String
    /// The bound port.
    public let port: Int
    /// The cassette being served.
    public let cassette: Cassette
    private let group: ServiceGroup
    private let runTask: Mutex<Task<Void, any Error>?>

    private init(baseURL: String, port: Int, cassette: Cassette, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.port = port
        self.cassette = cassette
        self.group = group
        self.runTask = Mutex(task)
    }

    /// The status a request that matches nothing gets.
    public static let mismatchStatus = 599

    /// Loads the cassette at `path` and serves it on `host:port` (0 picks a free port).
    public static func start(
        cassettePath path: String, host: String = "127.0.0.1", port: Int = 0, logMismatches: Bool = true
    ) async throws -> CassetteServer {
        let cassette = try Cassette.load(from: path)
        let replay = ReplayTransport(cassette: cassette, source: path, allowRepeats: true)
        let ready = PortSignal()
        let origins = Set(cassette.entries.flatMap { entry in [entry.request.url, entry.response.redirectURL].compactMap(Self.origin) })
        let responder = CassetteResponder(replay: replay, recordedOrigins: origins.sorted { $0.count > $1.count },
                                          ownOrigin: OwnOrigin(), logMismatches: logMismatches)
        var logger = Logger(label: "cad-sandbox.replay")
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "cad-sandbox"),
            onServerRunning: { channel in ready.succeed(channel.localAddress?.port ?? port) },
            logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        let task = Task {
            do { try await group.run() } catch {
                ready.fail(error, listener: "replay", port: port)
                throw error
            }
            ready.fail(CancellationError(), listener: "replay", port: port)
        }
        do {
            let bound = try await ready.wait()
            let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
            responder.ownOrigin.set(base)
            return CassetteServer(baseURL: base, port: bound, cassette: cassette, group: group, task: task)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
    }

    /// The base URL a client of `provider` should use: this server plus the path prefix the cassette's
    /// requests carry before the provider's own paths (`/v1` for Makistry recorded live, `/orville` from
    /// the sandbox), or `nil` when the cassette has no request for it.
    public func baseURL(for provider: SandboxProvider) -> String? {
        let markers: [String] = switch provider {
        case .bitbybit, .orville: ["/api/v1/"]
        case .makistry: ["/text-to-cad", "/image-to-cad", "/jobs"]
        }
        for entry in cassette.entries {
            guard let path = URLComponents(string: entry.request.url)?.path else { continue }
            for marker in markers {
                if let range = path.range(of: marker) {
                    if provider == .bitbybit && path.contains("/cad/jobs") { continue }
                    if provider == .orville && !path.contains("/cad/jobs") && !path.contains("/artifacts") && !path.contains("/billing") { continue }
                    return baseURL + path[..<range.lowerBound]
                }
            }
        }
        return nil
    }

    /// Stops serving; calling it again does nothing.
    public func shutdown() async throws {
        guard let task = runTask.withLock({ task -> Task<Void, any Error>? in defer { task = nil }; return task }) else { return }
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    static func origin(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host,
              !host.isEmpty else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}

/// Answers each request from the cassette.
struct CassetteResponder: HTTPResponder {
    typealias Context = SandboxRequestContext
    let replay: ReplayTransport
    let recordedOrigins: [String]
    let ownOrigin: OwnOrigin
    let logMismatches: Bool

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        let own = ownOrigin.value
        var headers = CADTransport.HTTPHeaders()
        for field in request.headers { headers.add(field.name.canonicalName, field.value) }
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let body = buffer.readData(length: buffer.readableBytes) ?? Data()
        guard let url = URL(string: own + request.uri.description) else {
            return Self.json(400, #"{"error":"cad-sandbox replay: unusable request target"}"#)
        }
        let outgoing = CADTransport.HTTPRequest(
            method: CADTransport.HTTPMethod(rawValue: request.method.rawValue), url: url, headers: headers,
            body: body.isEmpty ? CADTransport.RequestBody.empty : CADTransport.RequestBody.bytes(body),
            destination: .memory(limit: Int.max))  // serve whatever was recorded, however large
        do {
            let answer = try await replay.sendSingleHop(outgoing)
            var fields = HTTPFields()
            for field in answer.headers {
                let lower = field.name.lowercased()
                if lower == "content-length" || lower == "transfer-encoding" || lower == "connection" { continue }
                guard let name = HeaderName(field.name) else { continue }
                let value = lower == "location" ? rewrite(field.value, to: own) : field.value
                fields.append(HTTPFields.Element(name: name, value: value))
            }
            let isText = answer.headers["Content-Type"].map { !$0.contains("octet-stream") && !$0.contains("model/") } ?? true
            let bytes = isText ? Data(rewrite(String(decoding: answer.body, as: UTF8.self), to: own).utf8) : answer.body
            let textOK = isText && String(validating: answer.body, as: UTF8.self) != nil
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: textOK ? bytes : answer.body)))
        } catch let error as ReplayMismatchError {
            if logMismatches { FileHandle.standardError.write(Data("cad-sandbox: \(error.description)\n".utf8)) }
            let message = String(decoding: (try? JSONEncoder().encode(["error": error.description])) ?? Data(), as: UTF8.self)
            return Self.json(CassetteServer.mismatchStatus, message)
        }
    }

    private func rewrite(_ text: String, to own: String) -> String {
        var result = text
        for origin in recordedOrigins where origin != own { result = result.replacingOccurrences(of: origin, with: own) }
        return result
    }

    static func json(_ status: Int, _ text: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(status: HTTPResponse.Status(code: status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// This server's own origin, known once the port is bound.
final class OwnOrigin: Sendable {
    private let storage = Mutex("")
    var value: String { storage.withLock { $0 } }
    func set(_ origin: String) { storage.withLock { $0 = origin } }
}
