import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A running sandbox: the API listener (all three providers under their prefixes) and the storage
/// listener (pre-signed downloads and uploads) on loopback.
///
/// ```swift
/// let server = try await SandboxServer.start(SandboxConfiguration())
/// defer { Task { try await server.shutdown() } }
/// // ORVILLE_BASE_URL = server.orvilleBaseURL, ORVILLE_API_KEY = SandboxKey.orvilleDefault.key
/// ```
/// Or `withSandbox { server in ... }`, which always shuts down.
///
/// Forcing outcomes: a prompt containing `[fail]` makes an Orville or Makistry job fail (see each
/// provider's documentation for the error code); `[slow]` makes it take ten times as long.
public final class SandboxServer: Sendable {
    /// `http://HOST:PORT/bitbybit`: set as `BITBYBIT_BASE_URL`.
    public let bitbybitBaseURL: String
    /// `http://HOST:PORT/orville`: set as `ORVILLE_BASE_URL`.
    public let orvilleBaseURL: String
    /// `http://HOST:PORT/makistry/v1`: set as `MAKISTRY_BASE_URL`.
    public let makistryBaseURL: String
    /// `http://HOST:SPORT`: where signed URLs point.
    public let storageBaseURL: String
    /// `http://HOST:PORT`: the API listener without a provider prefix.
    public let apiBaseURL: String
    /// The bound API port.
    public let apiPort: Int
    /// The bound storage port.
    public let storagePort: Int
    /// Faults still to inject; add more at any time.
    public var faults: FaultPlan { environment.faults }
    /// What the server has seen.
    public var inspector: SandboxInspector { environment.inspector }
    /// The configuration the server was started with.
    public var configuration: SandboxConfiguration { environment.configuration }

    let environment: SandboxEnvironment
    private let group: ServiceGroup
    private let runTask: Mutex<Task<Void, any Error>?>

    private init(
        environment: SandboxEnvironment, apiPort: Int, storagePort: Int, group: ServiceGroup, runTask: Task<Void, any Error>
    ) {
        self.environment = environment
        let host = environment.configuration.host.contains(":") ? "[\(environment.configuration.host)]" : environment.configuration.host
        self.apiPort = apiPort
        self.storagePort = storagePort
        apiBaseURL = "http://\(host):\(apiPort)"
        bitbybitBaseURL = apiBaseURL + SandboxProvider.bitbybit.pathPrefix
        orvilleBaseURL = apiBaseURL + SandboxProvider.orville.pathPrefix
        makistryBaseURL = apiBaseURL + SandboxProvider.makistry.pathPrefix
        storageBaseURL = "http://\(host):\(storagePort)"
        self.group = group
        self.runTask = Mutex(runTask)
    }

    /// The base URL for `provider`.
    public func baseURL(for provider: SandboxProvider) -> String {
        switch provider {
        case .bitbybit: bitbybitBaseURL
        case .orville: orvilleBaseURL
        case .makistry: makistryBaseURL
        }
    }

    /// Binds both listeners and starts serving; returns once both accept connections.
    /// - Throws: when a port cannot be bound (the message names it).
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> SandboxServer {
        let environment = SandboxEnvironment(configuration: configuration)
        var providers: [SandboxProvider: any SandboxProviderAPI] = [:]
        var apiTable = RouteTable()
        for type in ProviderRegistry.all {
            let api = type.init(environment: environment)
            var routes = ProviderRoutes(provider: type.provider, table: apiTable)
            api.register(in: &routes)
            apiTable = routes.table
            providers[type.provider] = api
        }
        var storageTable = RouteTable()
        StorageRoutes(storage: environment.storage).register(in: &storageTable)

        let apiReady = PortSignal()
        let storageReady = PortSignal()
        let apiApp = makeApplication(
            dispatcher: Dispatcher(listener: .api, table: apiTable, providers: providers, environment: environment),
            host: configuration.host, port: configuration.apiPort, ready: apiReady, name: "api")
        let storageApp = makeApplication(
            dispatcher: Dispatcher(listener: .storage, table: storageTable, providers: [:], environment: environment),
            host: configuration.host, port: configuration.storagePort, ready: storageReady, name: "storage")

        var logger = Logger(label: "cad-sandbox")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [apiApp, storageApp], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                apiReady.fail(error, listener: "API", port: configuration.apiPort)
                storageReady.fail(error, listener: "storage", port: configuration.storagePort)
                throw error
            }
            apiReady.fail(CancellationError(), listener: "API", port: configuration.apiPort)
            storageReady.fail(CancellationError(), listener: "storage", port: configuration.storagePort)
        }
        do {
            let apiPort = try await apiReady.wait()
            let storagePort = try await storageReady.wait()
            let server = SandboxServer(
                environment: environment, apiPort: apiPort, storagePort: storagePort, group: group, runTask: task)
            environment.apiBaseURL = server.apiBaseURL
            environment.storage.baseURL = server.storageBaseURL
            return server
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
    }

    /// Stops both listeners gracefully (requests in flight finish, idle connections close) and waits
    /// for them. Calling it again does nothing.
    public func shutdown() async throws {
        guard let task = runTask.withLock({ task -> Task<Void, any Error>? in defer { task = nil }; return task }) else { return }
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// Accepts another key while running.
    public func addKey(_ key: SandboxKey) { environment.keys.add(key) }

    /// Revokes a key: requests carrying it get 401 from then on.
    public func revokeKey(_ secret: String) { environment.keys.revoke(secret: secret) }

    private static func makeApplication(
        dispatcher: Dispatcher, host: String, port: Int, ready: PortSignal, name: String
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "cad-sandbox.\(name)")
        logger.logLevel = .warning
        let inspector = dispatcher.environment.inspector
        let listener = dispatcher.listener
        return Application(
            responder: DispatchResponder(dispatcher: dispatcher),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [FaultChannelHandler(listener: listener, inspector: inspector)])),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "cad-sandbox"),
            onServerRunning: { channel in ready.succeed(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// Runs `body` against a freshly started sandbox and always shuts it down afterwards.
@discardableResult
public func withSandbox<T: Sendable>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    _ body: (SandboxServer) async throws -> T
) async throws -> T {
    let server = try await SandboxServer.start(configuration)
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// Delivers a bound port (or the failure to bind) to whoever waits for it, once.
final class PortSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case done(Result<Int, any Error>)
    }

    private let state = Mutex(State.waiting([]))

    func succeed(_ port: Int) { resolve(.success(port)) }

    func fail(_ error: any Error, listener: String, port: Int) {
        resolve(.failure(SandboxStartError(message: "cad-sandbox: the \(listener) listener could not start on port \(port): \(error)")))
    }

    private func resolve(_ result: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<Int, any Error>? in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }
}

/// A sandbox listener failed to start.
public struct SandboxStartError: Error, CustomStringConvertible {
    /// What went wrong and where.
    public var message: String
    public var description: String { message }
}
