import Foundation

/// How a requested output format becomes a result file: its result key, MIME type and extension.
///
/// A `gltf` request produces the `glb` key (the file is binary glTF); every other format keeps its name.
struct BitbybitFormat: Sendable, Equatable {
    /// The request name (`gltf`, `step`, …).
    var request: String
    /// The result key (`glb`, `step`, …) used by `/tasks/{id}/result/{format}` and `resultParts`.
    var key: String
    var mime: String
    /// File name suffix after the base name (`.glb`, `.stp`, `.decomposed-mesh.json`).
    var suffix: String

    /// The format for a request name; `nil` for names the sandbox does not produce.
    static func named(_ request: String, stepExtension: String = "stp") -> BitbybitFormat? {
        switch request {
        case "gltf": BitbybitFormat(request: request, key: "glb", mime: "model/gltf-binary", suffix: ".glb")
        case "step": BitbybitFormat(request: request, key: "step", mime: "application/step", suffix: ".\(stepExtension)")
        case "stpz": BitbybitFormat(request: request, key: "stpz", mime: "application/gzip", suffix: ".stpz")
        case "decomposed-mesh":
            BitbybitFormat(request: request, key: "decomposed-mesh", mime: "application/json", suffix: ".decomposed-mesh.json")
        case "stl": BitbybitFormat(request: request, key: "stl", mime: "model/stl", suffix: ".stl")
        case "3mf": BitbybitFormat(request: request, key: "3mf", mime: "model/3mf", suffix: ".3mf")
        case "json": BitbybitFormat(request: request, key: "json", mime: "application/json", suffix: ".json")
        case "csv": BitbybitFormat(request: request, key: "csv", mime: "text/csv", suffix: ".csv")
        default: nil
        }
    }

    /// The formats `OutputFormat` allows (models, unfolds, compound items).
    static let standardNames = ["step", "stpz", "decomposed-mesh", "gltf"]
    /// Shape formats of OCCT results.
    static let occtNames: Set<String> = ["step", "stpz", "decomposed-mesh", "gltf"]
    /// Data formats any result can be written as.
    static let dataNames: Set<String> = ["json", "csv"]
}

/// One result file before it is stored.
struct BitbybitOutputFile: Sendable {
    var key: String
    var data: Data
    var mime: String
    var filename: String
}
