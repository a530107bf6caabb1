import Foundation

/// The pipeline limits and reference rules Bitbybit documents beyond the JSON schema, checked loosely
/// (the client's local validator is the thorough one):
///
/// - operation paths have 2–5 segments under a documented root namespace (`occt`, `jscad`, `manifold`,
///   `json`, `csv`, `lists`, `math`, `logic`, `text`, `vector`, `point`, `color`, `line`, `polyline`;
///   plus the sandbox's own `sandbox.fail`);
/// - at most 100 items per map (when the count is known: an inline array, or a `$ref` to a `json.parse`
///   step with literal text) and 500 operations in all, map iterations included;
/// - `$ref:N` must name an earlier result (indices counted with the map rule: a map of I items and S
///   inner steps puts its result at `start + I × S`), `$file:N[:format][:codec]` an input file with a
///   known format (`text|buffer|uint8|json|base64`) and codec (`raw|gunzip|auto`); `$item`/`$index` only
///   inside a map, `$mapResult` only in a reduce;
/// - choice operators other than `exists` need `compareTo`;
/// - params at most 10 levels deep with 500 keys, strings up to 1,000,000 characters, arrays up to
///   10,000 elements.
struct BitbybitPipelineRules {
    static let rootNamespaces: Set<String> = [
        "occt", "jscad", "manifold", "json", "csv", "lists", "math", "logic", "text", "vector", "point", "color",
        "line", "polyline", "sandbox",
    ]
    static let maxMapItems = 100
    static let maxOperations = 500
    static let maxParamsDepth = 10
    static let maxParamsKeys = 500
    static let maxStringLength = 1_000_000
    static let maxArrayLength = 10_000

    private(set) var issues: [BitbybitValidationIssue] = []
    private let inputFileCount: Int
    /// Results of top-level steps so far, for `$ref` bounds and `json.parse` item counts; `nil` once the
    /// count can no longer be known.
    private var nextIndex: Int? = 0
    private var parsedArrays: [Int: Int] = [:]
    private var operations = 0

    /// Every rule violation in a schema-valid pipeline body.
    static func check(_ body: JSONValue) -> [BitbybitValidationIssue] {
        var rules = BitbybitPipelineRules(inputFileCount: body["inputFiles"]?.arrayValue?.count ?? 0)
        for (index, step) in (body["steps"]?.arrayValue ?? []).enumerated() {
            rules.checkTopLevel(step, path: "steps[\(index)]", position: index)
        }
        if rules.operations > maxOperations {
            rules.fail("steps", "the pipeline runs \(rules.operations) operations (map iterations included); the limit is \(maxOperations)")
        }
        return rules.issues
    }

    private init(inputFileCount: Int) { self.inputFileCount = inputFileCount }

    private mutating func fail(_ path: String, _ message: String) {
        issues.append(BitbybitValidationIssue(path: path, message: message))
    }

    private mutating func checkTopLevel(_ step: JSONValue, path: String, position: Int) {
        switch step["type"]?.stringValue {
        case "map":
            let inner = step["steps"]?.arrayValue ?? []
            let reduce = step["reduce"]?.arrayValue ?? []
            let count = itemCount(step["items"])
            if let count, count > Self.maxMapItems {
                fail("\(path).items", "a map iterates over at most \(Self.maxMapItems) items; this one has \(count)")
            }
            checkValue(step["items"] ?? .null, path: "\(path).items", scope: .topLevel(first: position == 0))
            for (index, child) in inner.enumerated() {
                checkOperationStep(child, path: "\(path).steps[\(index)]", scope: .map(first: index == 0))
            }
            for (index, child) in reduce.enumerated() {
                checkOperationStep(child, path: "\(path).reduce[\(index)]", scope: .reduce(first: index == 0))
            }
            let iterations = count ?? 1
            operations += iterations * inner.count + reduce.count
            if let start = nextIndex, let count, reduce.isEmpty {
                nextIndex = start + count * inner.count + 1
            } else {
                nextIndex = nil
            }
        case "choice":
            let operatorName = step["operator"]?.stringValue
            if operatorName != "exists", step["compareTo"] == nil {
                fail("\(path).compareTo", "is required for operator \(operatorName ?? "?") (only exists works without it)")
            }
            checkValue(step["value"] ?? .null, path: "\(path).value", scope: .topLevel(first: position == 0))
            for branch in ["then", "else"] {
                for (index, child) in (step[branch]?.arrayValue ?? []).enumerated() {
                    checkOperationStep(child, path: "\(path).\(branch)[\(index)]", scope: .branch(first: index == 0))
                }
            }
            operations += max(step["then"]?.arrayValue?.count ?? 0, step["else"]?.arrayValue?.count ?? 0)
            nextIndex = nil
        default:
            checkOperationStep(step, path: path, scope: .topLevel(first: position == 0))
            operations += 1
            if let index = nextIndex {
                if step["operation"]?.stringValue == "json.parse", let text = step["params"]?["text"]?.stringValue,
                    let parsed = JSONValue.parse(Data(text.utf8))?.arrayValue
                {
                    parsedArrays[index] = parsed.count
                }
                nextIndex = index + 1
            }
        }
    }

