/// How hard Makistry works on a job: `standard` (30 s–2 min), `pro` (1–5 min), `assembly` (2–15 min).
///
/// `POST /text-to-cad` accepts all three; `POST /image-to-cad` only `standard` and `assembly`.
public enum DesignMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A single part, quickly (30 s–2 min).
    case standard
    /// A single part with more care (1–5 min; text-to-CAD only).
    case pro
    /// Several parts (2–15 min).
    case assembly

    /// Parses a mode case-insensitively (`Standard`, `PRO`).
    public init?(caseInsensitive text: String) {
        self.init(rawValue: text.lowercased())
    }

    /// The default time to wait for a job of this mode: a margin above the documented longest run
    /// (standard 2 min → 5 min, pro 5 min → 10 min, assembly 15 min → 20 min).
    public var defaultWaitTimeout: Duration {
        switch self {
        case .standard: .seconds(5 * 60)
        case .pro: .seconds(10 * 60)
        case .assembly: .seconds(20 * 60)
        }
    }

    /// The wait timeout when the mode is unknown (a job id alone): the longest, assembly's 20 minutes.
    public static let longestWaitTimeout: Duration = DesignMode.assembly.defaultWaitTimeout

    /// The modes `POST /text-to-cad` accepts.
    public static let textModes: [DesignMode] = [.standard, .pro, .assembly]
    /// The modes `POST /image-to-cad` accepts.
    public static let imageModes: [DesignMode] = [.standard, .assembly]
}
