import Bitbybit
import CADSandbox
import Foundation
import Testing

/// Bitbybit documents no idempotency key, so a POST whose fate is unknown (a reset or a timeout after it was
/// sent, a 500 or 502 that may have come after the work started) must not be sent again: the call fails with
/// an error that says to check before resubmitting. Refusals that certainly did nothing (503, 429) are
/// retried. Either way, at most one task ever exists.
@Suite("Fault matrix: Bitbybit submissions", .serialized)
struct BitbybitFaultTests {
    static let step = Data("ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n".utf8)

    /// Whether a fault leaves the POST's fate unknown (so it must not be re-sent).
    static func fateUnknown(_ fault: FaultKind) -> Bool {
        switch fault {
        case .resetAfterSent, .timeout, .status500, .status502: true
        case .status503RetryAfter, .status429HTTPDate: false
        }
    }

    @Test("model run, CAD execute, pipeline and STEP→glTF conversion")
    func bitbybitMatrix() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bb-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stepPath = directory.appendingPathComponent("part.step").path
        try Self.step.write(to: URL(fileURLWithPath: stepPath))

        let operations: [(name: String, path: String)] = [
            ("model run", "/api/v1/models/dragon-cup"), ("cad execute", "/api/v1/cad/execute"),
            ("cad pipeline", "/api/v1/cad/pipeline"), ("convert", "/api/v1/convert/step-to-gltf"),
        ]
        var rows: [MatrixRow] = []
        for operation in operations {
            for fault in FaultKind.allCases {
                let row = try await KeyedProviderFaultTests.withSandbox { server, clock -> MatrixRow in
                    var policy = RetryPolicy.standard
                    policy.jitter = .constant(0)
                    let client = try BitbybitClient(
                        apiKey: SandboxKey.bitbybitDefault.key, baseURL: try #require(URL(string: server.bitbybitBaseURL)) as URL,
                        configuration: ClientConfiguration(
                            transport: CurlTransport(), retryPolicy: policy, requestTimeout: fault.requestTimeout,
                            clock: clock))
                    var fileID = ""
                    if operation.name == "convert" { fileID = try await client.files.upload(path: stepPath).fileID }
                    let before = server.inspector.workDone("bitbybit.task")
                    server.faults.inject(fault.action, on: "POST /bitbybit" + operation.path, count: 1)
                    var outcome = "ok"
                    var message = ""
                    do {
                        switch operation.name {
                        case "model run": _ = try await client.models.run("dragon-cup", params: ["height": 10])
                        case "cad execute":
                            _ = try await client.cad.execute(ExecuteBody(
                                operation: "occt.shapes.solid.createBox", params: ["width": 1, "length": 2, "height": 3]))
                        case "cad pipeline":
                            _ = try await client.cad.pipeline(PipelineBody(steps: [
                                .operation(PipelineStep(operation: "occt.shapes.solid.createBox", params: ["width": 4, "length": 5, "height": 6])),
                            ]))
                        default: _ = try await client.convert.stepToGltf(.fileID(fileID))
                        }
                    } catch {
                        let wrapped = CADError(error)
                        message = wrapped.message
                        outcome = "\(wrapped.category)" + (wrapped.requestID.map { ", request \($0)" } ?? "")
                    }
                    try await server.shutdown()
                    let attempts = server.inspector.requests.filter { $0.method == "POST" && $0.path.hasSuffix(operation.path) }.count
                    let done = server.inspector.workDone("bitbybit.task") - before
                    let passed: Bool
                    if Self.fateUnknown(fault) {
                        passed = attempts == 1 && done <= 1 && outcome != "ok" && message.contains("client.tasks.list()")
                    } else {
                        passed = attempts == 2 && done == 1 && outcome == "ok"
                    }
                    return MatrixRow(
                        operation: "bitbybit \(operation.name)", fault: fault, attempts: attempts, workDone: done,
                        sameKey: nil, outcome: outcome, passed: passed)
                }
                #expect(row.passed, "\(row.operation) under \(row.fault.rawValue): \(row)")
                rows.append(row)
            }
        }
        print(FaultMatrix.table(
            "Fault matrix, Bitbybit (no idempotency key: a POST of unknown fate is not re-sent; 503/429 are):", rows))
    }
}
