import ArgumentParser
import Bitbybit
import CADCore
import Makistry

/// `jobs create --format`, either provider: step, stl, glb or 3mf, case-insensitive (`stp` is STEP).
extension PromptToCADFormat: ExpressibleByArgument {
    /// Parses the flag's text case-insensitively.
    public init?(argument: String) {
        let text = argument.lowercased()
        self.init(rawValue: text == "stp" ? "step" : text)
    }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Makistry's `--format`: case-insensitive (`STL`, `stl`; also `stp`), listed as `step, stl, glb, 3mf`.
extension MakistryOutputFormat: ExpressibleByArgument {
    /// Parses the flag's text case-insensitively.
    public init?(argument: String) { self.init(caseInsensitive: argument) }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { allCases.map(\.fileExtension) }

    /// How the value shows in `--help`.
    public var defaultValueDescription: String { fileExtension }
}

/// Makistry's `--mode`: `standard`, `pro` or `assembly`, case-insensitive.
extension DesignMode: ExpressibleByArgument {
    /// Parses the flag's text case-insensitively.
    public init?(argument: String) { self.init(caseInsensitive: argument) }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Bitbybit's `--format` for models, conversions and unfolds: a documented request name (`gltf`, `step`,
/// `stpz`, `decomposed-mesh`), case-insensitive; an unknown name is refused, not sent.
extension Bitbybit.OutputFormat: ExpressibleByArgument {
    /// The documented format named by the flag's text, else `nil` (refused by the parser).
    public init?(argument: String) {
        guard let known = Self.documentedCase(argument) else { return nil }
        self = known
    }

    /// The values `--help` and a refused value list, in the contract's order.
    public static var allValueStrings: [String] { ["gltf", "step", "stpz", "decomposed-mesh"] }
}

/// Bitbybit's `--format` for pipelines: the standard formats plus `json`, `csv`, `stl`, `3mf`.
extension PipelineOutputFormat: ExpressibleByArgument {
    /// The documented format named by the flag's text, else `nil` (refused by the parser).
    public init?(argument: String) {
        guard let known = Self.documentedCase(argument) else { return nil }
        self = known
    }

    /// The values `--help` and a refused value list, in the contract's order.
    public static var allValueStrings: [String] { ["gltf", "step", "stpz", "decomposed-mesh", "json", "csv", "stl", "3mf"] }
}

/// `tasks list --status`: a documented task status, case-insensitive.
extension TaskStatus: ExpressibleByArgument {
    /// The documented status named by the flag's text, else `nil` (refused by the parser).
    public init?(argument: String) {
        guard let known = Self.documentedCase(argument) else { return nil }
        self = known
    }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { knownCases.map(\.rawValue) }
}

/// `tasks list --kind`: a documented task kind, case-insensitive.
extension TaskKind: ExpressibleByArgument {
    /// The documented kind named by the flag's text, else `nil` (refused by the parser).
    public init?(argument: String) {
        guard let known = Self.documentedCase(argument) else { return nil }
        self = known
    }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { knownCases.map(\.rawValue) }
}

/// `files list --status`: a documented file status, case-insensitive.
extension FileStatus: ExpressibleByArgument {
    /// The documented status named by the flag's text, else `nil` (refused by the parser).
    public init?(argument: String) {
        guard let known = Self.documentedCase(argument) else { return nil }
        self = known
    }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { knownCases.map(\.rawValue) }
}

extension OpenStringEnum {
    /// The documented case spelled `argument` (any case), else `nil`: a flag never sends an unknown value.
    static func documentedCase(_ argument: String) -> Self? {
        knownCases.first { $0.rawValue == argument.lowercased() }
    }
}
