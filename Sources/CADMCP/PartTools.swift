import CADCLICore
import CADCore
import MCP

/// `inspect` and `preview`: local measures and pictures of a part under the root.
enum PartTools {
    /// `inspect`: what `cadctl inspect --json` prints for the file.
    static func inspect(_ context: ToolContext) throws -> JSONValue {
        _ = try context.root.resolve(try context.arguments.requiredString("path"), argument: "path")
        throw CLIError(status: .failure, message: "inspect is not available in this build (no geometry module)")
    }

    /// `preview`: the PNG as image content, and its path.
    static func preview(_ context: ToolContext) throws -> (JSONValue, Tool.Content) {
        _ = try context.root.resolve(try context.arguments.requiredString("path"), argument: "path")
        throw CLIError(status: .failure, message: "preview is not available in this build (no geometry module)")
    }
}
