import CADCLICore
import CADCore
import CADTransport
import Foundation
import MCP
#if canImport(Glibc)
import Glibc
#endif

/// `cadctl mcp`: the Model Context Protocol server that lets an AI assistant make, check and fetch CAD
/// parts with the user's keys.
///
/// It serves the MCP stdio transport (newline-delimited JSON-RPC 2.0 on standard input and output) with
/// the eight tools of the contract. Each tool is a thin layer over the SDK clients; keys come only from
/// the environment and the config file, files are read and written only under the root, and a tool that
/// fails answers `isError: true` with the message the CLI prints. Calls run concurrently; a call with a
/// `progressToken` gets progress notifications while its job waits, and a cancelled call stops waiting and
/// says which job to resume.
public struct CADMCPServer: Sendable {
    /// The server's name in `initialize`.
    public static let name = "cadctl"

    private let root: RootDirectory
    private let clients: ProviderClients
    private let version: String

    /// A server confined to `root`, its clients resolved from `environment` and `config`.
    public init(
        root: RootDirectory, environment: Environment, config: ConfigFile, transport: any HTTPTransport,
        version: String
    ) {
        self.root = root
        self.clients = ProviderClients(environment: environment, config: config, transport: transport)
        self.version = version
    }

    /// Serves standard input and output until the client closes standard input.
    public func run() async throws {
        // A client that goes away makes writes fail with EPIPE instead of ending the process.
        signal(SIGPIPE, SIG_IGN)
        let session = SessionFacts()
        let transport = GuardedTransport(StdioTransport(), secrets: clients.knownKeys, session: session)
        let server = Server(
            name: Self.name, version: version, title: "cadctl: text-to-CAD with Bitbybit, Orville and Makistry",
            instructions: Self.instructions(root: root.path),
            capabilities: .init(tools: .init(listChanged: false)))
        let root = self.root, clients = self.clients
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: ToolCatalog.tools(structured: session.allowsStructuredContent))
        }
        await server.withMethodHandler(CallTool.self) { [server] call in
            guard ToolCatalog.definitions.contains(where: { $0.name == call.name }) else {
                throw MCPError.invalidParams(
                    "Unknown tool: \(call.name); tools/list names the tools: "
                        + ToolCatalog.definitions.map(\.name).joined(separator: ", "))
            }
            let progress = ProgressReporter(token: call._meta?.progressToken, server: server)
            let result = await ToolDispatch.call(
                call.name, arguments: call.arguments, root: root, clients: clients, session: session,
                progress: progress)
            await progress.finish()
            return result
        }
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        await server.stop()
    }

    static func instructions(root: String) -> String {
        """
        Make CAD parts from prompts (generate_part: Orville or Makistry) and from Bitbybit's parametric models \
        and pipelines (list_models, run_model, run_pipeline); follow and fetch jobs (job_status, download); \
        measure and look at the files (inspect, preview). Generating costs the user's credits: repeating a \
        call with the same arguments resumes the unfinished job rather than paying twice. Files are read and \
        written only under \(root). API keys are the user's configuration and are never tool arguments.
        """
    }
}

/// Runs one tool call and turns its outcome (or its error) into a result.
enum ToolDispatch {
    static func call(
        _ name: String, arguments: [String: Value]?, root: RootDirectory, clients: ProviderClients,
        session: SessionFacts, progress: ProgressReporter
    ) async -> CallTool.Result {
        do {
            let context = ToolContext(
                root: root, clients: clients, session: session,
                arguments: try ToolArguments(tool: name, values: arguments, allowed: ToolCatalog.arguments(of: name)),
                progress: progress)
            switch name {
            case GeneratePartTool.name:
                return ToolOutcome.success(try await GeneratePartTool.run(context).json, session: session)
            case "run_model":
                return ToolOutcome.success(try await BitbybitTools.runModel(context).json, session: session)
            case "run_pipeline":
                return ToolOutcome.success(try await BitbybitTools.runPipeline(context).json, session: session)
            case "job_status":
                return ToolOutcome.success(try await JobTools.status(context), session: session)
            case "download":
                return ToolOutcome.success(try await JobTools.download(context).json, session: session)
            case "list_models":
                return ToolOutcome.success(try await BitbybitTools.listModels(context), session: session)
            case "inspect":
                return ToolOutcome.success(try PartTools.inspect(context), session: session)
            case "preview":
                let (structured, image) = try PartTools.preview(context)
                return ToolOutcome.success(structured, extra: [image], session: session)
            default:
                return ToolOutcome.failure(message: "unknown tool \(name)")
            }
        } catch {
            return ToolOutcome.failure(error)
        }
    }
}
