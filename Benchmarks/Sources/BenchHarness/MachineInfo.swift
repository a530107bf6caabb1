import Foundation

/// The machine a report was measured on.
struct MachineInfo {
    var cores: String
    var cpu: String
    var memory: String
    var kernel: String
    var swift: String
    var libcurl: String
    var curlCommand: String
    var loadAverage: String

    static func read() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let totalKiB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        return MachineInfo(
            cores: String(ProcessInfo.processInfo.activeProcessorCount),
            cpu: model,
            memory: Format.fixed(totalKiB / 1024 / 1024, 1) + " GiB",
            kernel: firstLine(["/bin/uname", "-srm"]),
            swift: firstLine(["/usr/bin/env", "swift", "--version"]),
            libcurl: firstLine(["/usr/bin/env", "pkg-config", "--modversion", "libcurl"]),
            curlCommand: firstLine(["/usr/bin/curl", "--version"]),
            loadAverage: ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
                .split(separator: " ").prefix(3).joined(separator: " "))
    }

    static func loadAverageNow() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3)
            .joined(separator: " ")
    }

    private static func firstLine(_ arguments: [String]) -> String {
        guard let measurement = try? runMeasured(arguments, sampleInterval: 20_000) else { return "unknown" }
        let text = measurement.stdout.isEmpty ? measurement.stderr : measurement.stdout
        return text.split(separator: "\n").first.map(String.init) ?? "unknown"
    }
}
