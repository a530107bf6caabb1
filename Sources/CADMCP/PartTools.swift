import CADCLICore
import CADCore
import CADGeometry
import Foundation
import MCP

/// `inspect` and `preview`: local measures and pictures of a part under the root (nothing is sent).
enum PartTools {
    /// `inspect`: what `cadctl inspect --json` prints for the file.
    static func inspect(_ context: ToolContext) throws -> JSONValue {
        let path = try context.root.resolve(try context.arguments.requiredString("path"), argument: "path")
        do {
            return PartOutput.document([PartOutput.entry(try PartReader.inspect(path: path))])
        } catch {
            throw PartOutput.failure(error, path: path)
        }
    }

    /// `preview`: renders `FILE.png` beside the file (under the root) and returns it as image content.
    static func preview(_ context: ToolContext) throws -> (JSONValue, Tool.Content) {
        let path = try context.root.resolve(try context.arguments.requiredString("path"), argument: "path")
        let view = try context.arguments.choice("view", allowed: ToolCatalog.views) ?? "iso"
        let destination = try context.root.resolve(path + ".png", argument: "path")
        do {
            try PartOutput.writePreview(path, to: destination, view: PreviewView(rawValue: view) ?? .iso)
        } catch {
            throw PartOutput.failure(error, path: path)
        }
        guard let png = FileManager.default.contents(atPath: destination) else {
            throw CLIError(status: .failure, message: "cannot read the preview \(destination) just written")
        }
        let image = Tool.Content.image(data: png.base64EncodedString(), mimeType: "image/png", annotations: nil, _meta: nil)
        return (.object(["path": .string(destination), "view": .string(view)]), image)
    }
}
