/// A reference string inside a pipeline: a whole string value that the server replaces with a
/// result, a file or an iteration value. Anywhere in `params` (and in `items`, `value`,
/// `compareTo`), at any depth.
public enum PipelineReference: Sendable, Hashable, CustomStringConvertible {
    /// `$ref:N`: entry N of the global results array (map inner steps push there too).
    case result(Int)
    /// `$local:N`: step N of the current scope.
    case local(Int)
    /// `$prev`: the previous step of the current scope.
    case previous
    /// `$item`: the current element inside a map.
    case item
    /// `$index`: the current 0-based iteration index inside a map.
    case index
    /// `$mapResult`: the collected iteration results inside a map's reduce steps.
    case mapResult
    /// `$file:N[:format][:codec]`: input file N.
    case file(Int, format: FileReadFormat? = nil, codec: FileCodec? = nil)

    /// The reference as written in JSON.
    public var description: String {
        switch self {
        case .result(let index): "$ref:\(index)"
        case .local(let index): "$local:\(index)"
        case .previous: "$prev"
        case .item: "$item"
        case .index: "$index"
        case .mapResult: "$mapResult"
        case .file(let index, let format, let codec):
            "$file:\(index)" + (format.map { ":\($0.rawValue)" } ?? "") + (codec.map { ":\($0.rawValue)" } ?? "")
        }
    }

    /// The reference a string spells; `nil` for any other string (including malformed references).
    public init?(_ string: String) {
        guard case .reference(let reference) = PipelineReference.classify(string) else { return nil }
        self = reference
    }

    /// What a string value is to the server.
    enum Classification: Sendable, Hashable {
        /// A reference.
        case reference(PipelineReference)
        /// Looks like a reference but is not one; the reason says how to fix it.
        case malformed(String, severity: ValidationProblem.Severity)
        /// An ordinary string (`"$..x"` JSONPath queries included).
        case literal
    }

    static let keywords: [String: PipelineReference] = [
        "$prev": .previous, "$item": .item, "$index": .index, "$mapResult": .mapResult,
    ]

    static func classify(_ string: String) -> Classification {
        guard string.hasPrefix("$") else { return .literal }
        if let keyword = keywords[string] { return .reference(keyword) }
        if let keyword = keywords.first(where: { $0.key.lowercased() == string.lowercased() }) {
            return .malformed("'\(string)' is not a reference; write '\(keyword.key)' (references are case-sensitive)", severity: .warning)
        }
        if string.hasPrefix("$ref:") {
            guard let index = nonNegativeInteger(string.dropFirst(5)) else {
                return .malformed("'\(string)' is not a valid reference; '$ref:' takes a result index, e.g. '$ref:0'", severity: .error)
            }
            return .reference(.result(index))
        }
        if string.hasPrefix("$local:") {
            guard let index = nonNegativeInteger(string.dropFirst(7)) else {
                return .malformed("'\(string)' is not a valid reference; '$local:' takes a step index, e.g. '$local:0'", severity: .error)
            }
            return .reference(.local(index))
        }
        if string.hasPrefix("$file:") {
            return classifyFile(string)
        }
        return .literal
    }

    private static func classifyFile(_ string: String) -> Classification {
        let parts = string.split(separator: ":", omittingEmptySubsequences: false).dropFirst()
        guard let first = parts.first, let index = nonNegativeInteger(first) else {
            return .malformed("'\(string)' is not a valid reference; '$file:' takes an input file index, e.g. '$file:0'", severity: .error)
        }
        var format: FileReadFormat?
        var codec: FileCodec?
        let options = Array(parts.dropFirst())
        let usage = "use '$file:N[:format][:codec]' with format text, json, buffer, uint8 or base64 and codec raw, gunzip or auto"
        guard options.count <= 2 else {
            return .malformed("'\(string)' has too many parts; \(usage)", severity: .error)
        }
        for (position, option) in options.enumerated() {
            if position == 0, let value = FileReadFormat(rawValue: String(option)) {
                format = value
            } else if codec == nil, let value = FileCodec(rawValue: String(option)) {
                codec = value
            } else {
                let names = FileReadFormat.allCases.map(\.rawValue) + FileCodec.allCases.map(\.rawValue)
                let hint = NameSuggester.best(for: String(option), among: names).map { " (did you mean '\($0)'?)" } ?? ""
                return .malformed("'\(string)': unknown file read option '\(option)'\(hint); \(usage)", severity: .error)
            }
        }
        return .reference(.file(index, format: format, codec: codec))
    }

    private static func nonNegativeInteger(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }
}

/// How a `$file:N` reference delivers the file (the format suffix; default `text`).
public enum FileReadFormat: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 text (STEP, IGES, CSV).
    case text
    /// Parsed JSON.
    case json
    /// An ArrayBuffer.
    case buffer
    /// A Uint8Array.
    case uint8
    /// A Base64 string.
    case base64
}

/// Whether a `$file:N` reference decompresses first (the codec suffix; default `raw`).
public enum FileCodec: String, Sendable, Hashable, CaseIterable {
    /// As uploaded.
    case raw
    /// Gunzip first.
    case gunzip
    /// Gunzip only when the gzip magic bytes are present (reads .step and .stpz alike).
    case auto
}
