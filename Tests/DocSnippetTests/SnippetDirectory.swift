import Foundation

/// A fresh directory for one test, removed with everything in it when the test ends.
final class SnippetDirectory: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/doc-snippets-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
