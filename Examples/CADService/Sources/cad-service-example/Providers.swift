import Bitbybit
import Foundation
import Logging
import Makistry
import Orville

/// The three clients a service holds, made once and shared by every request it serves.
struct Providers: Sendable {
    let orville: OrvilleClient
    let makistry: MakistryClient
    let bitbybit: BitbybitClient

    /// Reads each provider's key and base URL from the environment (`ORVILLE_API_KEY`, `ORVILLE_BASE_URL`,
    /// `MAKISTRY_…`, `BITBYBIT_…`); throws `ClientSetupError` naming what is missing or wrong.
    init(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) throws {
        var configuration = ClientConfiguration()  // shared transport, documented retries and poll schedules
        configuration.logger = logger              // one redacted debug line per HTTP exchange
        orville = try OrvilleClient.fromEnvironment(environment, configuration: configuration)
        makistry = try MakistryClient.fromEnvironment(environment, configuration: configuration)
        bitbybit = try BitbybitClient.fromEnvironment(environment, configuration: configuration)
    }
}
