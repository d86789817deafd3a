import Foundation
import PipeQLanguage

/// The string tests that are not plain byte comparisons (`icontains`, `like`, `ilike`, `matches`), compiled once
/// per evaluation and run once per dictionary entry.
struct TextPattern {
    private let test: (String) -> Bool

    init(_ kind: StringMatch, _ pattern: String) {
        switch kind {
        case .icontains:
            let needle = pattern.lowercased()
            // Every text holds the empty text (String.contains("") says false).
            test = { needle.isEmpty || $0.lowercased().contains(needle) }
        case .like, .ilike:
            let fold = kind == .ilike
            let parts = Self.likeParts(fold ? pattern.lowercased() : pattern)
            test = { Self.like(Array(fold ? $0.lowercased() : $0), parts) }
        case .matches:
            if let regex = try? NSRegularExpression(pattern: pattern) {
                test = { s in regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }
            } else {
                test = { _ in false }
            }
        case .contains: test = { pattern.isEmpty || $0.contains(pattern) }
        case .startsWith: test = { $0.hasPrefix(pattern) }
        case .endsWith: test = { $0.hasSuffix(pattern) }
        }
    }

    func matches(_ s: String) -> Bool { test(s) }

    /// What is wrong with a regular expression, or nil when NSRegularExpression takes it.
    static func regexProblem(_ pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return nil
        } catch {
            return "\"\(pattern)\" does not compile (check brackets, parentheses and escapes)"
        }
    }

    /// A LIKE pattern's pieces: literal characters, `_` (any one) and `%` (any run). `\` escapes the next character.
    enum LikePart: Equatable {
        case char(Character)
        case one, any
    }

    static func likeParts(_ pattern: String) -> [LikePart] {
        var parts: [LikePart] = []
        var escaped = false
        for ch in pattern {
            if escaped {
                parts.append(.char(ch))
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "%": if parts.last != .any { parts.append(.any) }
            case "_": parts.append(.one)
            default: parts.append(.char(ch))
            }
        }
        if escaped { parts.append(.char("\\")) }
        return parts
    }

    /// Whole-string LIKE match, greedy with backtracking to the last `%` (linear for the usual patterns).
    static func like(_ s: [Character], _ p: [LikePart]) -> Bool {
        var i = 0
        var j = 0
        var star = -1
        var mark = 0
        while i < s.count {
            if j < p.count, p[j] == .one || p[j] == .char(s[i]) {
                i += 1
                j += 1
            } else if j < p.count, p[j] == .any {
                star = j
                mark = i
                j += 1
            } else if star >= 0 {
                j = star + 1
                mark += 1
                i = mark
            } else {
                return false
            }
        }
        while j < p.count, p[j] == .any { j += 1 }
        return j == p.count
    }
}
