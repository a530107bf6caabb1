import CADCLICore
import CADCore
import MCP

/// How a tool's outcome becomes a `tools/call` result.
enum ToolOutcome {
    /// A success: `structured` as JSON text (every protocol version) and, where the session's version
    /// defines it, as `structuredContent`; `extra` content (an image) after the text.
    static func success(_ structured: JSONValue, extra: [Tool.Content] = [], session: SessionFacts) -> CallTool.Result {
        let text = Tool.Content.text(text: structured.serialized(sortedKeys: true), annotations: nil, _meta: nil)
        let content: Value? = session.allowsStructuredContent ? Value(json: structured) : nil
        return CallTool.Result(content: [text] + extra, structuredContent: content, isError: false)
    }

    /// A failure: `isError: true` and the line the CLI prints for the same error.
    static func failure(_ error: any Error) -> CallTool.Result {
        CallTool.Result(content: [.text(text: ErrorFacts(error).line, annotations: nil, _meta: nil)], isError: true)
    }

    /// A failure with a message of the server's own (an unknown tool).
    static func failure(message: String) -> CallTool.Result {
        failure(CLIError.usage(message))
    }
}

/// The usual `{provider, id, status, files?}` answer of the job tools.
struct JobAnswer: Sendable {
    var provider: Provider
    var id: String
    var status: String
    var files: [String]?

    var json: JSONValue {
        var object: JSONObject = ["provider": .string(provider.rawValue), "id": .string(id), "status": .string(status)]
        if let files { object["files"] = .array(files.map(JSONValue.string)) }
        return .object(object)
    }
}
