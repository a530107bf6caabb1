import Synchronization

/// The keys a server accepts; keys can be added and revoked while it runs. Thread-safe (`Mutex`).
final class KeyStore: Sendable {
    private struct State {
        var keys: [SandboxKey]
        var revoked: Set<String> = []
    }

    private let state: Mutex<State>

    init(_ keys: [SandboxKey]) { state = Mutex(State(keys: keys)) }

    /// The live key of `provider` whose secret is `secret`.
    func key(provider: SandboxProvider, secret: String?) -> SandboxKey? {
        guard let secret, !secret.isEmpty else { return nil }
        return state.withLock { state in
            guard !state.revoked.contains(secret) else { return nil }
            return state.keys.first { $0.provider == provider && $0.key == secret }
        }
    }

    /// The key a request carries in `provider`'s auth header, if it is a live key.
    func authenticate(_ request: SandboxRequest, provider: SandboxProvider) -> SandboxKey? {
        switch provider {
        case .bitbybit: key(provider: provider, secret: request.headers["x-api-key"])
        case .orville, .makistry: key(provider: provider, secret: request.bearerToken)
        }
    }

    func add(_ key: SandboxKey) {
        state.withLock { state in
            state.keys.removeAll { $0.provider == key.provider && $0.key == key.key }
            state.keys.append(key)
            state.revoked.remove(key.key)
        }
    }

    func revoke(secret: String) { _ = state.withLock { $0.revoked.insert(secret) } }

    var all: [SandboxKey] { state.withLock { $0.keys } }
}
