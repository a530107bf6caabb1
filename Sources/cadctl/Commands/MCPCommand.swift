import ArgumentParser
import CADCLICore
import CADMCP
import CADTransport
import Foundation

/// `cadctl mcp [--root DIR]`: serves the Model Context Protocol over stdio for AI assistants.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the Model Context Protocol over stdio, so an AI assistant can make, check and fetch parts.",
        discussion: """
            Tools: generate_part, run_model, run_pipeline, job_status, download, list_models, inspect, preview. \
            Keys come only from the environment and the config file, never from the assistant. Files are read \
            and written only under --root. Ends when standard input closes.
            """)

    @Option(help: ArgumentHelp("The only directory the assistant's files are read from and written to (default: the current directory).",
                               valueName: "DIR"))
    var root: String?

    func run() async throws {
        let environment = CommandScope.currentEnvironment
        let configPath = ConfigFile.path(in: environment)
        let config = try ConfigFile.load(from: configPath)
        ConfigFile.warnIfExposed(configPath, config: config)
        let directory = try RootDirectory(root ?? FileManager.default.currentDirectoryPath)
        let server = CADMCPServer(
            root: directory, environment: environment, config: config, transport: CurlTransport(),
            version: CADCTLVersion.current)
        try await server.run()
    }
}
