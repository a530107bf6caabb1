import CADSandbox
import CADTestSupport
import Foundation
import Testing

/// Progress as a person sees it: cadctl runs inside a real terminal (a tmux pane) against the in-process
/// sandbox, and the pane is read while the job is waited for and downloaded. The same command piped draws
/// nothing. Skipped, with a message, only when tmux is not installed (`make setup` installs it).
@Suite("cadctl progress in a real terminal", .serialized)
struct TerminalProgressTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: tmux != nil, "tmux is not installed: run `make setup` or `apt-get install tmux` to check progress in a real terminal"))
    func aWaitShowsTheSpinnerAndADownloadShowsTheBarOnlyOnATerminal() async throws {
        // Speed 50: the sandbox's job runs for about 5 s, long enough to see the spinner turn.
        try await OrvilleCLITests.with({ $0.speed = 50 }) { _, cli in
            let pane = try await Self.runInTmux(cli, ["jobs", "create", "--prompt", "A plate", "--download", "out"])
            #expect(pane.exitCode == 0, "\(pane.final)")
            // While waiting: the spinner line with provider, job id, status and elapsed time.
            let spinner = #"[|/\\-] orville cadjob_[0-9a-f-]+: (waiting|queued|running), 0:0[0-9]"#
            #expect(pane.seenWhileRunning.contains { $0.range(of: spinner, options: .regularExpression) != nil },
                    "no spinner among \(pane.seenWhileRunning.suffix(3))")
            // After the download: the finished bar stays, with size and rate; the spinner line is gone.
            let bar = #"downloading [^ ]+\.step \[#{10,30}\]  100%  [0-9.]+ k?B / [0-9.]+ k?B  [0-9.]+ [kMG]?B/s"#
            #expect(pane.final.range(of: bar, options: .regularExpression) != nil, "\(pane.final)")
            #expect(pane.final.range(of: spinner, options: .regularExpression) == nil, "\(pane.final)")
            #expect(pane.final.contains("out/"), "the written path is printed: \(pane.final)")
            // Colour on a terminal, none with NO_COLOR.
            #expect(pane.finalWithEscapes.contains("\u{1B}[32m"), "the filled bar is green")
            let plain = try await Self.runInTmux(cli, ["jobs", "create", "--prompt", "A plate", "--download", "out2"],
                                                 environment: ["NO_COLOR": "1"])
            #expect(plain.exitCode == 0 && plain.final.contains("downloading"), "\(plain.final)")
            #expect(!plain.finalWithEscapes.contains("\u{1B}[32m") && !plain.finalWithEscapes.contains("\u{1B}[36m"))

            // Piped (the runner's pipes): no spinner, no bar, no redraws; stdout has only the path.
            let piped = try await cli.run(["jobs", "create", "--prompt", "A plate", "--download", cli.directory + "/p"])
            #expect(piped.exitCode == 0, "\(piped.stderr)")
            #expect(!piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}") && !piped.stderr.contains("downloading"),
                    "\(piped.stderr)")
            #expect(piped.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(".step") }, "\(piped.stdout)")
            // --json on a terminal draws nothing either, unless --progress asks.
            let json = try await Self.runInTmux(cli, ["jobs", "create", "--prompt", "A plate", "--download", "o3", "--json"])
            #expect(json.exitCode == 0 && !json.final.contains("downloading"), "\(json.final)")
            #expect(!json.seenWhileRunning.contains { $0.contains("orville cadjob_") && $0.contains(", 0:0") })
            let asked = try await Self.runInTmux(
                cli, ["jobs", "create", "--prompt", "A plate", "--download", "o4", "--json", "--progress"])
            #expect(asked.exitCode == 0 && asked.final.contains("downloading"), "\(asked.final)")
        }
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed: run `make setup` or `apt-get install tmux` to check progress in a real terminal"))
    func anImageUploadShowsItsBarOnlyOnATerminal() async throws {
        try await OrvilleCLITests.with { _, cli in
            // A 2 MB PNG (by its signature): the multipart body streams from disk, with one bar for it.
            let image = cli.directory + "/sketch.png"
            try (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 2_000_000))
                .write(to: URL(fileURLWithPath: image))
            let pane = try await Self.runInTmux(cli, ["jobs", "create", "--prompt", "A plate", "--image", image])
            #expect(pane.exitCode == 0, "\(pane.final)")
            // The body is the image plus the multipart framing and the prompt, so a little over 2.0 MB.
            let bar = #"uploading sketch\.png \[#{10,30}\]  100%  2\.0 MB / 2\.0 MB  [0-9.]+ [kMG]?B/s"#
            #expect(pane.final.range(of: bar, options: .regularExpression) != nil, "\(pane.final)")
            #expect(pane.final.contains("cadjob_"), "the job id is printed: \(pane.final)")

            let piped = try await cli.run(["jobs", "create", "--prompt", "A plate", "--image", image])
            #expect(piped.exitCode == 0, "\(piped.stderr)")
            #expect(!piped.stderr.contains("uploading") && !piped.stderr.contains("\r"), "\(piped.stderr)")
        }
    }

    struct Pane {
        var exitCode: Int32?
        /// Every distinct screen seen before the command ended.
        var seenWhileRunning: [String]
        var final: String
        var finalWithEscapes: String
    }

    /// Runs cadctl in a fresh tmux server (its own socket) in a 120×40 pane, reading the pane every 50 ms
    /// until the command has printed its exit marker (at most 60 s), then stops that server.
    static func runInTmux(
        _ cli: OrvilleCLIDriver, _ arguments: [String], environment extra: [String: String] = [:]
    ) async throws -> Pane {
        let tmux = try #require(tmux)
        let socket = cli.directory + "/tmux-\(UUID().uuidString.prefix(8))"
        let script = cli.directory + "/run-\(UUID().uuidString.prefix(8)).sh"
        var lines = ["cd '\(cli.directory)'"]
        for (key, value) in cli.runner.environment.merging(extra, uniquingKeysWith: { $1 })
        where key.hasPrefix("ORVILLE_") || key.hasPrefix("CADCTL_") || key == "NO_COLOR" || key == "PATH" {
            lines.append("export \(key)='\(value)'")
        }
        if extra["NO_COLOR"] == nil { lines.append("unset NO_COLOR") }
        lines.append(([CLIRunner.binary] + arguments).map { "'\($0)'" }.joined(separator: " "))
        lines.append("echo \"CADCTL-EXIT=$?\"")
        lines.append("exec cat")
        try lines.joined(separator: "\n").write(toFile: script, atomically: true, encoding: .utf8)

        // The tmux server this starts keeps any inherited pipe open, so it gets no pipe at all.
        try await Self.startDetached(tmux, ["-S", socket, "new-session", "-d", "-x", "120", "-y", "40", "sh " + script],
                                     environment: cli.runner.environment)
        var seen: [String] = []
        var exitCode: Int32?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let screen = try await cli.runProcess(tmux, ["-S", socket, "capture-pane", "-p"]).stdout
            if let marker = screen.range(of: #"CADCTL-EXIT=[0-9]+"#, options: .regularExpression) {
                exitCode = Int32(screen[marker].dropFirst("CADCTL-EXIT=".count))
                break
            }
            if seen.last != screen { seen.append(screen) }
            try await Task.sleep(for: .milliseconds(50))
        }
        let final = try await cli.runProcess(tmux, ["-S", socket, "capture-pane", "-p"]).stdout
        let escaped = try await cli.runProcess(tmux, ["-S", socket, "capture-pane", "-p", "-e"]).stdout
        _ = try await cli.runProcess(tmux, ["-S", socket, "kill-server"])
        return Pane(exitCode: exitCode, seenWhileRunning: seen, final: final, finalWithEscapes: escaped)
    }

    /// Runs `executable` with stdin, stdout and stderr on /dev/null and waits for it off the concurrency
    /// pool: the tmux server this starts outlives its client and keeps what it inherited open, so it must
    /// inherit no pipe of ours.
    static func startDetached(_ executable: String, _ arguments: [String], environment: [String: String]) async throws {
        _ = try await ChildProcess.runDetached(executable, arguments, environment: environment)
    }
}
