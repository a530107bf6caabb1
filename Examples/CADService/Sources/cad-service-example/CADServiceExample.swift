import Foundation
import Logging

/// `cad-service-example OUTPUT_DIRECTORY`: with the three providers read from the environment, generates a part
/// with Orville and with Makistry and runs a Bitbybit model, all at once; prints each file it wrote (provider,
/// path, bytes) and each failure, and exits 1 when any job failed.
@main
struct CADServiceExample {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count == 1, let output = arguments.first else {
            fail("usage: cad-service-example OUTPUT_DIRECTORY")
        }
        let providers: Providers
        do {
            providers = try Providers(logger: Logger(label: "cad-service-example"))
        } catch {
            fail("error: \(error)")
        }

        let prompt = "A 40x20x5 mm plate with two holes"
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                await Outcome("orville") {
                    try await generatePart(with: providers.orville, prompt: prompt, into: output + "/orville")
                }
            }
            group.addTask {
                await Outcome("makistry") {
                    try await generatePart(with: providers.makistry, prompt: prompt, into: output + "/makistry")
                }
            }
            group.addTask {
                await Outcome("bitbybit") { try await runModel(with: providers.bitbybit, into: output + "/bitbybit") }
            }
            var outcomes: [Outcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }

        var failed = false
        for outcome in outcomes.sorted(by: { $0.provider < $1.provider }) {
            let provider = outcome.provider
            switch outcome.result {
            case .success(let files):
                for file in files { print("\(provider)\t\(file.path)\t\(file.bytes) bytes") }
            case .failure(let error):
                failed = true
                printError("error: \(provider): \(error)")
            }
        }
        if failed { exit(1) }
    }

    /// Writes `message` to standard error and exits with status 1.
    static func fail(_ message: String) -> Never {
        printError(message)
        exit(1)
    }

    /// Writes `message` and a newline to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
