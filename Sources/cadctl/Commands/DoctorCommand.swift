import ArgumentParser
import CADCore
import CADTransport
#if canImport(Glibc)
import Glibc
#endif

/// `cadctl doctor`: checks the installation, the keys, the endpoints and the clock, and says how to fix
/// what is wrong.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check libcurl, the config file, keys, base URLs, each API's reachability and the clock.",
        discussion: """
            For each provider with a key (or the one named by --provider) it makes one read: Bitbybit \
            GET /health and GET /api/v1/tasks?limit=1, Orville GET /api/v1/billing/balance, Makistry GET \
            /jobs/{unknown id} (an empty 404 means the key was accepted). Exits 0 when everything is fine, \
            1 when a check found a problem (each problem printed with its fix).
            """)

    @Option(help: "Check only this provider (its key is then required).") var provider: Provider?
    @Flag(help: "Skip the network checks.") var offline = false
    @Option(help: ArgumentHelp("How long each provider's read may take, a positive number of seconds.",
                               valueName: "SECONDS"))
    var timeout: DurationArgument = .seconds(15)
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext.current(global)
        var report = DoctorReport(
            version: CADCTLVersion.current, libcurl: CADCTLVersion.libcurl, tls: CADCTLVersion.tlsBackend,
            configPath: ConfigFile.path(in: context.environment))
        report.checkConfigFile()
        let providers = provider.map { [$0] } ?? Provider.allCases
        for provider in providers {
            var check = ProviderCheck(settings: context.settings(for: provider))
            if check.settings.apiKey == nil {
                if self.provider != nil {
                    check.problem = "no API key"
                    check.fix = "set \(provider.keyVariable) or run `cadctl config set \(provider.rawValue).api_key KEY`"
                }
            } else if !offline {
                await check.probe(
                    transport: context.transport, allowInsecureHTTP: global.allowInsecureHTTP,
                    timeout: timeout.duration)
            }
            report.providers.append(check)
        }
        if report.providers.allSatisfy({ $0.settings.apiKey == nil }) {
            report.problems.append(DoctorProblem(
                what: "no API key is set for any provider",
                fix: "set BITBYBIT_API_KEY, ORVILLE_API_KEY or MAKISTRY_API_KEY, or use `cadctl config set PROVIDER.api_key KEY`"))
        }
        if global.json { context.console.result(report.json) } else { report.printPlain() }
        if !report.isHealthy { throw ExitCode(1) }
    }
}

/// One thing doctor found wrong, and what to do.
struct DoctorProblem: Sendable {
    var what: String
    var fix: String
}

/// What doctor found.
struct DoctorReport: Sendable {
    var version: String
    var libcurl: String
    var tls: String
    var configPath: String
    var configExists = false
    var configMode: String?
    var problems: [DoctorProblem] = []
    var providers: [ProviderCheck] = []

    var isHealthy: Bool { problems.isEmpty && providers.allSatisfy { $0.problem == nil } }

    mutating func checkConfigFile() {
        configExists = FileManager.default.fileExists(atPath: configPath)
        guard configExists else { return }
        var info = stat()
        if stat(configPath, &info) == 0 { configMode = String(info.st_mode & 0o777, radix: 8) }
        if ConfigFile.isReadableByOthers(configPath) {
            problems.append(DoctorProblem(
                what: "the config file \(configPath) can be read by other users (mode \(configMode ?? "?"))",
                fix: "chmod 600 \(configPath)"))
        }
    }

    var json: String {
        JSONText.object([
            ("ok", .bool(isHealthy)),
            ("version", .string(version)), ("libcurl", .string(libcurl)), ("tls", .string(tls)),
            ("config", .object([
                ("path", .string(configPath)), ("exists", .bool(configExists)),
                ("mode", configMode.map(JSONText.Value.string) ?? .null),
            ])),
            ("problems", .array(problems.map { .object([("problem", .string($0.what)), ("fix", .string($0.fix))]) })),
            ("providers", .array(providers.map(\.json))),
        ])
    }

    func printPlain() {
        Console.result("cadctl \(version), libcurl \(libcurl), \(tls)")
        Console.result("config: \(configPath)" + (configExists ? " (mode \(configMode ?? "?"))" : " (not created yet)"))
        for check in providers { check.printPlain() }
        for problem in problems { Console.result("problem: \(problem.what)\n  fix: \(problem.fix)") }
        Console.result(isHealthy ? "ok: no problems found" : "problems found: see above")
    }
}

/// The checks of one provider.
struct ProviderCheck: Sendable {
    var settings: ProviderSettings
    var reachable: Bool?
    var status: Int?
    var latency: Duration?
    var clockSkewSeconds: Int?
    var problem: String?
    var fix: String?

