/// An API key the sandbox accepts, with the scopes it grants.
///
/// The secret is never recorded by the inspector; `name` labels the key in counts instead.
public struct SandboxKey: Sendable, Codable, Hashable {
    /// The provider whose endpoints accept this key.
    public var provider: SandboxProvider
    /// The secret sent in `x-api-key` (Bitbybit) or `Authorization: Bearer` (Orville, Makistry).
    public var key: String
    /// Granted scopes. `"*"` grants every scope. A key lacking a route's scope gets 403.
    public var scopes: [String]
    /// A label for counts and logs (never the secret itself).
    public var name: String
    /// The workspace (Orville) or account the key belongs to; keys sharing one share jobs and balances.
    public var workspace: String

    /// Creates a key. `name` defaults to the provider and a short suffix; `workspace` to the provider's default.
    public init(provider: SandboxProvider, key: String, scopes: [String], name: String? = nil, workspace: String? = nil) {
        self.provider = provider
        self.key = key
        self.scopes = scopes
        self.name = name ?? "\(provider.rawValue)-\(key.suffix(4))"
        self.workspace = workspace ?? "\(provider.rawValue)-workspace"
    }

    /// Whether the key grants `scope` (or every scope through `"*"`).
    public func grants(_ scope: String) -> Bool {
        scopes.contains("*") || scopes.contains(scope)
    }

    private enum CodingKeys: String, CodingKey { case provider, key, scopes, name, workspace }

    /// Decodes a key; `name` and `workspace` are optional in the JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            provider: try container.decode(SandboxProvider.self, forKey: .provider),
            key: try container.decode(String.self, forKey: .key),
            scopes: try container.decode([String].self, forKey: .scopes),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            workspace: try container.decodeIfPresent(String.self, forKey: .workspace)
        )
    }
}

extension SandboxKey {
    /// Bitbybit key with every scope: `bbk_sandbox_key_1`.
    public static let bitbybitDefault = SandboxKey(
        provider: .bitbybit, key: "bbk_sandbox_key_1", scopes: ["*"], name: "bitbybit-default")
    /// Bitbybit key with no scope (every authenticated call gets 403).
    public static let bitbybitNoScopes = SandboxKey(
        provider: .bitbybit, key: "bbk_sandbox_noscope", scopes: [], name: "bitbybit-noscope")
    /// Orville key with `cad:read cad:write billing:read`: `gcad_live_sandbox_1`.
    public static let orvilleDefault = SandboxKey(
        provider: .orville, key: "gcad_live_sandbox_1", scopes: ["cad:read", "cad:write", "billing:read"],
        name: "orville-default")
    /// Orville key with `cad:read` only (creates, reviews and billing get 403).
    public static let orvilleReadOnly = SandboxKey(
        provider: .orville, key: "gcad_live_sandbox_ro", scopes: ["cad:read"], name: "orville-readonly")
    /// Orville key with no scope.
    public static let orvilleNoScopes = SandboxKey(
        provider: .orville, key: "gcad_live_sandbox_none", scopes: [], name: "orville-noscope")
    /// Makistry key: `mk_pub_sandbox_1`.
    public static let makistryDefault = SandboxKey(
        provider: .makistry, key: "mk_pub_sandbox_1", scopes: ["*"], name: "makistry-default")
    /// A second Makistry key in another account (its jobs are 404 to the default key).
    public static let makistrySecond = SandboxKey(
        provider: .makistry, key: "mk_pub_sandbox_2", scopes: ["*"], name: "makistry-second",
        workspace: "makistry-other")
    /// Makistry key with no scope (403).
    public static let makistryNoScopes = SandboxKey(
        provider: .makistry, key: "mk_pub_sandbox_none", scopes: [], name: "makistry-noscope")

    /// Every built-in key. None matches `(bbk|gcad_live|mk_pub)_[A-Za-z0-9]{16,}`, so they cannot be
    /// mistaken for real keys by secret scanners.
    public static let defaults: [SandboxKey] = [
        .bitbybitDefault, .bitbybitNoScopes, .orvilleDefault, .orvilleReadOnly, .orvilleNoScopes,
        .makistryDefault, .makistrySecond, .makistryNoScopes,
    ]
}
