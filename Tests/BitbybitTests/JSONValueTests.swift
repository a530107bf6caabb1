import Bitbybit
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("Parsing keeps key order; equality ignores it")
    func order() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": [true, null, "x"], "c": {"z": 1, "y": 2}}"#)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value == (try JSONValue(parsing: #"{"a": [true, null, "x"], "c": {"y": 2, "z": 1}, "b": 1}"#)))
        #expect(value != (try JSONValue(parsing: #"{"a": [null, true, "x"], "c": {"y": 2, "z": 1}, "b": 1}"#)))
        #expect(value.serialized() == #"{"b":1,"a":[true,null,"x"],"c":{"z":1,"y":2}}"#)
        #expect(value.serialized(sortedKeys: true) == #"{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}"#)
    }

    @Test("Strings: escapes and surrogate pairs round-trip")
    func strings() throws {
        let text = #"["tab\there", "quote \" backslash \\ slash \/", "\u00e9\ud83d\ude00", "\u0001"]"#
        let value = try JSONValue(parsing: text)
        #expect(value[0] == "tab\there")
        #expect(value[1] == "quote \" backslash \\ slash /")
        #expect(value[2] == "é😀")
        #expect(value.serialized() == #"["tab\there","quote \" backslash \\ slash /","é😀","\u0001"]"#)
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    @Test("Numbers: integers print without a fraction, others in shortest form")
    func numbers() throws {
        let value = try JSONValue(parsing: "[10, -0.5, 1e-6, 3.0, 12345678901, 1.5E3]")
        #expect(value.serialized() == "[10,-0.5,1e-06,3,12345678901,1500]")
        #expect(value[3]?.intValue == 3)
        #expect(value[1]?.intValue == nil)
    }

    @Test("Invalid JSON: the reason with line and column", arguments: [
        ("{\"a\": }", "line 1, column 7"),
        ("[1, 2", "line 1, column 6"),
        ("{\"a\": 1}\n x", "line 2, column 2"),
        ("[01]", "line 1, column 3"),
        ("\"\u{01}\"", "line 1, column 2"),
        ("{'a': 1}", "line 1, column 2"),
    ])
    func invalid(text: String, place: String) {
        #expect {
            _ = try JSONValue(parsing: text)
        } throws: { error in
            (error as? JSONParseError)?.description.contains(place) == true
        }
    }

    @Test("Very deep nesting is refused instead of overflowing the stack")
    func depth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test("Codable through JSONEncoder/JSONDecoder")
    func codable() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true], "b": ["c": "d"]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONValue(parsing: data) == value)
    }

    @Test("JSON paths: identifiers with dots, indices in brackets, other keys quoted")
    func paths() {
        let path: JSONPath = ["steps", 4, "steps", 0, "params", "shape"]
        #expect(path.description == "steps[4].steps[0].params.shape")
        #expect(JSONPath(["params", "my key"]).description == #"params["my key"]"#)
        #expect(JSONPath.root.description == "")
    }
}
