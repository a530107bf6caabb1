import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CADTransport

/// A recorded conversation with an API: one HAR 1.2 file, an ordered list of exchanges plus metadata.
public struct Cassette: Sendable, Equatable {
    /// The HAR document.
    public var document: HAR.Document

    /// The exchanges, in the order they happened.
    public var entries: [HAR.Entry] {
        get { document.log.entries }
        set { document.log.entries = newValue }
    }

    /// What the cassette is and how it was made.
    public var metadata: CassetteMetadata? {
        get { document.log.cassette }
        set { document.log.cassette = newValue }
    }

    /// An empty cassette.
    public init(metadata: CassetteMetadata?) {
        document = HAR.Document(log: HAR.Log(
            creator: HAR.Creator(name: "cadctl", version: CADCTLVersion.current), entries: [], cassette: metadata))
    }

    /// A cassette holding `document`.
    public init(document: HAR.Document) { self.document = document }

    /// Reads the cassette at `path`.
    /// - Throws: `CassetteError` naming the file and what is wrong with it.
    public static func load(from path: String) throws -> Cassette {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CassetteError(path: path, problem: "cannot be read (\(error.localizedDescription))")
        }
        do {
            return Cassette(document: try JSONDecoder().decode(HAR.Document.self, from: data))
        } catch let error as DecodingError {
            throw CassetteError(path: path, problem: "is not a HAR 1.2 cassette: \(Self.describe(error))")
        } catch {
            throw CassetteError(path: path, problem: "is not a HAR 1.2 cassette: \(error)")
        }
    }

    /// Writes the cassette to `path` atomically (a temporary file beside it, then a rename), pretty-printed
    /// with sorted keys so cassettes diff well.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(document)
        data.append(0x0A)
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                throw CassetteError(path: path, problem: "cannot be put in place (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CassetteError(path: path, problem: "cannot be written (\(error.localizedDescription))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context)).\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A cassette file that cannot be read, parsed or written.
public struct CassetteError: Error, Sendable, CustomStringConvertible {
    /// The cassette file.
    public var path: String
    /// What was wrong, as a phrase after the path (`is not valid HAR: …`).
    public var problem: String
    public var description: String { "cassette \(path) \(problem)" }
}
