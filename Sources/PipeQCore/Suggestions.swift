/// "Did you mean" candidates for misspelt names.
public enum Suggestions {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().utf8)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().utf8))
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(1, min(3, (target.count + 1) / 3))
        if distance <= limit { return candidate }
        // A prefix the user started typing ("val" for "value") is a good guess too.
        if target.count >= 3, candidate.lowercased().hasPrefix(name.lowercased()) { return candidate }
        return nil
    }

    /// Formats a hint like `did you mean "value"?`, or nil.
    public static func hint(for name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean \"\($0)\"?" }
    }

    /// Damerau-free Levenshtein distance over bytes.
    public static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
