/// A target from issue 8, checked against this run's figures.
struct TargetCheck: Sendable {
    var workload: Int
    var target: String
    var measured: String
    /// nil: not measured in this run.
    var met: Bool?
    /// The same figure's min–max over the runs, where it has one.
    var range: String = "–"
}

/// One workload's section of BENCHMARKS.md.
struct WorkloadSection: Sendable {
    var title: String
    var description: String
    var table: [[String]]
    var notes: [String] = []
    var checks: [TargetCheck] = []

    var markdown: String {
        var lines = ["## \(title)", "", description, ""]
        if let header = table.first {
            lines.append("| " + header.joined(separator: " | ") + " |")
            lines.append("|" + header.map { _ in " --- |" }.joined())
            for row in table.dropFirst() { lines.append("| " + row.joined(separator: " | ") + " |") }
            lines.append("")
        }
        for note in notes { lines.append(note); lines.append("") }
        return lines.joined(separator: "\n")
    }
}

extension PeerResults {
    /// The peer's name, with its failure if it has no figures.
    var titleCell: String {
        failure == nil ? peer.title : "\(peer.title) — failed: \(failure ?? "")"
    }

    func threadsCell() -> String { summary { Double($0.peakThreads) }?.text(Format.integer) ?? "–" }
    func rssCell() -> String { summary { Double($0.peakRSSKiB) }?.text(Format.mib) ?? "–" }
}
