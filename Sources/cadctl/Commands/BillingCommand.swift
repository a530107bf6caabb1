import ArgumentParser
import CADCore
import Orville

/// `cadctl billing …`: account balance (Orville).
struct BillingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing", abstract: "Billing status (Orville).", subcommands: [Balance.self])

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "balance", 
            abstract: "Show the balance available to API jobs and the hold needed to start one.")
        @Option(help: "orville (the only provider with a balance endpoint).") var provider: Provider?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try CommandContext.current(global)
            let chosen = provider ?? .orville
            guard chosen == .orville else { throw JobsCommand.unsupported("billing balance", provider: chosen) }
            let balance = try await OrvilleCLI.client(context).billing.balance()
            if global.json {
                context.console.result(try OrvilleCLI.json(balance))
            } else {
                context.console.result("available: \(OrvilleCLI.money(balance.availableBalanceCents, currency: balance.currency))")
                context.console.result("job hold: \(OrvilleCLI.money(balance.cadJobHoldCents, currency: balance.currency))")
            }
        }
    }
}
