import CADCore
import CADTransport
import Foundation

/// How to create and read one provider's jobs in the sandbox, raw (the provider SDK modules may not exist
/// in this build): just enough JSON to find the id, the status and the server's poll hint.
struct ProviderJobs: Sendable {
    var name: String
    var schedule: PollSchedule
    var credential: Credential
    var createPath: String
    /// The create request's JSON body.
    var createBody: String
    var idKey: String
    var pollPath: @Sendable (String) -> String
    var terminal: Set<String>
    /// The job's simulated duration in the sandbox (docs/sandbox.md), for the report.
    var duration: Duration

    static func named(_ name: String, key: String) -> ProviderJobs? {
        switch name {
        case "orville":
            ProviderJobs(name: name, schedule: .orville, credential: .bearer(key), createPath: "/api/v1/cad/jobs",
                         createBody: #"{"prompt":"A flat bracket 40x20x5mm with two holes."}"#,
                         idKey: "id", pollPath: { "/api/v1/cad/jobs/\($0)" }, terminal: ["completed", "failed"],
                         duration: .seconds(270))
        case "makistry":
            ProviderJobs(name: name, schedule: .makistry, credential: .bearer(key), createPath: "/text-to-cad",
                         createBody: #"{"prompt":"A 40x20x10mm box with a 5mm hole.","output_format":"STEP"}"#,
                         idKey: "job_id", pollPath: { "/jobs/\($0)" }, terminal: ["success", "failed"],
                         duration: .seconds(65))
        case "bitbybit":
            ProviderJobs(name: name, schedule: .bitbybit, credential: .apiKey(key), createPath: "/api/v1/models/dragon-cup",
                         createBody: #"{"outputs":{"formats":["gltf"]}}"#,
                         idKey: "taskId", pollPath: { "/api/v1/tasks/\($0)" }, terminal: ["completed", "failed"],
                         duration: .seconds(10))
        default:
            nil
        }
    }
}

/// A JSON document's top-level fields, or those of its `data` envelope.
func fields(of body: Data) -> [String: Any] {
    guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [:] }
    if let data = object["data"] as? [String: Any] { return data }
    return object
}
