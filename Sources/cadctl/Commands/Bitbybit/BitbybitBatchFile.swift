import Bitbybit
import Foundation

/// Reads `models run NAME --batch FILE`: JSON Lines, one object of parameters per line (blank lines
/// skipped), each checked against the model's definition before anything is sent.
enum BitbybitBatchFile {
    /// Bitbybit's documented limit of variations per batch.
    static let maximumItems = 50

    /// The batch items of `path` for `definition`.
    ///
    /// - Throws: `CLIError.usage` naming the file and line of the first problem.
    static func read(_ path: String, definition: ModelDefinition) throws -> [BatchModelSubmissionBody.Item] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("cannot read --batch \(path); give a readable JSON Lines file (one params object per line)")
        }
        let text = String(decoding: data, as: UTF8.self)
        var items: [BatchModelSubmissionBody.Item] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let place = "--batch \(path) line \(offset + 1)"
            let value: JSONValue
            do {
                value = try JSONValue(parsing: line)
            } catch {
                throw CLIError.usage("\(place) is not valid JSON: \(error.description); write one object per line, "
                    + "e.g. {\"height\": 10}")
            }
            guard let object = value.objectValue else {
                throw CLIError.usage("\(place) is a JSON \(value.typeName), not an object of parameters; "
                    + "write one object per line, e.g. {\"height\": 10}")
            }
            items.append(BatchModelSubmissionBody.Item(
                params: object.isEmpty ? nil : try check(object, definition: definition, place: place)))
        }
        guard !items.isEmpty else {
            throw CLIError.usage("--batch \(path) holds no parameters; write one JSON object per line, e.g. {\"height\": 10}")
        }
        guard items.count <= maximumItems else {
            throw CLIError.usage("--batch \(path) holds \(items.count) variations; Bitbybit runs at most "
                + "\(maximumItems) per batch: split the file")
        }
        return items
    }

    /// `object`'s parameters, each known to the model and of its declared type.
    static func check(_ object: JSONObject, definition: ModelDefinition, place: String) throws -> [String: JSONValue] {
        let byName = Dictionary(definition.params.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [String: JSONValue] = [:]
        for (name, value) in object {
            guard let parameter = byName[name] else {
                throw CLIError.usage("\(place): unknown parameter '\(name)' for model \(definition.name); valid: "
                    + definition.params.map(\.name).joined(separator: ", "))
            }
            if let expected = mismatch(value, parameter) {
                throw CLIError.usage("\(place): \(name) must be \(expected), not \(value.serialized())")
            }
            result[name] = value
        }
        return result
    }

    /// What `value` should have been when it does not fit `parameter`'s type; `nil` when it fits.
    private static func mismatch(_ value: JSONValue, _ parameter: ModelParamDefinition) -> String? {
        switch parameter.type {
        case .number:
            return value.numberValue == nil ? "a number" : nil
        case .integer:
            guard let number = value.numberValue, number.rounded() == number else { return "a whole number" }
            return nil
        case .boolean:
            return value.boolValue == nil ? "true or false" : nil
        case .array:
            guard let elements = value.arrayValue else { return "an array, e.g. [0, 0, 1]" }
            if let type = parameter.items?.type, type == "number" || type == "integer",
                elements.contains(where: { $0.numberValue == nil }) {
                return "an array of numbers"
            }
            return nil
        case .unknown:
            return nil
        }
    }
}
