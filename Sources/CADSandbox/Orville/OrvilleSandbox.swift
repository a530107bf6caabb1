/// The Orville (Ballista Labs) imitation under `/orville`.
struct OrvilleSandbox: SandboxProviderAPI {
    static let provider = SandboxProvider.orville
    let environment: SandboxEnvironment

    init(environment: SandboxEnvironment) { self.environment = environment }

    func register(in routes: inout ProviderRoutes) {}

    func errorResponse(status: Int, code: String, message: String, request: SandboxRequest) -> SandboxResponse {
        var response = SandboxResponse.json(
            status,
            .object(["error": .object(["code": .string(code), "message": .string(message)]), "request_id": .string(request.requestID)]))
        response.headers["x-request-id"] = request.requestID
        response.headers["cache-control"] = "no-store"
        return response
    }
}
