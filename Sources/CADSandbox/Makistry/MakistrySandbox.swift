/// The Makistry imitation under `/makistry/v1`.
struct MakistrySandbox: SandboxProviderAPI {
    static let provider = SandboxProvider.makistry
    let environment: SandboxEnvironment

    init(environment: SandboxEnvironment) { self.environment = environment }

    func register(in routes: inout ProviderRoutes) {}

    func errorResponse(status: Int, code: String, message: String, request: SandboxRequest) -> SandboxResponse {
        .json(status, .object(["error_code": .string(code), "message": .string(message)]))
    }
}
