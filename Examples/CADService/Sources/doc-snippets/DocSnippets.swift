import Foundation

/// `doc-snippets OUTPUT_DIRECTORY`: runs the Swift snippets of the provider articles of the DocC
/// documentation, as written there, against the providers the environment names (`make example` points it
/// at the sandbox). `scripts/check-doc-snippets.py` checks that the articles show this code verbatim.
///
/// Each article runs in a directory of its own under OUTPUT_DIRECTORY (the snippets write to `models/` and
/// `.`); the program prints one line per article and exits 1 at the first failure.
@main
struct DocSnippets {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count == 1, let output = arguments.first else { fail("usage: doc-snippets OUTPUT_DIRECTORY") }
        let articles: [(name: String, run: () async throws -> Void)] = [
            ("GettingStartedWithOrville", OrvilleArticle.run),
            ("GettingStartedWithMakistry", MakistryArticle.run),
            ("GettingStartedWithBitbybit", BitbybitArticle.run),
            ("CADObservability", ObservabilityArticle.run),
        ]
        for article in articles {
            let directory = output + "/" + article.name
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                guard FileManager.default.changeCurrentDirectoryPath(directory) else {
                    fail("doc-snippets: cannot enter \(directory)")
                }
                try await article.run()
                FileHandle.standardError.write(Data("doc-snippets: \(article.name): ok\n".utf8))
            } catch {
                fail("doc-snippets: \(article.name): \(error)")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }
}

/// A check of what a snippet produced, failing the run with `message` when `condition` is false.
struct SnippetCheck: Error, CustomStringConvertible {
    var description: String

    static func expect(_ condition: Bool, _ message: String) throws {
        if !condition { throw SnippetCheck(description: message) }
    }
}
