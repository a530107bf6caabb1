import ArgumentParser
import CADSandbox
import Foundation
import Testing
@testable import cadctl

/// Global options before the subcommand (`cadctl --json jobs get ID`) work as after it.
@Suite("cadctl global options before the subcommand")
struct LeadingGlobalOptionsTests {
    @Test("leading global options move after the subcommand's arguments, before a --")
    func moved() {
        #expect(LeadingGlobalOptions.moved(["--json", "jobs", "get", "cadjob_1"]) == ["jobs", "get", "cadjob_1", "--json"])
        #expect(LeadingGlobalOptions.moved(["--cacert", "ca.pem", "-q", "sync", "--locked"])
            == ["sync", "--locked", "--cacert", "ca.pem", "-q"])
        #expect(LeadingGlobalOptions.moved(["--base-url=http://127.0.0.1:1", "jobs", "list"])
            == ["jobs", "list", "--base-url=http://127.0.0.1:1"])
        #expect(LeadingGlobalOptions.moved(["--json", "cad", "run", "--", "-x"]) == ["cad", "run", "--json", "--", "-x"])
        // Nothing to move, or nothing after them: left for the parser to judge.
        #expect(LeadingGlobalOptions.moved(["jobs", "get", "--json", "x"]) == ["jobs", "get", "--json", "x"])
        #expect(LeadingGlobalOptions.moved(["--json"]) == ["--json"])
        #expect(LeadingGlobalOptions.moved(["--version"]) == ["--version"])
        #expect(LeadingGlobalOptions.moved(["--cacert"]) == ["--cacert"])
    }

    @Test("the lists name every option GlobalOptions declares")
    func listsMatchTheDeclaration() {
        let help = GlobalOptions.helpMessage(columns: 1000)
        let declared = Set(help.matches(of: /(?:^|[\s,])(--?[a-z][a-z-]*)/).map { String($0.output.1) })
        #expect(declared == LeadingGlobalOptions.flags.union(LeadingGlobalOptions.valued).union(["-h", "--help"]))
        for name in LeadingGlobalOptions.valued {
            #expect(throws: Never.self, "\(name) takes a value") { _ = try GlobalOptions.parse([name, "x"]) }
        }
        for name in LeadingGlobalOptions.flags {
            #expect(throws: Never.self, "\(name) is a flag") { _ = try GlobalOptions.parse([name]) }
        }
    }

    @Test("cadctl --json jobs get ID answers as cadctl jobs get ID --json")
    func endToEnd() async throws {
        try await InProcessCLI.withSandbox { server, cli in
            let before = await cli.run(["--json", "jobs", "get", "cadjob_does_not_exist", "--provider", "orville"])
            let after = await cli.run(["jobs", "get", "cadjob_does_not_exist", "--provider", "orville", "--json"])
            #expect(before.exitCode == after.exitCode && before.exitCode != 2, "\(before.stderr)")
            #expect(before.stderr.hasPrefix("{\"error\":"), "\(before.stderr)")
            #expect(!before.stderr.contains("Unknown option"))
        }
    }
}
