import ArgumentParser
import CADGeometry

/// `preview --view`: iso, front, back, left, right, top or bottom, case-insensitive.
extension PreviewView: ExpressibleByArgument {
    /// Parses the flag's text case-insensitively.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The values `--help` and a refused value list.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
