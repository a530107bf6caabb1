import CADObservability
import Orville

/// `Sources/CADObservability/CADObservability.docc/CADObservability.md`: its snippet as written.
enum ObservabilityArticle {
    static func run() async throws {
        let orville = try OrvilleClient.fromEnvironment(
            configuration: ClientConfiguration(instrumentation: RequestMetricsAndTracing()))
        _ = try await orville.billing.balance()
    }
}
