import Foundation
import Bitbybit

/// `Sources/Bitbybit/Bitbybit.docc/GettingStartedWithBitbybit.md`: its snippets as written, in order.
enum BitbybitArticle {
    static func run() async throws {
        let bitbybit = try BitbybitClient.fromEnvironment()
        // or: try BitbybitClient(apiKey: key, configuration: ClientConfiguration(logger: logger))

        let accepted = try await bitbybit.models.run("dragon-cup", params: ["height": .number(10)], formats: [.gltf, .step])
        let task = try await bitbybit.tasks.wait(accepted.taskID)
        let files = try await bitbybit.tasks.download(task.taskID, into: "models/")
        for file in files { print(file.format, file.path) }

        // The conversion snippet uploads `part.step`: the model's STEP result.
        guard let step = files.first(where: { $0.path.hasSuffix(".stp") || $0.path.hasSuffix(".step") }) else {
            throw SnippetCheck(description: "the model run gave no STEP file: \(files.map(\.path))")
        }
        try FileManager.default.copyItem(atPath: step.path, toPath: "part.step")

        let uploaded = try await bitbybit.files.upload(path: "part.step")
        let conversion = try await bitbybit.convert.start(StepToGltfBody(stepFileID: uploaded.fileID))
        let done = try await bitbybit.tasks.wait(conversion.taskID)
        let glb = try await bitbybit.tasks.download(try await bitbybit.tasks.result(done.taskID, format: "glb"), into: ".")

        try SnippetCheck.expect(FileManager.default.fileExists(atPath: glb.path), "\(glb.path) was not written")
    }
}
