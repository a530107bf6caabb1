import Bitbybit

/// A Bitbybit parametric model to glTF: run it, wait for its task, download the results.
func runModel(with bitbybit: BitbybitClient, into directory: String) async throws -> [WrittenFile] {
    let accepted = try await bitbybit.models.run("dragon-cup", params: ["height": 10], formats: [.gltf])
    let task = try await bitbybit.tasks.wait(accepted.taskID, timeout: .seconds(600))
    let files = try await bitbybit.tasks.download(task.taskID, into: directory, overwrite: true)
    return files.map { WrittenFile(provider: "bitbybit", path: $0.path, bytes: $0.size) }
}
