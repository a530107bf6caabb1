import CADCLICore
import CADCore
import MCP

/// A tool call's arguments, read with the checks the tool's input schema states. A wrong argument is a
/// usage error naming it, so the assistant can correct its call.
struct ToolArguments: Sendable {
    let tool: String
    let values: [String: Value]

    /// The arguments of a call to `tool`, refusing any name the tool does not take.
    init(tool: String, values: [String: Value]?, allowed: [String]) throws {
        self.tool = tool
        self.values = values ?? [:]
        if let unknown = self.values.keys.sorted().first(where: { !allowed.contains($0) }) {
            let known = allowed.isEmpty ? "it takes no arguments" : "it takes: " + allowed.joined(separator: ", ")
            throw CLIError.usage("\(tool): unknown argument '\(unknown)'; \(known)")
        }
    }

    /// A required, non-empty string.
    func requiredString(_ name: String) throws -> String {
        guard let value = try string(name), !value.isEmpty else {
            throw CLIError.usage("\(tool): '\(name)' is required (a non-empty string)")
        }
        return value
    }

    /// An optional string.
    func string(_ name: String) throws -> String? {
        guard let value = present(name) else { return nil }
        guard let text = value.stringValue else { throw wrongType(name, expected: "a string") }
        return text
    }

    /// An optional string that must be one of `allowed` (compared case-insensitively; returned lower-cased).
    func choice(_ name: String, allowed: [String]) throws -> String? {
        guard let text = try string(name)?.lowercased() else { return nil }
        guard allowed.contains(text) else {
            throw CLIError.usage("\(tool): '\(name)' is '\(text)'; use one of: " + allowed.joined(separator: ", "))
        }
        return text
    }

    /// An optional boolean.
    func bool(_ name: String) throws -> Bool? {
        guard let value = present(name) else { return nil }
        guard let flag = value.boolValue else { throw wrongType(name, expected: "true or false") }
        return flag
    }

    /// An optional array of strings (a single string is taken as an array of one).
    func strings(_ name: String) throws -> [String] {
        guard let value = present(name) else { return [] }
        if let text = value.stringValue { return [text] }
        guard let items = value.arrayValue else { throw wrongType(name, expected: "an array of strings") }
        return try items.map { item in
            guard let text = item.stringValue else { throw wrongType(name, expected: "an array of strings") }
            return text
        }
    }

    /// An optional array of strings, each one of `allowed` (lower-cased, without repeats).
    func choices(_ name: String, allowed: [String]) throws -> [String] {
        var result: [String] = []
        for text in try strings(name).map({ $0.lowercased() }) {
            guard allowed.contains(text) else {
                throw CLIError.usage("\(tool): '\(name)' has '\(text)'; use any of: " + allowed.joined(separator: ", "))
            }
            if !result.contains(text) { result.append(text) }
        }
        return result
    }

    /// An optional JSON object.
    func object(_ name: String) throws -> JSONValue? {
        guard let value = present(name) else { return nil }
        guard case .object = value else { throw wrongType(name, expected: "a JSON object") }
        return JSONValue(mcp: value)
    }

    /// The raw value, when given and not `null`.
    func present(_ name: String) -> MCP.Value? {
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    private func wrongType(_ name: String, expected: String) -> CLIError {
        CLIError.usage("\(tool): '\(name)' must be \(expected)")
    }
}