    /// Where a step sits, for the scope-bound references.
    private enum Scope {
        case topLevel(first: Bool)
        case map(first: Bool)
        case reduce(first: Bool)
        case branch(first: Bool)

        var isFirst: Bool {
            switch self {
            case .topLevel(let first), .map(let first), .reduce(let first), .branch(let first): first
            }
        }
    }

    private mutating func checkOperationStep(_ step: JSONValue, path: String, scope: Scope) {
        if let operation = step["operation"]?.stringValue { checkOperationName(operation, path: "\(path).operation") }
        var keys = 0
        checkParams(step["params"] ?? .null, path: "\(path).params", scope: scope, depth: 0, keys: &keys)
        if keys > Self.maxParamsKeys {
            fail("\(path).params", "has \(keys) keys; the limit is \(Self.maxParamsKeys)")
        }
    }

    private mutating func checkOperationName(_ operation: String, path: String) {
        let segments = operation.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...5).contains(segments.count), segments.allSatisfy({ !$0.isEmpty }) else {
            fail(path, "operation paths have 2 to 5 dot-separated segments (e.g. occt.shapes.solid.createBox), not \(operation)")
            return
        }
        let root = String(segments[0])
        if !Self.rootNamespaces.contains(root) {
            let known = Self.rootNamespaces.subtracting(["sandbox"]).sorted().joined(separator: ", ")
            fail(path, "unknown namespace \(root); operations live under \(known)")
        }
    }

    private mutating func checkParams(_ value: JSONValue, path: String, scope: Scope, depth: Int, keys: inout Int) {
        if depth > Self.maxParamsDepth {
            fail(path, "params nest deeper than \(Self.maxParamsDepth) levels")
            return
        }
        switch value {
        case .object(let object):
            keys += object.count
            for key in object.keys {
                checkParams(object[key] ?? .null, path: "\(path).\(key)", scope: scope, depth: depth + 1, keys: &keys)
            }
        case .array(let items):
            if items.count > Self.maxArrayLength {
                fail(path, "arrays hold at most \(Self.maxArrayLength) elements; this one has \(items.count)")
            }
            for (index, item) in items.enumerated() {
                checkParams(item, path: "\(path)[\(index)]", scope: scope, depth: depth + 1, keys: &keys)
            }
        default:
            checkValue(value, path: path, scope: scope)
        }
    }

    private mutating func checkValue(_ value: JSONValue, path: String, scope: Scope) {
        guard case .string(let text) = value else {
            if case .array(let items) = value {
                for (index, item) in items.enumerated() { checkValue(item, path: "\(path)[\(index)]", scope: scope) }
            }
            return
        }
        if text.count > Self.maxStringLength {
            fail(path, "strings hold at most \(Self.maxStringLength) characters")
        }
        guard text.hasPrefix("$") else { return }
        if text.hasPrefix("$ref:") {
            guard let index = Int(text.dropFirst(5)), index >= 0 else {
                fail(path, "\(text) is not a valid reference; write $ref:N with N a step index")
                return
            }
            if let next = nextIndex, index >= next {
                fail(path, "\(text) refers to result \(index), which does not exist yet (results 0–\(next - 1) precede this step)")
            }
        } else if text.hasPrefix("$file:") {
            let parts = text.dropFirst(6).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let index = parts.first.flatMap({ Int($0) }), index >= 0, parts.count <= 3 else {
                fail(path, "\(text) is not a valid file reference; write $file:N[:format][:codec]")
                return
            }
            if index >= inputFileCount {
                fail(path, "\(text) refers to input file \(index), but the pipeline lists \(inputFileCount) inputFiles")
            }
            if parts.count > 1, !["text", "buffer", "uint8", "json", "base64"].contains(parts[1]) {
                fail(path, "unknown file read format \(parts[1]); use text, buffer, uint8, json or base64")
            }
            if parts.count > 2, !["raw", "gunzip", "auto"].contains(parts[2]) {
                fail(path, "unknown file codec \(parts[2]); use raw, gunzip or auto")
            }
        } else if text == "$item" || text == "$index" {
            guard case .map = scope else {
                fail(path, "\(text) is only available inside a map's steps")
                return
            }
        } else if text == "$mapResult" {
            guard case .reduce = scope else {
                fail(path, "$mapResult is only available inside a map's reduce steps")
                return
            }
        } else if text == "$prev", scope.isFirst {
            fail(path, "$prev has no previous step here (this is the first step of its scope)")
        }
    }

    /// The number of items a map iterates over, when it can be known before running.
    private func itemCount(_ items: JSONValue?) -> Int? {
        switch items {
        case .array(let values)?: return values.count
        case .string(let text)? where text.hasPrefix("$ref:"): return Int(text.dropFirst(5)).flatMap { parsedArrays[$0] }
        default: return nil
        }
    }
}
