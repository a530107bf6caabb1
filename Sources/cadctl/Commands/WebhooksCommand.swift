import ArgumentParser
import Foundation
import Makistry

/// `cadctl webhooks verify`: checks a Makistry webhook delivery's signature and timestamp.
///
/// Makistry does not publish its signature scheme; this uses the SDK's default
/// (`HMACTimestampBodyScheme`: HMAC-SHA256 over `"{timestamp}.{body}"`, hex, constant-time comparison,
/// timestamp within `--tolerance`). Exit 0 when valid; 1 with the reason (bad signature, stale or bad
/// timestamp) when not; 2 for usage errors. The secret is never printed.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Work with Makistry webhook deliveries.",
        subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", 
            abstract: "Verify a webhook delivery's signature and timestamp (exit 0 valid, 1 invalid).",
            discussion: """
                The scheme (HMAC-SHA256 over "TIMESTAMP.BODY", hex, optionally prefixed sha256= or v1=) is \
                cadctl's default: Makistry has not published its own, so confirm it with Makistry.
                """)

        @Option(help: ArgumentHelp(
            "The key's signing_secret (else MAKISTRY_WEBHOOK_SECRET; never printed).", valueName: "SECRET"))
        var secret: String?
        @Option(help: ArgumentHelp("The delivery's signature header value.", valueName: "SIGNATURE"))
        var signature: String
        @Option(help: ArgumentHelp("The delivery's timestamp header value (Unix seconds).", valueName: "UNIX_SECONDS"))
        var timestamp: String
        @Option(help: ArgumentHelp("A file holding the raw request body, byte for byte.", valueName: "FILE"))
        var body: String
        @Option(help: ArgumentHelp("How far the timestamp may be from now, a positive number of seconds.",
                                   valueName: "SECONDS"))
        var tolerance: DurationArgument = .seconds(300)
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let environment = CommandScope.currentEnvironment
            guard let secret = secret ?? environment["MAKISTRY_WEBHOOK_SECRET"], !secret.isEmpty else {
                throw CLIError.usage("give the signing secret with --secret or MAKISTRY_WEBHOOK_SECRET")
            }
            guard let data = FileManager.default.contents(atPath: body) else {
                throw CLIError.usage("--body \(body): cannot read that file; give the file holding the raw request body")
            }
            let verifier = WebhookVerifier(secret: secret, tolerance: tolerance.duration)
            do {
                try verifier.verify(body: data, signature: signature, timestamp: timestamp)
            } catch let error as WebhookVerificationError {
                throw CLIError(status: .failure, message: "webhook rejected: \(error.description)")
            }
            if global.json {
                Console.result(JSONText.object([("valid", .bool(true))]))
            } else {
                Console.result("valid")
            }
        }
    }
}
