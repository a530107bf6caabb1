/// The median and range of repeated measurements of one figure.
struct Summary: Sendable {
    var median: Double
    var min: Double
    var max: Double
    var count: Int

    init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = sorted[0]
        max = sorted[sorted.count - 1]
        count = sorted.count
    }

    /// "median (min–max)" with `format` applied to each.
    func text(_ format: (Double) -> String) -> String {
        "\(format(median)) (\(format(min))–\(format(max)))"
    }
}

/// Number formatting for the report.
enum Format {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var text = String(Int((value * pow10(digits)).rounded()))
        guard digits > 0 else { return text }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        while text.count <= digits { text = "0" + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        return (negative ? "-" : "") + text
    }

    static func integer(_ value: Double) -> String { String(Int(value.rounded())) }
    static func ms(_ seconds: Double) -> String { fixed(seconds * 1000, seconds < 0.1 ? 1 : 0) + " ms" }
    static func mib(_ kib: Double) -> String { fixed(kib / 1024, 1) + " MiB" }
    static func ratio(_ value: Double) -> String { fixed(value, 2) + "×" }

    private static func pow10(_ digits: Int) -> Double {
        var result = 1.0
        for _ in 0..<digits { result *= 10 }
        return result
    }
}
