/// "Did you mean …?": the valid names nearest to a misspelt one.
enum NameSuggester {
    /// Candidates within the edit-distance threshold of `name`, nearest first (ties keep the
    /// candidates' order). A case-only difference counts as the nearest possible match.
    static func nearest(to name: String, among candidates: [String], limit: Int = 1) -> [String] {
        let target = Array(name.lowercased().unicodeScalars)
        let threshold = maximumDistance(forLength: target.count)
        var scored: [(name: String, distance: Int, order: Int)] = []
        for (order, candidate) in candidates.enumerated() {
            let other = Array(candidate.lowercased().unicodeScalars)
            if abs(other.count - target.count) > threshold { continue }
            let distance = candidate == name ? -1 : (other == target ? 0 : editDistance(target, other, limit: threshold))
            if distance <= threshold { scored.append((candidate, distance, order)) }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return scored.prefix(limit).map(\.name)
    }

    /// The nearest candidate, if one is close enough.
    static func best(for name: String, among candidates: [String]) -> String? {
        nearest(to: name, among: candidates, limit: 1).first
    }

    /// Short names tolerate one edit, medium ones two, long ones three.
    static func maximumDistance(forLength length: Int) -> Int {
        switch length {
        case ..<4: 1
        case ..<9: 2
        default: 3
        }
    }

    /// Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions);
    /// stops early, returning `limit + 1`, once every alignment exceeds `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0 ... b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1 ... b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// ", did you mean 'x'?" or "".
    static func didYouMean(_ name: String, among candidates: [String]) -> String {
        guard let best = best(for: name, among: candidates), best != name else { return "" }
        return "; did you mean '\(best)'?"
    }
}