    /// Makes the provider's read and records what happened.
    mutating func probe(transport: any HTTPTransport, allowInsecureHTTP: Bool, timeout: Duration) async {
        let provider = settings.provider
        guard let key = settings.apiKey else { return }
        guard let baseURL = try? settings.requireBaseURL() else {
            problem = "the base URL '\(settings.baseURL)' is not an http(s) URL"
            fix = "fix \(provider.baseURLVariable) or `cadctl config set \(provider.rawValue).base_url URL`"
            return
        }
        let credential: Credential = provider == .bitbybit ? .apiKey(key) : .bearer(key)
        let core = APIClientCore(
            provider: provider.rawValue, baseURL: baseURL, credential: credential, transport: transport,
            retryPolicy: .never, allowInsecureHTTP: allowInsecureHTTP)
        let path: String = switch provider {
        case .bitbybit: "/api/v1/tasks"
        case .orville: "/api/v1/billing/balance"
        case .makistry: "/jobs/pub_cadctl_doctor_probe"
        }
        let query: [(String, String)] = provider == .bitbybit ? [("limit", "1")] : []
        let started = ContinuousClock.now
        do {
            var request = try core.request(.get, path, query: query)
            request.timeouts.total = timeout
            let response = try await core.send(request)
            record(response, started: started)
        } catch let error as APIError {
            latency = ContinuousClock.now - started
            reachable = true
            status = error.status
            if provider == .makistry, error.status == 404 { return }  // the key was accepted
            let wrapped = CADError(error)
            problem = wrapped.message
            fix = switch error.classification {
            case .authentication:
                "the key was refused: check \(provider.keyVariable) (or the config file) holds a valid key with read access"
            case .payment: "the account needs attention at the provider (billing)"
            case .rateLimited: "the service is busy or rate limiting; try again in a minute"
            default: "check the base URL \(baseURL.absoluteString) points at the \(provider.rawValue) API"
            }
        } catch {
            latency = ContinuousClock.now - started
            reachable = false
            problem = CADError(error).message
            fix = "check the network and the base URL \(settings.baseURL) (\(settings.baseURLSource.rawValue))"
        }
    }

    private mutating func record(_ response: HTTPResponse, started: ContinuousClock.Instant) {
        latency = ContinuousClock.now - started
        reachable = true
        status = response.status
        if let date = response.headers["Date"].flatMap({ HTTPDate.parse($0) }) {
            let skew = Int(Date().timeIntervalSince(date).rounded())
            clockSkewSeconds = skew
            if abs(skew) > 300 {
                problem = "this machine's clock is \(abs(skew)) s \(skew > 0 ? "ahead of" : "behind") \(settings.provider.rawValue)'s"
                fix = "synchronise the clock (e.g. enable NTP with `timedatectl set-ntp true`): signed URLs and webhook timestamps depend on it"
            }
        }
    }

    var json: JSONText.Value {
        .object([
            ("provider", .string(settings.provider.rawValue)),
            ("key", settings.apiKey.map { .string(Redactor.maskKey($0)) } ?? .null),
            ("key_source", settings.apiKeySource.map { .string($0.rawValue) } ?? .null),
            ("base_url", .string(settings.baseURL)),
            ("base_url_source", .string(settings.baseURLSource.rawValue)),
            ("reachable", reachable.map(JSONText.Value.bool) ?? .null),
            ("status", status.map(JSONText.Value.integer) ?? .null),
            ("latency_ms", latency.map { .integer(Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)) } ?? .null),
            ("clock_skew_seconds", clockSkewSeconds.map(JSONText.Value.integer) ?? .null),
            ("problem", problem.map(JSONText.Value.string) ?? .null),
            ("fix", fix.map(JSONText.Value.string) ?? .null),
        ])
    }

    func printPlain() {
        let name = settings.provider.rawValue
        let key = settings.apiKey.map { "\(Redactor.maskKey($0)) (from \(settings.apiKeySource?.rawValue ?? "?"))" } ?? "not set"
        var line = "\(name): key \(key), base URL \(settings.baseURL) (\(settings.baseURLSource.rawValue))"
        if let reachable {
            line += reachable ? ", answered" + (status.map { " HTTP \($0)" } ?? "") : ", unreachable"
            if let latency { line += " in \(latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000) ms" }
            if let clockSkewSeconds { line += ", clock skew \(clockSkewSeconds) s" }
        }
        Console.result(line)
        if let problem { Console.result("  problem: \(problem)\n  fix: \(fix ?? "")") }
    }
}
