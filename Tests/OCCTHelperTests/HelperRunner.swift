import CADTestSupport
import Foundation
import Testing

/// Runs the built `cadctl-occt` helper as cadctl does: its own process, arguments, stdout and stderr.
enum HelperRunner {
    struct Outcome {
        var exitCode: Int32
        var stdout: String
        var stderr: String

        /// stdout as the one JSON object every successful command prints.
        func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let lines = stdout.split(separator: "\n")
            #expect(lines.count == 1, "one line of JSON on stdout, got: \(stdout)", sourceLocation: sourceLocation)
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "not a JSON object: \(stdout)", sourceLocation: sourceLocation)
        }
    }

    /// `$CADCTL_OCCT` when set (to test a release build), else `cadctl-occt` in the build folder next to
    /// this test bundle.
    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["CADCTL_OCCT"], !explicit.isEmpty { return explicit }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("cadctl-occt").path,
                          bundle.deletingLastPathComponent().appendingPathComponent("cadctl-occt").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "\(binary) is missing: build it with `swift build --product cadctl-occt`", sourceLocation: sourceLocation)
        let outcome = try await ChildProcess.run(binary, arguments)
        return Outcome(exitCode: outcome.exitCode, stdout: String(decoding: outcome.stdout, as: UTF8.self),
                       stderr: String(decoding: outcome.stderr, as: UTF8.self))
    }
}

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("occt-helper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A JSON array of three numbers.
func triple(_ value: Any?) -> [Double]? {
    guard let array = value as? [Any], array.count == 3 else { return nil }
    let numbers = array.compactMap { ($0 as? NSNumber)?.doubleValue }
    return numbers.count == 3 ? numbers : nil
}

/// A JSON number.
func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
