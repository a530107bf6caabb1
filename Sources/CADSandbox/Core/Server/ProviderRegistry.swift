/// The providers a server runs.
///
/// Bitbybit's imitation adds itself here (`BitbybitSandbox.self`) once it exists.
enum ProviderRegistry {
    static let all: [any SandboxProviderAPI.Type] = [
        OrvilleSandbox.self,
        MakistrySandbox.self,
    ]
}
