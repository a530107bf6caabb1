/// How steps fill the global results array that `$ref:N` indexes: the one counting rule the
/// builder and the validator share.
///
/// From the pipelines document: every top-level step adds one entry; a map's inner steps push
/// their results too, so "after a map step that runs I iterations with S inner steps each, the map
/// result array is at index start + (I × S)".
///
/// Where the document is silent, this code assumes (and the validator therefore checks) that:
/// - a map nested inside a map counts like one: each outer iteration adds its I′ × S′ inner
///   results and then its own result (so S counts a nested map as I′ × S′ + 1);
/// - a choice adds one entry (its result) and its branch steps add none: were they to push, the
///   indices after a choice would depend on the branch taken at run time;
/// - reduce steps add none: the map's result (the reduce's output) stays at start + I × S.
enum ResultCounting {
    /// Entries a plain step or a choice adds.
    static let plainStep = 1

    /// Entries a map adds: I × S inner results plus its own; `nil` when I or S is unknown.
    static func mapEntries(items: Int?, perIteration: Int?) -> Int? {
        guard let items, let perIteration else { return nil }
        return items * perIteration + 1
    }

    /// Entries per iteration of steps whose own counts are given; `nil` if any is unknown.
    static func sum(_ entries: [Int?]) -> Int? {
        entries.reduce(Optional(0)) { total, next in
            guard let total, let next else { return nil }
            return total + next
        }
    }

    /// The value a `json.parse` step with literal text produces, when it can be known: the step's
    /// operation is `json.parse` and `params.text` is a string that is not a reference and parses.
    static func literalParseResult(of step: JSONValue) -> JSONValue? {
        guard step["type"] == nil, step["operation"]?.stringValue == BitbybitOperation.jsonParse.rawValue,
              let text = step["params"]?["text"]?.stringValue,
              PipelineReference(text) == nil
        else { return nil }
        return try? JSONValue(parsing: text)
    }
}
