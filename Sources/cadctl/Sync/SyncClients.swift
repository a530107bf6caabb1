import Bitbybit
import Makistry
import Orville
import Synchronization

/// The providers' clients of one `sync` run, each made on first use and then shared by every part (making one per
/// part cost a settings lookup, URL parsing and a logger each time). Makistry's client-side limiter is shared by
/// all its clients anyway, so sharing the client changes no limit.
final class SyncClients: Sendable {
    private let context: CommandContext
    private let orville = Mutex<OrvilleClient?>(nil)
    private let makistry = Mutex<MakistryClient?>(nil)
    private let bitbybit = Mutex<BitbybitClient?>(nil)

    init(context: CommandContext) { self.context = context }

    /// The Orville client.
    func orvilleClient() throws -> OrvilleClient {
        try orville.withLock { client in try Self.shared(&client) { try OrvilleCLI.client(context) } }
    }

    /// The Makistry client.
    func makistryClient() throws -> MakistryClient {
        try makistry.withLock { client in try Self.shared(&client) { try MakistryJobs.makeClient(context) } }
    }

    /// The Bitbybit client.
    func bitbybitClient() throws -> BitbybitClient {
        try bitbybit.withLock { client in try Self.shared(&client) { try BitbybitCLI.client(context) } }
    }

    /// `client`, made by `make` first when there is none yet.
    private static func shared<Client>(_ client: inout Client?, _ make: () throws -> Client) throws -> Client {
        if let client { return client }
        let made = try make()
        client = made
        return made
    }
}
