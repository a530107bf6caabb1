/// The providers a server runs.
///
/// One imitation per provider, each in its own folder.
enum ProviderRegistry {
    static let all: [any SandboxProviderAPI.Type] = [
        BitbybitSandbox.self,
        OrvilleSandbox.self,
        MakistrySandbox.self,
    ]
}
