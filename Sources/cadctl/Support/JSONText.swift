import CADCore

/// The CLI's one JSON writer: every `--json` document, every JSON error on stderr and every JSON file cadctl
/// writes (`cadctl.lock`) is a CADCore `JSONValue` serialized by CADCore's writer (compact, keys in the order
/// given, whole numbers without a fraction). Output documents are built as ordered pairs, so their key order
/// is the contract's; SDK models are encoded with sorted keys.
enum JSONText {
    /// A JSON value of a CLI document.
    typealias Value = JSONValue

    /// `{…}` from ordered pairs, compact.
    static func object(_ pairs: [(String, Value)]) -> String { render(.object(pairs)) }

    /// `{…}` from a literal's pairs, in order, compact.
    static func object(_ dictionary: KeyValuePairs<String, Value>) -> String {
        render(.object(dictionary.map { ($0.key, $0.value) }))
    }

    /// The value as compact JSON text.
    static func render(_ value: Value) -> String { value.serialized() }

    /// `text` as a JSON string literal, quotes included.
    static func quote(_ text: String) -> String { render(.string(text)) }

    /// An SDK model as compact JSON with sorted keys (object keys at every level), the value CADCore's
    /// `JSONValue(encoding:)` makes of it.
    static func encoding(_ model: some Encodable) throws -> String {
        try JSONValue(encoding: model).serialized(sortedKeys: true)
    }

    /// An SDK model as one JSON object whose first key is `first` (e.g. `"provider"`), then the model's own
    /// keys sorted; a model that is not an object is returned as `encoding` gives it.
    static func encoding(_ model: some Encodable, first: (String, Value)) throws -> String {
        let value = try JSONValue(encoding: model)
        guard let object = value.objectValue else { return value.serialized(sortedKeys: true) }
        var pairs = [first]
        for key in object.keys.sorted() where key != first.0 { pairs.append((key, sortedKeys(object[key] ?? .null))) }
        return render(.object(pairs))
    }

    /// `value` with the keys of every object sorted (for stable output of provider data).
    static func sortedKeys(_ value: Value) -> Value {
        switch value {
        case .array(let items): .array(items.map(sortedKeys))
        case .object(let members): .object(members.keys.sorted().map { ($0, sortedKeys(members[$0] ?? .null)) })
        default: value
        }
    }
}

extension JSONValue {
    /// A whole number.
    static func integer(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// An object of `pairs`, in order.
    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(pairs)) }
}
