import Foundation
import Orville

/// `Sources/Orville/Orville.docc/GettingStartedWithOrville.md`: its snippets as written, in order.
enum OrvilleArticle {
    static func run() async throws {
        let orville = try OrvilleClient.fromEnvironment()
        // or: try OrvilleClient(apiKey: key, configuration: ClientConfiguration(logger: logger))

        let accepted = try await orville.jobs.create(prompt: "A 30x20x5 mm mounting plate with four M3 holes")
        let job = try await orville.jobs.wait(accepted, timeout: .seconds(1800))
        let files = try await orville.jobs.download(job.jobID, into: "models/")
        for file in files { print(file.path, file.size) }

        try SnippetCheck.expect(!files.isEmpty && files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) },
                                "the job's files were not written")

        let followUp = try await orville.jobs.sendMessage(job.jobID, prompt: "Make it 8 mm thick")
        _ = try await orville.jobs.wait(followUp)
    }
}
