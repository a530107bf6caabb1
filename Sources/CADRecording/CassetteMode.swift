import CADTransport
import Foundation

/// When a cassette is recorded and when it is replayed (the VCR record modes).
public enum RecordMode: String, Sendable, CaseIterable {
    /// Replay when the cassette exists, else record it.
    case once
    /// Replay only; a missing cassette is an error. What CI uses.
    case none
    /// Always record, replacing the cassette.
    case all
}

/// Builds the transport for a cassette and a record mode.
public enum CassetteTransport {
    /// A `ReplayTransport` or a `RecordingTransport` over `upstream`, as `mode` says.
    public static func make(
        path: String, mode: RecordMode, upstream: @autoclosure () -> any HTTPTransport, metadata: CassetteMetadata,
        scrubber: CassetteScrubber = CassetteScrubber(), rules: MatchRules = .default, allowRepeats: Bool = false
    ) throws -> any HTTPTransport {
        let exists = FileManager.default.fileExists(atPath: path)
        switch mode {
        case .all:
            return RecordingTransport(upstream: upstream(), path: path, metadata: metadata, scrubber: scrubber)
        case .once where !exists:
            return RecordingTransport(upstream: upstream(), path: path, metadata: metadata, scrubber: scrubber)
        case .once, .none:
            guard exists else {
                throw CassetteError(path: path, problem: "does not exist, and the record mode is `none` (replay only)")
            }
            return try ReplayTransport(path: path, rules: rules, allowRepeats: allowRepeats, scrubber: scrubber)
        }
    }
}
