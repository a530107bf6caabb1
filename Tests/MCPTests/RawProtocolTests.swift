import CADSandbox
import CADTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `cadctl mcp` at the level of raw JSON-RPC lines: malformed input and the end of input.
@Suite("cadctl mcp: malformed JSON-RPC and the end of input")
struct RawProtocolTests {
    @Test("malformed lines get JSON-RPC errors, the server keeps serving, and exits 0 when its input closes")
    func malformedInput() async throws {
        try await MCPHarness.withSandbox { _, root, environment in
            let child = try ChildProcess.startInteractive(MCPHarness.binary, ["mcp", "--root", root], environment: environment)
            let transport = PipeTransport(input: child.stdout, output: child.stdin)
            try await transport.connect()
            try await transport.send(Data("this is not json".utf8))
            try await transport.send(Data(#"{"id":7,"method":"tools/list"}"#.utf8))
            try await transport.send(Data("[]".utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#.utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#.utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","id":3,"method":"no/such/method"}"#.utf8))
            _ = await transport.firstMessage { $0.contains(#""id":3"#) }
            close(child.stdin)
            let (code, errors) = await child.exit()
            close(child.stdout)
            #expect(code == 0, "\(String(decoding: errors, as: UTF8.self))")

            let messages = transport.messages.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            func error(_ id: Int?) -> [String: Any]? {
                messages.first { message in
                    guard message["error"] != nil else { return false }
                    if let id { return message["id"] as? Int == id }
                    return message["id"] is NSNull
                }?["error"] as? [String: Any]
            }
            let parse = messages.filter { ($0["error"] as? [String: Any])?["code"] as? Int == -32700 }
            #expect(parse.count == 1 && parse.first?["id"] is NSNull)
            #expect(error(7)?["code"] as? Int == -32600, "no jsonrpc member: invalid request")
            #expect(messages.contains { ($0["error"] as? [String: Any])?["code"] as? Int == -32600 && $0["id"] is NSNull })
            #expect(error(3)?["code"] as? Int == -32601)
            let list = messages.first { $0["id"] as? Int == 2 }
            let tools = ((list?["result"] as? [String: Any])?["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(tools?.count == 8)
            #expect(messages.contains { $0["id"] as? Int == 1 && $0["result"] != nil })
        }
    }

    @Test("without structured content in the 2025-03-26 protocol: JSON text only, no outputSchema")
    func olderProtocol() async throws {
        try await MCPHarness.withSandbox { _, root, environment in
            let child = try ChildProcess.startInteractive(MCPHarness.binary, ["mcp", "--root", root], environment: environment)
            let transport = PipeTransport(input: child.stdout, output: child.stdin)
            try await transport.connect()
            try await transport.send(Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#.utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#.utf8))
            try await transport.send(Data(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_models","arguments":{}}}"#.utf8))
            let answer = await transport.firstMessage { $0.contains(#""id":3"#) }
            close(child.stdin)
            _ = await child.exit()
            close(child.stdout)
            let list = transport.messages.first { $0.contains(#""id":2"#) } ?? ""
            // The SDK writes absent optionals as null; no schema object and no structured value is given.
            #expect(list.contains("generate_part") && !list.contains(#""outputSchema":{"#))
            #expect(answer?.contains("dragon-cup") == true && answer?.contains(#""structuredContent":{"#) == false)
        }
    }
}
