import CADCore
import Foundation
import MCP

extension JSONValue {
    /// The MCP SDK's `Value` as the SDK clients' `JSONValue` (a data URL string stays the string it was).
    init(mcp value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .data(let mimeType, let data):
            self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let items): self = .array(items.map(JSONValue.init(mcp:)))
        case .object(let members):
            self = .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(mcp: $0.value)) }))
        }
    }
}

extension Value {
    /// A `JSONValue` as the MCP SDK's `Value` (whole numbers as integers).
    init(json value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number):
            if number == number.rounded(), abs(number) < 9e15 { self = .int(Int(number)) } else { self = .double(number) }
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(Value.init(json:)))
        case .object(let members):
            var object: [String: Value] = [:]
            for (key, member) in members { object[key] = Value(json: member) }
            self = .object(object)
        }
    }
}
