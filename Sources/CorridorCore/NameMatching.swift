import Foundation

/// Matching of names as people type them: folding (case, diacritics, separators) and "did you mean" suggestions by
/// edit distance. One rule for place names, crossing and region names, and misspelt YAML keys.
public enum NameMatching {
    /// Folds a name for matching: lowercased, diacritics removed, apostrophes/hyphens/spaces/dashes collapsed
    /// (so `P'yŏngyang`, `Pyongyang` and `PYONGYANG` match, as do `Khasan–Tumangang` and `khasan-tumangang`).
    public static func fold(_ s: String) -> String {
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        out.reserveCapacity(folded.count)
        var lastWasSeparator = false
        for ch in folded {
            if ch == "'" || ch == "’" || ch == "ʼ" || ch == "`" { continue }
            if ch == " " || ch == "-" || ch == "–" || ch == "—" || ch == "_" || ch == "." || ch == "," {
                if !out.isEmpty && !lastWasSeparator { out.append(" ") }
                lastWasSeparator = true
                continue
            }
            out.append(ch)
            lastWasSeparator = false
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// Up to `limit` names closest to `name`: each candidate is a folded key (a name or an alias) and the name to
    /// suggest for it. Scored by edit distance on folded strings (a prefix match counts as distance at most 1), kept
    /// within max(2, length / 3), sorted by score then name, each name once.
    /// - Complexity: O(candidates · key length²).
    public static func suggestions<S: Sequence>(for name: String, keys candidates: S, limit: Int = 3) -> [String]
        where S.Element == (key: String, name: String)
    {
        let key = Array(fold(name))
        let keyText = String(key)
        let threshold = max(2, key.count / 3)
        var best: [(distance: Int, name: String)] = []
        for (folded, suggestion) in candidates {
            // Prefix matches are good suggestions even when the edit distance is large.
            if !key.isEmpty && folded.hasPrefix(keyText) { best.append((folded == keyText ? 0 : 1, suggestion)); continue }
            // The edit distance is at least the difference in length: skip what cannot be within the threshold, so
            // a 100,000-character name costs one pass, not 100,000 × length per candidate.
            let other = Array(folded)
            guard abs(other.count - key.count) <= threshold else { continue }
            best.append((editDistance(key, other), suggestion))
        }
        var seen = Set<String>()
        return best.filter { $0.distance <= threshold }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .compactMap { seen.insert($0.name).inserted ? $0.name : nil }
            .prefix(limit).map { $0 }
    }

    /// Up to `limit` of `names` closest to `name` (see `suggestions(for:keys:limit:)`).
    public static func suggestions(for name: String, among names: [String], limit: Int = 3) -> [String] {
        suggestions(for: name, keys: names.lazy.map { (key: fold($0), name: $0) }.filter { !$0.key.isEmpty }, limit: limit)
    }

    /// Levenshtein distance.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
